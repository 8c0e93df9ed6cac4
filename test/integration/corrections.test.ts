import { expect, fixtureCleanup } from '@open-wc/testing';
import type { XmppChat } from '../../src/index.js';
import { getByRole, pressKey, waitFor } from '../helpers/dom.js';
import { registerUser } from '../helpers/server.js';
import { mountWidget } from '../helpers/widget.js';

// XEP-0308 against Prosody: ↑ in an empty composer edits our last message; the other side sees it replaced,
// marked edited, and so does a reload.

function windowOf(widget: XmppChat): ShadowRoot {
  return widget.shadowRoot!.querySelector('xmpp-chat-window')!.shadowRoot!;
}

describe('corrections (XEP-0308)', function () {
  this.timeout(40_000);
  afterEach(() => fixtureCleanup());

  it('↑ edits the last message; the contact sees it replaced and edited, once, after a reload too', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    a.store.openChat(bob.jid);
    await a.store.sendMessage(bob.jid, 'see you at 5');
    await waitFor(() => b.store.state.conversations[alice.jid]?.messages.length === 1, { what: 'the message at Bob' });

    const composer = (await waitFor(() => getByRole(windowOf(a), 'textbox', 'Message'))) as HTMLTextAreaElement;
    composer.focus();
    pressKey(composer, 'ArrowUp');
    await waitFor(() => composer.value === 'see you at 5', { what: 'the last message in the composer' });
    expect(getByRole(windowOf(a), 'status').textContent).to.include('Editing');
    composer.value = 'see you at 6';
    pressKey(composer, 'Enter');

    await waitFor(() => b.store.state.conversations[alice.jid].messages[0].body === 'see you at 6', { what: 'the correction at Bob' });
    expect(b.store.state.conversations[alice.jid].messages).to.have.length(1);
    expect(a.store.state.conversations[bob.jid].messages.map((m) => m.body)).to.deep.equal(['see you at 6']);
    b.store.openChat(alice.jid);
    await waitFor(() => windowOf(b).querySelector('.edited')?.textContent === 'edited', { what: '"edited" at Bob' });

    // A reload keeps it (IndexedDB).
    b.remove();
    const again = await mountWidget(bob);
    again.store.openChat(alice.jid);
    await waitFor(() => again.store.state.conversations[alice.jid]?.messages[0]?.body === 'see you at 6', { what: 'the correction after a reload' });
    expect(again.store.state.conversations[alice.jid].messages[0].payloads?.corrections).to.deep.equal({ edited: true });
  });
});
