import { expect } from '@open-wc/testing';
import type { XmppChat } from '../../src/index.js';
import { getByRole, waitFor } from '../helpers/dom.js';
import { registerUser } from '../helpers/server.js';
import { mountWidget } from '../helpers/widget.js';

function log(widget: XmppChat): HTMLElement {
  return getByRole(widget.shadowRoot!, 'log', 'Messages');
}

function shown(widget: XmppChat): string[] {
  return [...log(widget).querySelectorAll('article .body')].map((p) => p.textContent ?? '');
}

describe('<xmpp-chat-window> with a long conversation', function () {
  this.timeout(60_000);

  it('keeps at most 150 messages in the DOM, and stays navigable by keyboard through older and newer ones', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    const total = 320;
    for (let i = 1; i <= total; i++) await b.store.sendMessage(alice.jid, `n${i}`);
    await waitFor(() => a.store.state.conversations[bob.jid]?.messages.length === total, { timeout: 30_000, what: 'all messages' });
    // What the log shows, and what the window and the store hold, for a failure to say.
    const state = () => {
      const el = log(a);
      const view = a.shadowRoot!.querySelector('xmpp-chat-window');
      return `shown ${shown(a).length} (${shown(a)[0]}…${shown(a).at(-1)}), scroll ${el.scrollTop}/${el.scrollHeight} in ${el.clientHeight}, active ${a.store.state.activeChat === bob.jid}, following ${a.store.state.following}, ${view ? 'window' : 'no window'}`;
    };
    await waitFor(() => shown(a).at(-1) === `n${total}`, { what: 'the newest shown' }).catch((error: Error) => {
      throw new Error(`${error.message}: ${state()}`, { cause: error });
    });
    expect(shown(a)).to.have.length(150);
    expect(shown(a)[0]).to.equal(`n${total - 149}`);

    // The log is one Tab stop with a name; the button above the messages reveals older ones.
    expect(log(a).getAttribute('tabindex')).to.equal('0');
    const older = getByRole(log(a), 'button', 'Show older messages');
    older.focus();
    older.click();
    await waitFor(() => shown(a)[0] === `n${total - 179}`, { what: 'older messages shown' });
    expect(shown(a).length).to.be.at.most(150);
    expect(a.shadowRoot!.querySelector('xmpp-chat-window')!.shadowRoot!.activeElement).to.equal(older);

    // Scrolling to the bottom brings the newest back and follows them again.
    const el = log(a);
    for (let guard = 0; guard < 10 && shown(a).at(-1) !== `n${total}`; guard++) {
      el.scrollTop = el.scrollHeight;
      el.dispatchEvent(new Event('scroll'));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(shown(a).at(-1)).to.equal(`n${total}`);
    await b.store.sendMessage(alice.jid, 'newest');
    await waitFor(() => shown(a).at(-1) === 'newest', { what: 'following the newest again' });
    expect(shown(a).length).to.be.at.most(150);
  });
});
