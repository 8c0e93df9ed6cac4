import { expect, fixture, html } from '@open-wc/testing';
import type { XmppChat } from '../../src/index.js';
import { allByRole, getByRole, waitFor } from '../helpers/dom.js';
import { registerUser, testService } from '../helpers/server.js';
import { installSocketSpy, type SocketSpy } from '../helpers/socket-spy.js';
import { mountWidget, waitForState } from '../helpers/widget.js';

describe('a dropped connection', function () {
  this.timeout(40_000);
  let spy: SocketSpy;
  beforeEach(() => {
    spy = installSocketSpy();
  });
  afterEach(() => spy.uninstall());

  it('shows that it is offline and when it retries, resumes the stream by itself, and delivers what was sent meanwhile', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const a = await mountWidget(alice);
    await spy.waitForReceived(/<enabled[^>]*resume=["'](true|1)["']/);

    expect(spy.dropAll(), 'sockets dropped').to.equal(1);
    await waitFor(() => getByRole(a.shadowRoot!, 'status', /Offline: retrying in 1 s/), { what: 'the retry countdown' });
    expect(a.getAttribute('state')).to.equal('connecting');
    // bob signs in after the drop, so only alice's connection was cut.
    const b = await mountWidget(bob);
    await b.store.sendMessage(alice.jid, 'sent while alice was away');

    await waitForState(a, 'online', 20_000);
    expect(spy.sent().some((frame) => frame.startsWith('<resume'))).to.equal(true);
    await waitFor(
      () => [...getByRole(a.shadowRoot!, 'log', 'Messages').querySelectorAll('.body')].some((p) => p.textContent === 'sent while alice was away'),
      { what: 'the message sent during the gap' },
    );
    expect(allByRole(a.shadowRoot!, 'status', /Offline|Reconnecting/)).to.have.length(0);
  });

  it('two widgets on one page are independent accounts', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const { service } = testService();
    const page = await fixture<HTMLElement>(html`<div>
      <xmpp-chat id="w-alice" service=${service} jid=${alice.jid} password=${alice.password}></xmpp-chat>
      <xmpp-chat id="w-bob" service=${service} jid=${bob.jid} password=${bob.password}></xmpp-chat>
      <xmpp-presence-badge for="w-alice" jid=${bob.jid}></xmpp-presence-badge>
    </div>`);
    const [a, b] = [...page.querySelectorAll('xmpp-chat')] as XmppChat[];
    await Promise.all([waitForState(a, 'online'), waitForState(b, 'online')]);
    expect(a.store).not.to.equal(b.store);
    await a.store.sendMessage(bob.jid, 'only in two conversations');
    await waitFor(() => b.store.state.conversations[alice.jid]?.messages.length === 1);
    expect(Object.keys(a.store.state.conversations)).to.deep.equal([bob.jid]);
    getByRole(b.shadowRoot!, 'button', 'Sign out').click();
    await waitForState(b, 'offline');
    expect(a.getAttribute('state')).to.equal('online');
    expect(a.store.state.conversations[bob.jid].messages).to.have.length(1);
    expect(b.store.state.conversations).to.deep.equal({});
  });
});
