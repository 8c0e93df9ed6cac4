import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { XmppChat } from '../../src/index.js';
import { getByRole, typeInto, waitFor } from '../helpers/dom.js';
import { registerUser, testService } from '../helpers/server.js';
import { installSocketSpy, type SocketSpy } from '../helpers/socket-spy.js';
import { mountWidget, waitForState } from '../helpers/widget.js';

describe('signing in against Prosody', function () {
  this.timeout(30_000);
  let spy: SocketSpy;
  beforeEach(() => {
    spy = installSocketSpy();
  });
  afterEach(() => spy.uninstall());

  it('authenticates with SCRAM, never PLAIN, and reflects state="online"', async () => {
    const user = await registerUser('scram');
    const widget = await mountWidget(user);
    const auth = spy.sent().find((frame) => frame.startsWith('<auth'));
    expect(auth, 'the <auth> element sent').to.match(/mechanism=["']SCRAM-SHA-(1|256)["']/);
    expect(spy.sent().some((frame) => /mechanism=["']PLAIN["']/.test(frame))).to.equal(false);
    expect(widget.getAttribute('state')).to.equal('online');
  });

  it('signs in with a non-ASCII password through SCRAM', async () => {
    const user = await registerUser('unicode', 'pässwörd✓');
    const widget = await mountWidget(user);
    expect(widget.getAttribute('state')).to.equal('online');
    expect(spy.sent().find((frame) => frame.startsWith('<auth'))).to.match(/SCRAM-SHA/);
  });

  it('a wrong password given by attributes leaves state="error", an alert, and the form', async () => {
    const user = await registerUser('wrongattr');
    const widget = await mountWidget({ ...user, password: 'not-the-password' }, { waitOnline: false });
    await waitForState(widget, 'error');
    const alert = await waitFor(() => getByRole(widget.shadowRoot!, 'alert'));
    expect(alert.textContent).to.match(/password/i);
    const address = getByRole(widget.shadowRoot!, 'textbox', 'Address') as HTMLInputElement;
    expect(address.value).to.equal(user.jid);
    expect(getByRole(widget.shadowRoot!, 'button', 'Sign in')).to.exist;
  });

  it('signing in from attributes shows a status, then the chat while the roster is on its way', async () => {
    const user = await registerUser('shell');
    const roster = spy.hold((frame) => frame.startsWith('<iq') && frame.includes('jabber:iq:roster'));
    const widget = await mountWidget(user, { waitOnline: false });
    const root = widget.shadowRoot!;
    expect(getByRole(root, 'status', 'Signing in…')).to.exist;
    expect(() => getByRole(root, 'button', 'Sign in'), 'no form while the page signs in').to.throw();

    await roster.held;
    const contacts = root.querySelector('xmpp-roster')!.shadowRoot!;
    await waitFor(() => contacts.textContent!.includes('Loading contacts…'), { what: 'the roster waiting for its contacts' });
    expect(widget.getAttribute('state')).to.equal('connecting');
    expect(getByRole(root, 'region', `Chat as ${user.jid}`)).to.exist;

    roster.release();
    await waitForState(widget, 'online');
    await waitFor(() => contacts.textContent!.includes('No contacts yet.'), { what: 'an empty roster' });
  });

  it('a wrong password typed into the form keeps the form; the right one then signs in', async () => {
    const user = await registerUser('wrongform');
    const widget = await fixture<XmppChat>(html`<xmpp-chat service=${testService().service}></xmpp-chat>`);
    const root = widget.shadowRoot!;
    expect(widget.getAttribute('state')).to.equal('offline');
    typeInto(getByRole(root, 'textbox', 'Address'), user.jid);
    typeInto(getByRole(root, 'textbox', 'Password'), 'wrong');
    getByRole(root, 'button', 'Sign in').click();
    await waitForState(widget, 'error');
    expect(getByRole(root, 'alert').textContent).to.match(/password/i);
    expect((getByRole(root, 'textbox', 'Address') as HTMLInputElement).value).to.equal(user.jid);

    typeInto(getByRole(root, 'textbox', 'Password'), user.password);
    getByRole(root, 'button', 'Sign in').click();
    await waitForState(widget, 'online');
    expect(() => getByRole(root, 'alert')).to.throw();
  });

  it('an unreachable server shows a clear message and a Retry that tries again', async () => {
    const user = await registerUser('unreach');
    // Port 9 (discard) on loopback: nothing listens there.
    const widget = await fixture<XmppChat>(
      html`<xmpp-chat service="ws://127.0.0.1:9/xmpp-websocket" jid=${user.jid} password=${user.password}></xmpp-chat>`,
    );
    await waitForState(widget, 'error');
    const alert = getByRole(widget.shadowRoot!, 'alert');
    expect(alert.textContent).to.match(/cannot be reached/i);
    const socketsBefore = spy.sockets().length;
    getByRole(alert, 'button', 'Retry').click();
    await waitFor(() => spy.sockets().length > socketsBefore, { what: 'a new connection attempt' });
    await waitForState(widget, 'error');
  });

  it('refuses a server that cannot prove it knows the password (a forged SCRAM <success/>)', async () => {
    spy.uninstall();
    const Native = window.WebSocket;
    // A man in the middle who lets authentication through but cannot compute the server signature.
    class Tampering extends Native {
      override addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions) {
        if (type !== 'message' || typeof listener !== 'function') return super.addEventListener(type, listener, options);
        super.addEventListener(type, (event: Event) => {
          const data = String((event as MessageEvent).data);
          const forged = data.replace(/(<success[^>]*>)[^<]*(<\/success>)/, `$1${btoa('v=AAAAAAAAAAAAAAAAAAAAAAAAAAA=')}$2`);
          listener.call(this, forged === data ? event : new MessageEvent('message', { data: forged }));
        }, options);
      }
    }
    window.WebSocket = Tampering;
    try {
      const user = await registerUser('mitm');
      const widget = await mountWidget(user, { waitOnline: false });
      await waitForState(widget, 'error');
      expect(getByRole(widget.shadowRoot!, 'alert').textContent).to.match(/could not prove/i);
    } finally {
      window.WebSocket = Native;
    }
  });

  it('fires xmpp-connect when online and xmpp-disconnect on sign-out', async () => {
    const user = await registerUser('events');
    const { service } = testService();
    const events: string[] = [];
    const widget = await fixture<XmppChat>(html`<xmpp-chat
      service=${service}
      @xmpp-connect=${(e: Event) => events.push(`${e.type}:${(e as unknown as { jid: string }).jid.split('/')[0]}`)}
      @xmpp-disconnect=${(e: Event) => events.push(`${e.type}:${(e as unknown as { reason: string }).reason}`)}
    ></xmpp-chat>`);
    widget.jid = user.jid;
    widget.password = user.password;
    await waitForState(widget, 'online');
    await waitFor(() => events.length >= 1);
    getByRole(widget.shadowRoot!, 'button', 'Sign out').click();
    await waitForState(widget, 'offline');
    await waitFor(() => events.length >= 2);
    expect(events).to.deep.equal([`xmpp-connect:${user.jid}`, 'xmpp-disconnect:signed-out']);
    expect(getByRole(widget.shadowRoot!, 'button', 'Sign in')).to.exist;
  });
});
