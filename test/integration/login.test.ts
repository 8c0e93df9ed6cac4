import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { XmppChat } from '../../src/index.js';
import { allByRole, getByRole, typeInto, waitFor } from '../helpers/dom.js';
import { registerUser, testService } from '../helpers/server.js';
import { installSocketSpy, type SocketSpy } from '../helpers/socket-spy.js';
import { mountWidget, signInForm, waitForState } from '../helpers/widget.js';

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
    await signInForm(widget);
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
    await signInForm(widget);
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

  it('an unreachable server is tried again by itself, with backoff, until it answers', async () => {
    const user = await registerUser('unreach');
    spy.refuseNew(true);
    const widget = await mountWidget(user, { waitOnline: false });
    const root = widget.shadowRoot!;
    const status = await waitFor(() => getByRole(root, 'status', /Offline: retrying in \d+ s/), { what: 'the offline countdown' });
    expect(widget.getAttribute('state')).to.equal('connecting');
    expect(getByRole(status, 'button', 'Retry now')).to.exist;
    expect(() => getByRole(root, 'alert'), 'no error: nothing is wrong with the sign-in').to.throw();
    // The first retry comes within a second, the next within two more: backoff with jitter.
    await waitFor(() => spy.sockets().length >= 3, { what: 'two retries by themselves', timeout: 5_000 });
    spy.refuseNew(false);
    await waitForState(widget, 'online', 10_000);
    expect(allByRole(root, 'status', /Offline/)).to.have.length(0);
  });

  it('Retry now, the network coming back and the page becoming visible each try at once', async () => {
    const user = await registerUser('retrynow');
    spy.refuseNew(true);
    const widget = await mountWidget(user, { waitOnline: false });
    const root = widget.shadowRoot!;
    for (const [how, tryNow] of [
      ['Retry now', () => getByRole(root, 'button', 'Retry now').click()],
      ['online', () => window.dispatchEvent(new Event('online'))],
      ['visible', () => (widget.store.setPageVisible(false), widget.store.setPageVisible(true))],
    ] as const) {
      // Wait until the backoff has grown past what this check allows, so only the trigger can explain a socket.
      await waitFor(() => (widget.store.state.connection.retryAt ?? 0) - Date.now() > 1_500, { what: `a long wait before ${how}`, timeout: 20_000 });
      await widget.updateComplete;
      const before = spy.sockets().length;
      tryNow();
      await waitFor(() => spy.sockets().length > before, { what: `an attempt at once after ${how}`, timeout: 1_000 });
    }
    spy.refuseNew(false);
    (await waitFor(() => getByRole(root, 'button', 'Retry now'))).click();
    await waitForState(widget, 'online', 3_000);
  });

  it('a refused password stops: no retries', async () => {
    const user = await registerUser('noretry');
    const widget = await mountWidget({ ...user, password: 'wrong' }, { waitOnline: false });
    await waitForState(widget, 'error');
    const sockets = spy.sockets().length;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(spy.sockets().length).to.equal(sockets);
    expect(widget.getAttribute('state')).to.equal('error');
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
    expect(await signInForm(widget)).to.exist;
  });
});
