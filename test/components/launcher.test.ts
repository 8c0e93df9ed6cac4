import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../src/components/launcher/index.js';
import { XmppChatLauncher } from '../../src/components/launcher/index.js';
import { accessibleName, getByRole, waitFor } from '../helpers/dom.js';
import { escapeXml, rawClient, registerUser, testService } from '../helpers/server.js';

// The loader's <xmpp-chat mode="launcher">: a button that opens a non-modal dialog, loads the full widget
// only when needed, counts unread messages in its name, and keeps what is called before the widget is here.

function parts(launcher: XmppChatLauncher) {
  const root = launcher.shadowRoot!;
  return {
    button: root.querySelector<HTMLButtonElement>('button.launcher')!,
    panel: root.querySelector<HTMLElement>('[role="dialog"]'),
  };
}

function overlaps(a: DOMRect, b: DOMRect): boolean {
  return a.right > b.left && a.left < b.right && a.bottom > b.top && a.top < b.bottom;
}

describe('<xmpp-chat mode="launcher"> (the loader)', () => {
  beforeEach(() => {
    sessionStorage.clear();
    localStorage.clear();
  });
  afterEach(async () => {
    fixtureCleanup();
    await setViewport({ width: 800, height: 600 });
  });

  it('is a named button with a closed panel, and fetches nothing until asked', async () => {
    const launcher = await fixture<XmppChatLauncher>(html`<xmpp-chat mode="launcher"></xmpp-chat>`);
    const { button, panel } = parts(launcher);
    expect(accessibleName(button)).to.equal('Chat');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(panel!.hidden).to.equal(true);
    expect(launcher.store).to.equal(undefined);
    // Fixed in its corner: the page's layout does not move for it.
    expect(getComputedStyle(button).position).to.equal('fixed');
    const box = button.getBoundingClientRect();
    expect(innerWidth - box.right).to.be.within(8, 40);
    expect(innerHeight - box.bottom).to.be.within(8, 40);
  });

  it('loads the widget as a head start when its button gets focus', async () => {
    const launcher = await fixture<XmppChatLauncher>(html`<xmpp-chat mode="launcher"></xmpp-chat>`);
    parts(launcher).button.focus();
    await waitFor(() => launcher.store, { what: 'the widget loaded on focus' });
    expect(parts(launcher).panel!.hidden).to.equal(true);
  });

  it('opens a labelled, non-modal dialog with focus inside; Esc closes it and focus returns to the button', async () => {
    const launcher = await fixture<XmppChatLauncher>(html`<xmpp-chat mode="launcher" title="Support"></xmpp-chat>`);
    const events: string[] = [];
    launcher.addEventListener('xmpp-open', () => events.push('open'));
    launcher.addEventListener('xmpp-close', () => events.push('close'));
    const { button, panel } = parts(launcher);
    button.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => launcher.store && !panel!.hidden, { what: 'the panel open' });
    expect(panel!.getAttribute('aria-modal')).to.equal('false');
    expect(accessibleName(panel!)).to.equal('Support');
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    // Without an account the widget shows its sign-in form: focus is in the panel.
    await waitFor(() => panel!.contains(launcher.shadowRoot!.activeElement) && launcher.shadowRoot!.activeElement !== button, {
      what: 'focus inside the panel',
    });
    await sendKeys({ press: 'Escape' });
    expect(panel!.hidden).to.equal(true);
    expect(launcher.shadowRoot!.activeElement).to.equal(button);
    expect(events).to.deep.equal(['open', 'close']);
    // The close button closes too.
    await launcher.open();
    getByRole(panel!, 'button', 'Close chat').click();
    expect(panel!.hidden).to.equal(true);
  });

  it('says so when the widget cannot be fetched (offline), and fetches it on the next open', async () => {
    const loadWidget = XmppChatLauncher.loadWidget;
    let fail = true;
    XmppChatLauncher.loadWidget = () => (fail ? Promise.reject(new TypeError('Failed to fetch')) : loadWidget());
    try {
      const launcher = await fixture<XmppChatLauncher>(html`<xmpp-chat mode="launcher"></xmpp-chat>`);
      await launcher.open();
      const { panel } = parts(launcher);
      expect(getByRole(panel!, 'status').textContent).to.equal('Could not load the chat. Check the connection and try again.');
      expect(launcher.store).to.equal(undefined);
      launcher.close();
      fail = false;
      await launcher.open();
      expect(launcher.store).to.not.equal(undefined);
      await waitFor(() => getByRole(panel!, 'button', 'Sign in'), { what: 'the widget in the panel' });
    } finally {
      XmppChatLauncher.loadWidget = loadWidget;
    }
  });

  it('fills the viewport below 640 px', async () => {
    await setViewport({ width: 360, height: 640 });
    const launcher = await fixture<XmppChatLauncher>(html`<xmpp-chat mode="launcher"></xmpp-chat>`);
    await launcher.open();
    const { panel } = parts(launcher);
    await Promise.all(panel!.getAnimations().map((animation) => animation.finished));
    const box = panel!.getBoundingClientRect();
    expect([box.left, box.top, box.width, box.height]).to.deep.equal([0, 0, 360, 640]);
  });

  it('fills its container in page mode, and is a box in the page inline', async () => {
    const page = await fixture<HTMLElement>(html`<div style="block-size: 500px; display: flex; flex-direction: column">
      <xmpp-chat mode="page" style="flex: 1"></xmpp-chat>
    </div>`);
    const chat = page.querySelector('xmpp-chat') as unknown as XmppChatLauncher;
    await waitFor(() => chat.store, { what: 'the widget, loaded at once' });
    const widget = chat.shadowRoot!.querySelector<HTMLElement>('xmpp-chat-client')!;
    await waitFor(() => Math.round(widget.getBoundingClientRect().height) === 500, { what: `the widget 500 px tall (${widget.getBoundingClientRect().height})` });
    expect(chat.shadowRoot!.querySelector('button.launcher')).to.equal(null);
    fixtureCleanup();
    const inline = await fixture<XmppChatLauncher>(html`<xmpp-chat></xmpp-chat>`);
    await waitFor(() => inline.store, { what: 'the inline widget, loaded at once' });
    expect(inline.isOpen).to.equal(true);
    expect(getComputedStyle(inline as unknown as HTMLElement).position).to.equal('static');
  });

  it('sits on the left with position="left", and picks black or white text for the brand colour', async () => {
    const launcher = await fixture<XmppChatLauncher>(
      html`<xmpp-chat mode="launcher" position="left" style="--xmpp-color-accent: #ffd60a"></xmpp-chat>`,
    );
    const { button } = parts(launcher);
    expect(button.getBoundingClientRect().left).to.be.below(40);
    expect(getComputedStyle(button).color).to.be.oneOf(['lch(0 0 0)', 'rgb(0, 0, 0)']);
    launcher.style.setProperty('--xmpp-color-accent', '#1b3a8c');
    expect(getComputedStyle(button).color).to.be.oneOf(['lch(100 0 0)', 'rgb(255, 255, 255)']);
  });

  it('never covers the element that has focus (WCAG 2.4.11)', async () => {
    const page = await fixture<HTMLElement>(html`<div>
      <button style="position: fixed; right: 24px; bottom: 24px; width: 80px; height: 40px">Page action</button>
      <xmpp-chat mode="launcher"></xmpp-chat>
    </div>`);
    const target = page.querySelector('button')!;
    const launcher = page.querySelector('xmpp-chat') as unknown as XmppChatLauncher;
    const { button } = parts(launcher);
    expect(overlaps(target.getBoundingClientRect(), button.getBoundingClientRect()), 'covered before focus').to.equal(true);
    target.focus();
    expect(overlaps(target.getBoundingClientRect(), button.getBoundingClientRect()), 'covered with focus').to.equal(false);
  });

  it('queues what is called before the widget has loaded', async () => {
    const launcher = await fixture<XmppChatLauncher>(html`<xmpp-chat mode="launcher"></xmpp-chat>`);
    const set = launcher.setUser({ nick: 'Ada', email: 'ada@example.org' });
    expect(launcher.store).to.equal(undefined);
    await set;
    const widget = launcher.shadowRoot!.querySelector('xmpp-chat-client') as unknown as { user: unknown };
    expect(widget.user).to.deep.equal({ nick: 'Ada', email: 'ada@example.org' });
  });

  it('counts unread messages in its name and badge, sends through its API, and comes back open on the next page', async function () {
    this.timeout(30_000);
    const [me, peer] = await Promise.all([registerUser('launch'), registerUser('peer')]);
    const { service } = testService();
    const launcher = await fixture<XmppChatLauncher>(
      html`<xmpp-chat mode="launcher" service=${service} jid=${me.jid} password=${me.password} to=${peer.jid}></xmpp-chat>`,
    );
    const counts: number[] = [];
    launcher.addEventListener('xmpp-unread-change', (event) => counts.push(event.detail.count));
    // Sent before the widget exists: it loads, signs in, and the message goes out.
    const other = await rawClient(peer);
    const received: string[] = [];
    const sent = launcher.send('Hello from the page');
    await sent;
    await waitFor(() => launcher.store?.state.connection.state === 'online', { what: 'online' });
    await waitFor(() => launcher.store!.state.conversations[peer.jid]?.messages.some((m) => m.body === 'Hello from the page' && m.state !== 'sending'), {
      what: 'the queued message sent',
    });
    received.push('sent');
    for (const body of ['one', 'two']) {
      other.send(`<message xmlns="jabber:client" type="chat" to="${escapeXml(me.jid)}" id="${body}"><body>${body}</body></message>`);
    }
    const { button } = parts(launcher);
    await waitFor(() => accessibleName(button) === 'Chat, 2 unread messages', { what: 'two unread in the name' });
    expect(launcher.unreadCount).to.equal(2);
    expect(launcher.shadowRoot!.querySelector('.badge')!.textContent).to.equal('2');
    // The conversation opened by itself, unseen: read once the panel shows it.
    expect(launcher.store!.state.activeChat).to.equal(peer.jid);
    await launcher.open();
    await waitFor(() => launcher.unreadCount === 0, { what: 'read once the panel is open' });
    expect(accessibleName(button)).to.equal('Chat');
    expect(counts).to.deep.equal([1, 2, 0]);
    // The next page of the site: the panel comes back open, before the user does anything.
    launcher.store!.suspend();
    fixtureCleanup();
    const next = await fixture<XmppChatLauncher>(
      html`<xmpp-chat mode="launcher" service=${service} jid=${me.jid} password=${me.password} to=${peer.jid}></xmpp-chat>`,
    );
    expect(next.isOpen).to.equal(true);
    expect(parts(next).panel!.hidden).to.equal(false);
    await waitFor(() => next.store?.state.connection.state === 'online', { what: 'online on the next page' });
    await other.close();
  });
});
