import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { XmppChat, XmppPresenceBadge } from '../../src/index.js';
import { getByRole, waitFor } from '../helpers/dom.js';
import { registerUser, testService } from '../helpers/server.js';
import { befriend, mountWidget, signInForm } from '../helpers/widget.js';

describe('accessibility (axe) of every element', function () {
  this.timeout(40_000);

  it('<xmpp-chat> signed out: the sign-in form', async () => {
    const el = await fixture<XmppChat>(html`<xmpp-chat service=${testService().service}></xmpp-chat>`);
    await signInForm(el);
    await expect(el).shadowDom.to.be.accessible();
    expect(getByRole(el.shadowRoot!, 'textbox', 'Address')).to.exist;
    expect(getByRole(el.shadowRoot!, 'textbox', 'Password')).to.exist;
  });

  it('<xmpp-chat>, <xmpp-roster> and <xmpp-chat-window> signed in, with a contact, a request and messages', async () => {
    const [alice, bob, carol] = await Promise.all([registerUser('alice'), registerUser('bob'), registerUser('carol')]);
    const [a, b, c] = await Promise.all([mountWidget(alice), mountWidget(bob), mountWidget(carol)]);
    await befriend(a, b, bob.jid, alice.jid);
    await c.store.act('roster-editing', { type: 'add', address: alice.jid });
    await b.store.sendMessage(alice.jid, 'Hello <b>there</b>');
    await waitFor(() => getByRole(a.shadowRoot!, 'list', 'Requests'));
    await waitFor(() => a.store.state.conversations[bob.jid]);
    await expect(a).shadowDom.to.be.accessible();
    const roster = a.shadowRoot!.querySelector('xmpp-roster')!;
    await expect(roster).shadowDom.to.be.accessible();
    const chatWindow = a.shadowRoot!.querySelector('xmpp-chat-window')!;
    await expect(chatWindow).shadowDom.to.be.accessible();
  });

  it('<xmpp-presence-badge> on its own', async () => {
    const el = await fixture<XmppPresenceBadge>(html`<xmpp-presence-badge availability="away"></xmpp-presence-badge>`);
    await expect(el).shadowDom.to.be.accessible();
    expect(el.shadowRoot!.textContent).to.include('away');
  });
});

describe('<xmpp-presence-badge> on the host page', function () {
  this.timeout(40_000);

  it('reads the widget named by `for`, and the one it sits in', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const { service } = testService();
    const page = await fixture<HTMLElement>(html`<div>
      <p>Bob is <xmpp-presence-badge id="outside" for="badge-alice" jid=${bob.jid}></xmpp-presence-badge></p>
      <xmpp-chat id="badge-alice" service=${service} jid=${alice.jid} password=${alice.password}>
        <xmpp-presence-badge id="inside" jid=${bob.jid}></xmpp-presence-badge>
      </xmpp-chat>
    </div>`);
    const outside = page.querySelector<XmppPresenceBadge>('#outside')!;
    const inside = page.querySelector<XmppPresenceBadge>('#inside')!;
    const a = page.querySelector<XmppChat>('xmpp-chat')!;
    await waitFor(() => a.getAttribute('state') === 'online');
    expect(outside.shadowRoot!.textContent).to.include('offline');
    expect(inside.shadowRoot!.textContent).to.include('offline');
    const b = await mountWidget(bob);
    await befriend(a, b, bob.jid, alice.jid);
    await waitFor(() => outside.shadowRoot!.textContent!.includes('online'), { what: 'outside badge online' });
    await waitFor(() => inside.shadowRoot!.textContent!.includes('online'), { what: 'inside badge online' });
    await b.store.setPresence('busy', 'Deep work');
    await waitFor(() => outside.shadowRoot!.textContent!.includes('busy'), { what: 'outside badge busy' });
    expect(outside.shadowRoot!.querySelector('[part=label]')!.getAttribute('title')).to.equal('Deep work');
    await waitFor(() => inside.shadowRoot!.textContent!.includes('busy'), { what: 'inside badge busy' });
  });
});
