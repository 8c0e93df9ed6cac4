import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import type { ConnectionState } from '../model/types.js';
import { ChatStore, type StoreEvent } from '../store/chat-store.js';
import { nameOf } from '../store/state.js';
import { STORE } from './context.js';
import { XmppConnectEvent, XmppDisconnectEvent, XmppMessageReceiveEvent } from './events.js';
import { msg } from './msg.js';
import { StoreController } from './store-controller.js';
import { tokens } from './tokens.js';
import './xmpp-chat-window.js';
import './xmpp-roster.js';


/**
 * A complete chat client for one XMPP account: sign-in, contacts, presence and conversations.
 * Without `jid` and `password` it shows a sign-in form.
 *
 * @tag xmpp-chat
 * @attr service - WebSocket URL of the XMPP server (RFC 7395), e.g. `wss://example.org/xmpp-websocket`.
 * @attr jid - Address to sign in as at once (with `password`).
 * @attr password - Password for `jid`.
 * @attr chat-states - `off`: never tell contacts that we are typing (XEP-0085). Theirs are still shown.
 * @attr state - Reflects the connection: `offline`, `connecting`, `online` or `error`. Read-only.
 * @slot - Anything to show below the widget, such as `<xmpp-presence-badge>` elements reading its store.
 * @event {XmppConnectEvent} xmpp-connect - Online, after sign-in or after a resumed connection.
 * @event {XmppDisconnectEvent} xmpp-disconnect - Offline: signed out, connection lost, or sign-in failed.
 * @event {XmppMessageReceiveEvent} xmpp-message-receive - A chat message arrived.
 * @csspart frame - The widget's box.
 * @csspart header - The bar with the account, status and sign-out.
 * @csspart roster - The `<xmpp-roster>`.
 * @csspart chat-window - The `<xmpp-chat-window>`.
 * @csspart login - The sign-in form.
 * @csspart requests - Re-exported from `<xmpp-roster>`: the subscription requests.
 * @csspart contacts - Re-exported from `<xmpp-roster>`: the contact list.
 * @csspart contact - Re-exported from `<xmpp-roster>`: one contact's button.
 * @csspart unread - Re-exported from `<xmpp-roster>`: a contact's unread count.
 * @csspart chat-header - The `header` part of `<xmpp-chat-window>`.
 * @csspart log - Re-exported from `<xmpp-chat-window>`: the message log.
 * @csspart message - Re-exported from `<xmpp-chat-window>`: one message.
 * @csspart composer - Re-exported from `<xmpp-chat-window>`: the message form.
 * @cssproperty [--xmpp-chat-height=32rem] - Height of the widget.
 * @cssproperty [--xmpp-chat-roster-width=15rem] - Width of the contact list on wide screens.
 * @cssproperty [--xmpp-color-accent=#2a63c9] - Accent colour (buttons, own messages).
 * @cssproperty [--xmpp-color-accent-text] - Text on the accent colour; by default black or white, whichever reads better on it.
 * @cssproperty [--xmpp-color-background=#ffffff] - Background.
 * @cssproperty [--xmpp-color-surface=#f4f5f7] - Background of panels.
 * @cssproperty [--xmpp-color-text=#1d2330] - Text colour.
 * @cssproperty [--xmpp-color-border=#d9dce3] - Colour of dividing lines.
 * @cssproperty [--xmpp-color-control-border=#7a8191] - Edge of fields and buttons (keep 3:1 against the background).
 * @cssproperty [--xmpp-color-danger=#b3261e] - Errors and messages that were not sent.
 * @cssproperty [--xmpp-color-muted=#5b6475] - Secondary text.
 * @cssproperty [--xmpp-radius=8px] - Corner radius.
 * @cssproperty [--xmpp-font=system-ui] - Font family.
 */
export class XmppChat extends LitElement {
  static override properties = {
    service: { type: String },
    jid: { type: String },
    password: { type: String },
    state: { type: String, reflect: true },
    chatStates: { attribute: 'chat-states' },

  };

  static override styles = [
    tokens,
    css`
      :host {
        display: block;
        block-size: var(--xmpp-chat-height, 32rem);
        container-type: inline-size;
      }
      .frame {
        block-size: 100%;
        display: flex;
        flex-direction: column;
        background: var(--_bg);
        overflow: hidden;
      }
      /* In a launcher's panel, the panel is the frame. */
      :host(:not([embedding='launcher'])) .frame {
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      .banner {
        margin: 0;
        padding: 0.45rem 0.75rem;
        font-size: 0.9rem;
        display: flex;
        gap: 0.75rem;
        align-items: center;
      }
      .banner[hidden] {
        display: none;
      }
      .banner.info {
        background: color-mix(in srgb, var(--_away) 18%, var(--_bg));
      }
      .panes {
        flex: 1;
        min-block-size: 0;
        display: grid;
        grid-template-columns: var(--xmpp-chat-roster-width, 15rem) 1fr;
      }
      xmpp-roster {
        border-inline-end: 1px solid var(--_border);
      }
      /* Narrow: one pane at a time, the contacts or the open conversation (with a way back). */
      @container (max-width: 34rem) {
        .panes {
          grid-template-columns: 1fr;
        }
        xmpp-roster {
          border-inline-end: 0;
        }
        .panes.chat-open xmpp-roster,
        .panes:not(.chat-open) xmpp-chat-window {
          display: none;
        }
      }
      .signing-in {
        margin: auto;
        color: var(--_muted);
      }
      .error-text {
        color: var(--_danger);
        margin: auto;
        padding: 1rem;
      }
    `,
  ];

  declare service: string;
  declare jid: string;
  declare password: string;
  /** The connection state, reflected as an attribute for styling and tests. */
  declare state: ConnectionState;
  declare chatStates: string | null;

  /** This widget's store: its state and actions. Each `<xmpp-chat>` has its own. */
  readonly store = new ChatStore();
  readonly [STORE] = this.store;

  readonly #connection = new StoreController(this, (s) => s.connection);
  readonly #chatOpen = new StoreController(this, (s) => s.activeChat !== null);
  readonly #storageProblem = new StoreController(this, (s) => s.storage.problem);
  readonly #hasHistory = new StoreController(this, (s) => s.roster.contacts.length > 0 || Object.keys(s.conversations).length > 0);

  #formAddress = '';
  /** Signing in with the page's `jid` and `password`: no form to show until that fails. */
  #signingInFromAttributes = false;
  #offEvents: (() => void) | undefined;
  /** Where focus goes once the sign-in form or the chat has replaced the other, after the user's own action. */
  #focusNext: 'chat' | 'form' | null = null;
  /** Redraws the retry countdown once a second while there is one. */
  #ticker: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.service = '';
    this.jid = '';
    this.password = '';
    this.state = 'offline';
  }

  override connectedCallback() {
    super.connectedCallback();
    this.#offEvents ??= this.store.onEvent((event) => this.#forward(event));
    window.addEventListener('pagehide', this.#onPageHide);
    window.addEventListener('online', this.#onOnline);
    document.addEventListener('visibilitychange', this.#onVisibilityChange);
    this.#onVisibilityChange();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this.#onPageHide);
    window.removeEventListener('online', this.#onOnline);
    clearInterval(this.#ticker);
    this.#ticker = undefined;
    document.removeEventListener('visibilitychange', this.#onVisibilityChange);
    // Moving the element within the page disconnects and reconnects it at once: only a real removal counts.
    queueMicrotask(() => {
      if (this.isConnected) return;
      this.#offEvents?.();
      this.#offEvents = undefined;
      // Removed, as by a single-page app changing views: leave the stream for the next widget to resume.
      this.store.suspend();
    });
  }

  // A reload or a navigation: keep the stream on the server so the next page resumes it (XEP-0198).
  readonly #onPageHide = () => this.store.suspend();

  // The browser has a network again: no need to sit out the backoff.
  readonly #onOnline = () => this.store.retryNow();

  readonly #onVisibilityChange = () => this.store.setPageVisible(document.visibilityState !== 'hidden');

  protected override willUpdate(changed: PropertyValues<this>) {
    const connection = this.#connection.value;
    if (connection) this.state = connection.state;
    if (changed.has('chatStates')) this.store.silenced[this.chatStates === 'off' ? 'add' : 'delete']('chat-states');
    if ((changed.has('jid') || changed.has('password') || changed.has('service')) && this.jid && this.password) {
      this.#formAddress = this.jid;
      this.#signingInFromAttributes = true;
      void this.store.signIn({ service: this.service, jid: this.jid, password: this.password });
    }
  }

  protected override updated() {
    // The form and the chat replace each other: focus moves to the first control of what appeared.
    const next = this.renderRoot.querySelector<HTMLElement>(this.#focusNext === 'chat' ? 'xmpp-account-bar' : 'xmpp-sign-in');
    if (this.#focusNext && next) {
      this.#focusNext = null;
      // Both come in chunks of their own: focus once defined and drawn.
      void customElements.whenDefined(next.localName).then(() => (next as LitElement).updateComplete).then(() => next.focus());
    }
    const counting = this.isConnected && (this.#connection.value?.retryAt ?? null) !== null;
    if (counting && this.#ticker === undefined) this.#ticker = setInterval(() => this.requestUpdate(), 1000);
    if (!counting && this.#ticker !== undefined) {
      clearInterval(this.#ticker);
      this.#ticker = undefined;
    }
  }

  /** Says `text` through the quiet status region, once, even if the same words came just before. */
  #announce(text: string) {
    const region = this.renderRoot.querySelector('.announcer');
    if (!region) return;
    region.textContent = '';
    requestAnimationFrame(() => (region.textContent = text));
  }

  #forward(event: StoreEvent) {
    switch (event.type) {
      case 'connect':
        this.dispatchEvent(new XmppConnectEvent(event.jid, event.resumed));
        break;
      case 'disconnect':
        this.dispatchEvent(new XmppDisconnectEvent(event.reason));
        break;
      case 'message-receive':
        this.dispatchEvent(new XmppMessageReceiveEvent(event.message));
        // The open conversation's log speaks for itself; others would arrive unheard.
        if (event.message.peer !== this.store.state.activeChat) {
          this.#announce(msg('New message from {name}', { name: nameOf(this.store.state, event.message.peer) }));
        }
        break;
      case 'message-state': {
        const name = nameOf(this.store.state, event.message.peer);
        const words = { delivered: 'Message to {name} delivered', displayed: 'Message to {name} seen', failed: 'Message to {name} not sent' };
        this.#announce(msg(words[event.state], { name }));
        break;
      }
    }
  }

  async #signIn(event: CustomEvent<{ address: string; password: string }>) {
    const { address, password } = event.detail;
    this.#focusNext = 'chat';
    this.#formAddress = address;
    this.#signingInFromAttributes = false;
    await this.store.signIn({ service: this.service, jid: address, password });
    if (this.store.state.connection.state === 'error') this.#focusNext = null;
  }

  #signOut(forget: boolean) {
    this.#focusNext = 'form';
    void this.store.signOut({ forget });
  }

  // Focus follows the user's choice of contact, never an incoming message: that would steal the host page's focus.
  #onContactSelect() {
    void this.renderRoot.querySelector('xmpp-chat-window')?.focusComposer();
  }

  // Back from a conversation on a narrow screen: focus returns to the contact list.
  async #onChatBack() {
    this.store.closeChat();
    await this.updateComplete;
    await this.renderRoot.querySelector('xmpp-roster')?.focusList();
  }

  /** The sign-in form, from its own chunk; if that cannot be fetched, why, and a way to try again. */
  #renderLogin() {
    if (this.#signInFailed) {
      return html`<p class="error-text" role="alert">
        ${msg('Could not load this part of the chat. Check the connection and try again.')}
        <button @click=${() => ((this.#signInFailed = false), this.requestUpdate())}>${msg('Retry')}</button>
      </p>`;
    }
    import('./sign-in.js').catch(() => ((this.#signInFailed = true), this.requestUpdate()));
    return html`<xmpp-sign-in part="login" .address=${this.#formAddress} @xmpp-sign-in=${this.#signIn}></xmpp-sign-in>`;
  }

  #signInFailed = false;

  /** The account bar, from its own chunk (fetched as the sign-in starts); empty until it is here. */
  #renderBar() {
    return html`<xmpp-account-bar part="header" @xmpp-sign-out=${(e: CustomEvent<{ forget: boolean }>) => this.#signOut(e.detail.forget)}></xmpp-account-bar>`;
  }

  #renderStorageNotice() {
    const problem = this.#storageProblem.value;
    if (!problem) return nothing;
    if (!this.#notices) {
      import('./notices.js').then((notices) => ((this.#notices = notices), this.requestUpdate()), () => undefined);
    }
    return html`<p class="banner info storage" role="status">
      ${msg(this.#notices?.storageNotice(problem) ?? 'History is not kept on this device for now.')}
    </p>`;
  }

  #notices: typeof import('./notices.js') | undefined;

  override render() {
    const connection = this.#connection.value;
    if (!connection) return nothing;
    const { state, problem, reconnecting, retryAt } = connection;
    if (state !== 'offline') import('./account-bar.js').catch(() => undefined);
    // Trying to reach a server that could not be reached: waiting for the next attempt, or making it.
    const retrying = state === 'connecting' && problem?.kind === 'unreachable';
    const offline = reconnecting || retrying;
    const seconds = retryAt === null ? 0 : Math.ceil((retryAt - Date.now()) / 1000);
    // What this device remembers is on screen at once, while connecting and while the server is away.
    const remembered = Boolean(this.#hasHistory.value) && state === 'connecting';
    const signedIn = state === 'online' || connection.bound || reconnecting || remembered;
    const label = signedIn ? msg('Chat as {jid}', { jid: connection.jid.split('/')[0] }) : msg('Chat');
    return html`<div part="frame" class="frame" role="region" aria-label=${label}>
      ${signedIn ? this.#renderBar() : nothing}
      <div class="banner info" role="status" ?hidden=${!offline}>
        ${offline
          ? html`<span class="visually-hidden">${msg('The connection is down; the chat reconnects by itself.')}</span>
              <span role="timer" aria-live="off">${seconds > 0 ? msg('Offline: retrying in {seconds} s', { seconds }) : msg('Reconnecting…')}</span>
              ${seconds > 0 ? html`<button @click=${() => this.store.retryNow()}>${msg('Retry now')}</button>` : nothing}`
          : nothing}
      </div>
      ${this.#renderStorageNotice()}
      ${signedIn
        ? html`<div class="panes ${this.#chatOpen.value ? 'chat-open' : ''}" @xmpp-contact-select=${this.#onContactSelect}
            @xmpp-chat-back=${this.#onChatBack}>
            <xmpp-roster part="roster" exportparts="requests, contacts, contact, unread"></xmpp-roster>
            <xmpp-chat-window part="chat-window" exportparts="header: chat-header, log, message, composer"></xmpp-chat-window>
          </div>`
        : state === 'connecting' && this.#signingInFromAttributes
          ? html`<p class="signing-in" role="status">${msg('Signing in…')}</p>`
          : this.#renderLogin()}
      <slot></slot>
      <div class="announcer visually-hidden" role="status"></div>
    </div>`;
  }
}
