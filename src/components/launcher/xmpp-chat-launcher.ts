import type { XmppChat } from '../xmpp-chat.js';
import { msg } from '../msg.js';
import { unreadTotal } from '../../store/state.js';
import { launcherStyles } from './styles.js';

/** The full widget's module: `dist/xmpp-chat.js` beside the loader (see vite.config.ts), `src/index.ts` in development. */
export type WidgetModule = typeof import('../../index.js');

/** The user a site already knows, handed to the chat so the visitor need not type it again. */
export interface ChatUser {
  nick?: string;
  email?: string;
}

/** `xmpp-unread-change`: the number of unread messages changed; the count is in `detail` and `unreadCount`. */
export type XmppUnreadChangeEvent = CustomEvent<{ count: number }>;

type Mode = 'inline' | 'launcher' | 'page';
type Queued = (widget: XmppChat) => unknown;

const INNER_TAG = 'xmpp-chat-client';
/** Attributes that shape the shell; every other attribute is the widget's and is handed on to it. */
const OWN_ATTRIBUTES = new Set(['mode', 'position', 'class', 'style', 'id', 'hidden', 'state', 'title']);
const SVG = 'http://www.w3.org/2000/svg';
// sessionStorage: per tab, like the stream it goes with; localStorage: this device has a conversation going.
const OPEN_KEY = 'xmpp-chat:launcher:open';
const ACTIVE_KEY = 'xmpp-chat:launcher:active';

function stored(storage: () => Storage, key: string, value?: string | null): string | null {
  try {
    if (value === null) storage().removeItem(key);
    else if (value !== undefined) storage().setItem(key, value);
    return storage().getItem(key);
  } catch {
    // Blocked storage: the panel starts closed and the widget loads on first use, which loses nothing.
    return null;
  }
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function icon(path: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const shape = document.createElementNS(SVG, 'path');
  shape.setAttribute('d', path);
  svg.append(shape);
  return svg;
}

const CHAT_ICON = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z';
const CLOSE_ICON = 'M6 6l12 12M18 6L6 18';

/**
 * The chat for any page, from a loader of a few kilobytes: `dist/xmpp-chat-launcher.js` defines this element
 * as `<xmpp-chat>` and fetches the full widget only when it is needed. As a launcher, that is on the first
 * open, on hover or focus of the button (a head start), or at once when this device already has a
 * conversation going (so the unread badge is right).
 *
 * @tag xmpp-chat
 * @attr {'inline'|'launcher'|'page'} mode - `inline` (default): a box in the page's flow. `launcher`: a round
 *   button in a corner that opens the chat in a panel. `page`: fills its container (an agent console, a
 *   full-page chat).
 * @attr {'right'|'left'} position - The launcher's corner, at the bottom (default `right`).
 * @attr title - The panel's heading (default "Chat"); a visitor's chat also names the desk with it.
 * @attr service - WebSocket URL of the XMPP server (RFC 7395). This and every attribute below is handed to the
 *   widget inside, and changes are handed on as they happen.
 * @attr jid - Address to sign in as at once (with `password`); without them, a sign-in form (or, with
 *   `visitor`, the visitor's own account).
 * @attr password - Password for `jid`.
 * @attr chat-states - `off`: never tell contacts that we are typing (XEP-0085).
 * @attr visitor - Support desk, visitor's side: the host on which the widget registers this device's visitor
 *   account (XEP-0077), e.g. `visitors.example.org`. Needs `to`. No roster: one conversation with the desk.
 * @attr to - The desk's address (a visitor's one conversation); for any chat, where `send()` writes when no
 *   conversation is open.
 * @attr prechat - Fields of the pre-chat form a visitor fills before the first message, of `name email consent`
 *   (none: no form). They reach the agent as a XEP-0004 form with that message.
 * @attr replies-within - Shown to visitors while no agent is online: "Usually replies within {replies-within}".
 * @attr agent - Support desk, agent's side (with `mode="page"`, `jid` and `password` of the desk's account): the
 *   agent console, and the agent's name that signs each reply.
 * @fires {CustomEvent} xmpp-open - The launcher's panel opened.
 * @fires {CustomEvent} xmpp-close - The launcher's panel closed.
 * @fires {XmppUnreadChangeEvent} xmpp-unread-change - The unread count changed (`detail.count`).
 * @csspart launcher - The round button.
 * @csspart badge - The unread count on the button.
 * @csspart panel - The launcher's panel (a non-modal dialog).
 * @cssproperty [--xmpp-color-accent=#2a63c9] - Brand colour: the button, the panel's bar, own messages.
 *   Text on it is black or white, whichever reads better, unless `--xmpp-color-accent-text` is set.
 * @cssproperty [--xmpp-radius=8px] - Corner radius.
 * @cssproperty [--xmpp-font=system-ui] - Font family.
 * @cssproperty [--xmpp-launcher-offset=1.25rem] - Distance of the button from the corner.
 */
export class XmppChatLauncher extends HTMLElement {
  static readonly observedAttributes = ['mode', 'position', 'title'];

  /** Where the widget's module comes from; set by the loader's entry. */
  static loadWidget: () => Promise<WidgetModule> = () => import('../../index.js');

  readonly #root: ShadowRoot;
  readonly #button = element('button', { part: 'launcher', class: 'launcher', type: 'button', 'aria-expanded': 'false' });
  readonly #badge = element('span', { part: 'badge', class: 'badge', 'aria-hidden': 'true', hidden: '' });
  readonly #panel = element('div', { part: 'panel', class: 'panel', role: 'dialog', hidden: '' });
  readonly #heading = element('h2', { class: 'heading' });
  readonly #body = element('div', { class: 'body' });
  readonly #status = element('p', { class: 'status', role: 'status' });
  #widget: XmppChat | null = null;
  #loading: Promise<XmppChat | null> | null = null;
  #queue: Queued[] = [];
  #open = false;
  #unread = 0;
  /** What localStorage says of a conversation going on (read once, written only when it changes). */
  #active: boolean | null = null;
  /** The state #watch last looked at. */
  #watched: { conversations: unknown; connection: unknown } | null = null;
  readonly #forwarder = new MutationObserver((records) => {
    for (const { attributeName } of records) if (attributeName) this.#forward(attributeName);
  });

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = [launcherStyles()];
    this.#heading.id = 'heading';
    this.#panel.id = 'panel';
    this.#panel.setAttribute('aria-labelledby', 'heading');
    this.#panel.setAttribute('aria-modal', 'false');
    this.#button.setAttribute('aria-controls', 'panel');
    const close = element('button', { class: 'close', type: 'button', 'aria-label': msg('Close chat') });
    close.append(icon(CLOSE_ICON));
    close.addEventListener('click', () => this.close());
    const bar = element('div', { class: 'bar' });
    bar.append(this.#heading, close);
    this.#panel.append(bar, this.#body);
    this.#panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !event.defaultPrevented && this.#mode === 'launcher') {
        event.stopPropagation();
        this.close();
      }
    });
    this.#button.append(icon(CHAT_ICON), this.#badge);
    this.#button.addEventListener('click', () => this.toggle());
    // A head start: the widget is fetched while the pointer or focus is on its way to a click.
    for (const type of ['pointerenter', 'focus']) this.#button.addEventListener(type, () => void this.#load());
    this.#label();
  }

  connectedCallback() {
    this.#forwarder.observe(this, { attributes: true });
    document.addEventListener('focusin', this.#keepFocusVisible);
    this.#render();
    const launcher = this.#mode === 'launcher';
    // The panel comes back open on the site's next page; a conversation going on makes the badge count.
    if (!launcher || stored(() => sessionStorage, OPEN_KEY) === '1') void this.open(false);
    else if (stored(() => localStorage, ACTIVE_KEY)) void this.#load();
  }

  disconnectedCallback() {
    this.#forwarder.disconnect();
    document.removeEventListener('focusin', this.#keepFocusVisible);
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#render();
  }

  get #mode(): Mode {
    const mode = this.getAttribute('mode');
    return mode === 'launcher' || mode === 'page' ? mode : 'inline';
  }

  /** Unread messages in this chat, across its conversations. */
  get unreadCount(): number {
    return this.#unread;
  }

  /** True while the launcher's panel is open (always, for `inline` and `page`). */
  get isOpen(): boolean {
    return this.#open;
  }

  /** The full widget's store once it has loaded, else undefined: for tools and tests that read its state. */
  get store(): XmppChat['store'] | undefined {
    return this.#widget?.store;
  }

  /** Opens the launcher's panel, loading the widget if it is not here yet, and moves focus into it. */
  async open(focus = true): Promise<void> {
    if (!this.#open) {
      this.#open = true;
      if (this.#mode === 'launcher') stored(() => sessionStorage, OPEN_KEY, '1');
      this.#render();
      this.dispatchEvent(new CustomEvent('xmpp-open', { bubbles: true, composed: true }));
    }
    const widget = await this.#load();
    if (!widget || !this.#open) return;
    if (focus) {
      await widget.updateComplete;
      widget.focus();
      // A widget that has nothing to focus yet (still signing in): the panel's own close button.
      if (!this.#root.activeElement || this.#root.activeElement === this.#button) this.#panel.querySelector<HTMLElement>('.close')?.focus();
    }
  }

  /** Closes the launcher's panel and gives focus back to its button. */
  close(): void {
    if (!this.#open || this.#mode !== 'launcher') return;
    const hadFocus = this.#panel.matches(':focus-within') || this.contains(document.activeElement);
    this.#open = false;
    stored(() => sessionStorage, OPEN_KEY, null);
    this.#render();
    if (hadFocus) this.#button.focus();
    this.dispatchEvent(new CustomEvent('xmpp-close', { bubbles: true, composed: true }));
  }

  toggle(): void {
    if (this.#open) this.close();
    else void this.open();
  }

  /**
   * Sends `body` to the conversation of `to` (or the open one): kept in the outbox until the server has it.
   * Called before the widget has loaded, it waits for it, and loads it.
   */
  send(body: string): Promise<unknown> {
    return this.#call(async (widget) => {
      const to = widget.store.state.activeChat ?? this.getAttribute('to');
      if (!to) throw new Error('xmpp-chat: send() needs an open conversation or a `to` attribute');
      if (await widget.store.sendMessage(to, body)) throw new Error('xmpp-chat: the message is too long');
    });
  }

  /** What the site knows of its user: the nick fills the visitor's name, and both fill the pre-chat form. */
  setUser(user: ChatUser): Promise<unknown> {
    const copy = { ...user };
    return this.#call((widget) => ((widget as XmppChat & { user?: ChatUser }).user = copy));
  }

  #call(work: Queued): Promise<unknown> {
    if (this.#widget) return Promise.resolve(work(this.#widget));
    return new Promise((resolve, reject) => {
      this.#queue.push((widget) => {
        try {
          resolve(work(widget));
        } catch (error) {
          reject(error);
        }
      });
      void this.#load();
    });
  }

  /** The full widget, fetched once; a failed fetch (offline) says so in the panel and is tried again on the next use. */
  #load(): Promise<XmppChat | null> {
    this.#loading ??= XmppChatLauncher.loadWidget().then(
      async (module) => {
        // A support desk's visitor or agent gets its own element; anyone else the full chat.
        const desk = this.hasAttribute('visitor') ? 'visitor' : this.hasAttribute('agent') ? 'agent' : null;
        const elements = desk && (await module.loadSupportDesk());
        const tag = desk ? `${INNER_TAG}-${desk}` : INNER_TAG;
        const Widget = !elements ? module.XmppChat : desk === 'visitor' ? elements.XmppVisitorChat : elements.XmppAgentConsole;
        if (!customElements.get(tag)) customElements.define(tag, class extends Widget {});
        const widget = document.createElement(tag) as XmppChat;
        for (const { name } of this.attributes) this.#forward(name, widget);
        this.#widget = widget;
        widget.store.subscribe(() => this.#watch());
        this.#render();
        // Its first update starts the sign-in: what was queued comes after, as if called on a loaded widget.
        await widget.updateComplete;
        for (const work of this.#queue.splice(0)) work(widget);
        this.#watch();
        return widget;
      },
      () => {
        this.#loading = null;
        this.#status.textContent = msg('Could not load the chat. Check the connection and try again.');
        return null;
      },
    );
    if (!this.#widget) this.#status.textContent = msg('Loading the chat…');
    return this.#loading;
  }

  #forward(name: string, widget = this.#widget) {
    if (!widget || OWN_ATTRIBUTES.has(name)) return;
    const value = this.getAttribute(name);
    if (value === null) widget.removeAttribute(name);
    else widget.setAttribute(name, value);
  }

  /** After every change of the widget's state: the unread count, and what the next page load needs to know. */
  #watch() {
    const { state } = this.#widget!.store;
    // Presence, typing and the rest change neither the count nor the conversations: nothing to do.
    if (state.conversations === this.#watched?.conversations && state.connection === this.#watched.connection) return;
    this.#watched = state;
    // Every change of the store comes here (each message, each frame of presence): storage only on a change.
    const active = Object.keys(state.conversations).length > 0 && state.connection.state !== 'offline';
    this.#active ??= Boolean(stored(() => localStorage, ACTIVE_KEY));
    if (active !== this.#active) {
      this.#active = active;
      stored(() => localStorage, ACTIVE_KEY, active ? '1' : null);
    }
    const count = unreadTotal(state);
    if (count === this.#unread) return;
    this.#unread = count;
    this.#label();
    this.dispatchEvent(new CustomEvent('xmpp-unread-change', { bubbles: true, composed: true, detail: { count } }));
  }

  #label() {
    const count = this.#unread;
    this.#badge.textContent = count > 99 ? '99+' : String(count);
    this.#badge.hidden = count === 0;
    this.#button.setAttribute(
      'aria-label',
      count === 0 ? msg('Chat') : count === 1 ? msg('Chat, 1 unread message') : msg('Chat, {count} unread messages', { count }),
    );
  }

  #render() {
    const mode = this.#mode;
    const launcher = mode === 'launcher';
    if (!launcher) this.#open = true;
    this.#heading.textContent = this.getAttribute('title') || msg('Chat');
    this.#button.setAttribute('aria-expanded', String(this.#open));
    this.#panel.hidden = !this.#open;
    const widget = this.#widget;
    const content = widget ?? this.#status;
    // A closed panel shows nothing: what arrives counts as unread until it is opened again.
    widget?.store.setShown(this.#open);
    widget?.setAttribute('embedding', mode);
    // Inline and page show the widget itself; the launcher wraps it in its button and panel. Nodes move only
    // when they must: moving the widget disconnects and reconnects it.
    const wanted = launcher ? [this.#button, this.#panel] : [content];
    if (launcher && content.parentNode !== this.#body) this.#body.replaceChildren(content);
    if (wanted.some((node, i) => this.#root.children[i] !== node) || this.#root.children.length !== wanted.length) this.#root.replaceChildren(...wanted);
    if (!launcher || !this.#open) return;
    void this.#load();
  }

  /**
   * WCAG 2.4.11: the fixed button must not hide what has focus on the page. The page scrolls the focused
   * element clear of it where it can; where it cannot (the very end of the page), the button moves aside.
   */
  readonly #keepFocusVisible = (event: FocusEvent) => {
    if (this.#mode !== 'launcher' || this.#open) return;
    const target = event.target as Element | null;
    if (!target || target === this || this.contains(target)) return;
    this.#button.classList.remove('dodge');
    const covered = () => {
      const a = target.getBoundingClientRect();
      const b = this.#button.getBoundingClientRect();
      return a.right > b.left && a.left < b.right && a.bottom > b.top && a.top < b.bottom;
    };
    if (!covered()) return;
    const before = scrollY;
    scrollBy({ top: this.#button.getBoundingClientRect().height + 24, behavior: 'instant' });
    if (scrollY !== before && !covered()) return;
    if (scrollY !== before) scrollTo({ top: before, behavior: 'instant' });
    // The other corner, until focus moves on.
    this.#button.classList.add('dodge');
  };
}

declare global {
  interface HTMLElementEventMap {
    'xmpp-open': CustomEvent;
    'xmpp-close': CustomEvent;
    'xmpp-unread-change': XmppUnreadChangeEvent;
  }
}
