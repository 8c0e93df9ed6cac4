import { fixture, html } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import '../../src/index.js';
import type { XmppChat } from '../../src/index.js';
import { expectAccessible } from '../helpers/axe.js';
import { getByRole, typeInto, waitFor } from '../helpers/dom.js';
import { registerUser, testService, type TestUser } from '../helpers/server.js';
import { installSocketSpy, type SocketSpy } from '../helpers/socket-spy.js';
import { befriend, mountWidget, signInForm, waitForState } from '../helpers/widget.js';

// WCAG 2.2 AA, checked by axe-core in every state a person meets, in light and in dark mode: 0 violations.

function chatWindow(widget: XmppChat): ShadowRoot {
  return widget.shadowRoot!.querySelector('xmpp-chat-window')!.shadowRoot!;
}

describe('WCAG 2.2 AA in every state, light and dark (axe-core)', function () {
  this.timeout(60_000);
  let spy: SocketSpy;
  beforeEach(() => {
    spy = installSocketSpy();
  });
  afterEach(async () => {
    spy.uninstall();
    await setViewport({ width: 800, height: 600 });
    await emulateMedia({ colorScheme: 'light' });
  });

  it('sign-in form, and its error', async () => {
    const user = await registerUser('form');
    const widget = await fixture<XmppChat>(html`<xmpp-chat service=${testService().service}></xmpp-chat>`);
    await signInForm(widget);
    await expectAccessible(widget, 'the sign-in form');
    const root = widget.shadowRoot!;
    typeInto(getByRole(root, 'textbox', 'Address'), user.jid);
    typeInto(getByRole(root, 'textbox', 'Password'), 'wrong');
    getByRole(root, 'button', 'Sign in').click();
    await waitForState(widget, 'error');
    await expectAccessible(widget, 'a refused sign-in');
  });

  it('offline, retrying', async () => {
    const user = await registerUser('offline');
    spy.refuseNew(true);
    const widget = await mountWidget(user, { waitOnline: false });
    await waitFor(() => getByRole(widget.shadowRoot!, 'button', 'Retry now'));
    await expectAccessible(widget, 'the offline banner');
  });

  async function conversationWithEveryState(): Promise<{ widget: XmppChat; bob: TestUser }> {
    const [alice, bob, carol] = await Promise.all([registerUser('alice'), registerUser('bob'), registerUser('carol')]);
    const [a, b, c] = await Promise.all([mountWidget(alice), mountWidget(bob), mountWidget(carol)]);
    await befriend(a, b, bob.jid, alice.jid);
    // Bob's widget out of sight: his client confirms delivery, and nobody there has seen it yet.
    b.store.setShown(false);
    await c.store.act('roster-editing', { type: 'add', address: alice.jid });
    await waitFor(() => getByRole(a.shadowRoot!, 'list', 'Requests'));
    getByRole(a.shadowRoot!, 'list', 'Contacts').querySelector<HTMLButtonElement>('button.contact')!.click();
    await a.store.sendMessage(bob.jid, 'delivered one');
    await waitFor(() => chatWindow(a).querySelector('.state.delivered'), { what: 'Delivered' });
    await b.store.sendMessage(alice.jid, 'Hello <b>there</b>');
    const nobody = `nobody-${Date.now()}@${testService().domain}`;
    await a.store.sendMessage(nobody, 'into the void');
    await waitFor(() => a.store.state.conversations[nobody]?.messages[0]?.state === 'failed', { what: 'a failed message' });
    // The network goes: the next one stays "Sending…" in the outbox.
    spy.refuseNew(true);
    spy.dropAll();
    await a.store.sendMessage(bob.jid, 'sending one');
    return { widget: a, bob };
  }

  it('signed in: roster with a request, a conversation with sending, sent, delivered and failed messages', async () => {
    const { widget } = await conversationWithEveryState();
    const log = getByRole(widget.shadowRoot!, 'log', 'Messages');
    await waitFor(() => log.textContent!.includes('Sending…') && log.textContent!.includes('Delivered'), { what: 'sending and delivered' });
    await expectAccessible(widget, 'roster and conversation');
    const failed = Object.keys(widget.store.state.conversations).find((jid) => jid.startsWith('nobody-'))!;
    widget.store.openChat(failed);
    await waitFor(() => getByRole(widget.shadowRoot!, 'button', 'Retry'));
    await expectAccessible(widget, 'a failed message');
  });

  it('narrow screen (360 px)', async () => {
    await setViewport({ width: 360, height: 640 });
    const { widget } = await conversationWithEveryState();
    await expectAccessible(widget, 'narrow, conversation open');
  });
});
