import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { renderBody } from '../features/registry.js';
import type { ChatMessage, MessageState } from '../model/types.js';
import { MAX_OUTGOING_BODY } from '../store/chat-store.js';
import { nameOf, type ChatState, type Conversation } from '../store/state.js';
import { msg } from './msg.js';
import { StoreController } from './store-controller.js';
import { tokens } from './tokens.js';
import './xmpp-presence-badge.js';

/** Within this many pixels of the bottom, the log counts as "following" the newest message. */
const FOLLOW_SLACK_PX = 48;
const EMPTY: readonly ChatMessage[] = [];

/** Within this many pixels of the top, scrolling asks for older messages. */
const LOAD_OLDER_SLACK_PX = 120;
/**
 * At most this many messages are in the DOM, however long the conversation: scrolling moves the window
 * through the loaded history, a step at a time.
 */
const WINDOW_SIZE = 150;
const WINDOW_STEP = 30;

const STATE_WORDS: Record<MessageState, string> = {
  sending: 'Sending…',
  sent: 'Sent',
  delivered: 'Delivered',
  failed: 'Not sent',
  received: '',
};

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

// A message's times, written once: every render of the log draws each of its messages again, and formatting
// dates was the largest part of that while paging back through thousands of messages.
const times = new WeakMap<ChatMessage, readonly [iso: string, short: string, full: string]>();
function timesOf(message: ChatMessage) {
  let written = times.get(message);
  if (!written) {
    const when = new Date(message.timestamp);
    times.set(message, (written = [when.toISOString(), timeFormat.format(when), fullFormat.format(when)]));
  }
  return written;
}

function peerName(state: ChatState): string {
  return state.activeChat ? nameOf(state, state.activeChat) : '';
}

/**
 * The open conversation: its messages, and a box to write the next one. Enter sends, Shift+Enter adds a
 * new line. The log follows the newest message unless the user has scrolled up.
 *
 * @tag xmpp-chat-window
 * @csspart header - The bar naming the other side.
 * @csspart log - The scrolling list of messages.
 * @csspart message - One message.
 * @csspart typing - The line that says the contact is typing.
 * @csspart composer - The form with the message box and the Send button.
 * @cssproperty [--xmpp-chat-window-bubble-in=var(--xmpp-color-surface)] - Background of received messages.
 * @cssproperty [--xmpp-chat-window-bubble-out=#dfe9ff] - Background of sent messages.
 */
export class XmppChatWindow extends LitElement {
  static override styles = [
    tokens,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-block-size: 0;
        min-inline-size: 0;
        background: var(--_bg);
      }
      .header {
        display: flex;
        align-items: center;
        gap: 0.6rem;
        padding: 0.6rem 0.9rem;
        border-block-end: 1px solid var(--_border);
      }
      .back {
        display: none;
        padding: 0.2em 0.6em;
      }
      /* The widget's own width (its container), not the page's: the contacts are hidden only then. */
      @container (max-width: 34rem) {
        .back {
          display: inline-block;
        }
      }
      h2 {
        font-size: 1rem;
        margin: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .log {
        flex: 1;
        overflow-y: auto;
        padding: 0.75rem 0.9rem;
        display: flex;
        flex-direction: column;
        gap: 0.5rem;
      }
      .message {
        max-inline-size: 80%;
        align-self: flex-start;
        background: var(--xmpp-chat-window-bubble-in, var(--_surface));
        border-radius: var(--_radius);
        padding: 0.4rem 0.65rem;
      }
      .message.out {
        align-self: flex-end;
        background: var(--xmpp-chat-window-bubble-out, color-mix(in srgb, var(--_accent) 16%, var(--_bg)));
      }
      .meta {
        display: flex;
        gap: 0.5rem;
        font-size: 0.75rem;
        color: var(--_muted);
      }
      .sender {
        font-weight: 600;
      }
      .body {
        margin: 0.15rem 0 0;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        unicode-bidi: plaintext;
        max-block-size: 24em;
        overflow-y: auto;
      }
      .state {
        margin-inline-start: auto;
      }

      .state.failed,
      .error {
        color: var(--_danger);
      }
      .message.failed {
        outline: 1px solid var(--_danger);
      }
      .failure {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        font-size: 0.8rem;
        margin-block-start: 0.25rem;
      }
      .failure button {
        padding: 0.1em 0.6em;
      }
      .older {
        align-self: center;
        font-size: 0.8rem;
        color: var(--_muted);
      }
      .error {
        margin: 0;
        padding: 0 0.9rem 0.4rem;
        font-size: 0.85rem;
      }
      .placeholder {
        margin: auto;
        color: var(--_muted);
        text-align: center;
        padding: 1rem;
      }
      form {
        display: flex;
        gap: 0.5rem;
        padding: 0.6rem 0.9rem;
        border-block-start: 1px solid var(--_border);
      }
      textarea {
        flex: 1;
        resize: none;
        min-block-size: 2.4em;
        max-block-size: 8em;
        field-sizing: content;
      }
    `,
  ];

  readonly #peer = new StoreController(this, (s) => s.activeChat);
  readonly #peerName = new StoreController(this, peerName);
  readonly #conversation = new StoreController(this, (s): Conversation | undefined =>
    s.activeChat ? s.conversations[s.activeChat] : undefined,
  );
  readonly #online = new StoreController(this, (s) => s.connection.state === 'online');
  #following = true;
  #renderedPeer: string | null | undefined;
  /** The messages shown, by order (inclusive); null: the newest WINDOW_SIZE. */
  #window: { from: number; to: number } | null = null;
  /** The first message in view and its distance from the top, to keep it in place when the window moves. */
  #anchor: { key: string; offset: number } | null = null;
  #error = '';
  /** Older messages are being added above. */
  #paging = false;
  #olderHadFocus = false;

  
  #log(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('.log');
  }

  #onScroll(event: Event) {
    const log = event.currentTarget as HTMLElement;
    const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight <= FOLLOW_SLACK_PX;
    if (nearBottom && this.#window) this.#showNewer();
    this.#following = nearBottom && !this.#window;
    if (log.scrollTop <= LOAD_OLDER_SLACK_PX) void this.#showOlder();
  }

  /** Indices [from, to) of the messages in the window. */
  #range(messages: readonly ChatMessage[]): [number, number] {
    const window = this.#window;
    if (!window) return [Math.max(0, messages.length - WINDOW_SIZE), messages.length];
    const from = messages.findIndex((m) => m.order >= window.from);
    const to = messages.findLastIndex((m) => m.order <= window.to) + 1;
    return from < 0 ? [0, 0] : [from, Math.max(from, to)];
  }

  #setWindow(messages: readonly ChatMessage[], from: number, to: number) {
    this.#window = to >= messages.length ? null : { from: messages[from].order, to: messages[to - 1].order };
    if (this.#window) this.#following = false;
    this.requestUpdate();
  }

  /**
   * Earlier messages: from those loaded, else from this device or the server's archive. The log is busy
   * meanwhile, so screen readers do not read a page of old messages as if they were new.
   */
  async #showOlder() {
    if (this.#paging) return;
    this.#paging = true;
    this.requestUpdate();
    try {
      await this.#pageBack();
      await this.updateComplete;
      await new Promise(requestAnimationFrame);
    } finally {
      this.#paging = false;
      this.requestUpdate();
    }
  }

  async #pageBack() {
    const messages = this.#conversation.value?.messages ?? EMPTY;
    const [from, to] = this.#range(messages);
    if (from > 0) {
      const start = Math.max(0, from - WINDOW_STEP);
      this.#setWindow(messages, start, Math.min(to, start + WINDOW_SIZE));
      return;
    }
    const peer = this.#peer.value;
    const store = this.#peer.store;
    const conversation = this.#conversation.value;
    if (!peer || !store || conversation?.historyComplete || conversation?.loadingOlder) return;
    const before = messages.length;
    await store.loadOlder(peer);
    // Show what came, once; the next scroll to the top asks again.
    if ((this.#conversation.value?.messages.length ?? 0) > before) await this.#pageBack();
  }

  #showNewer() {
    const messages = this.#conversation.value?.messages ?? EMPTY;
    const [from, to] = this.#range(messages);
    const end = Math.min(messages.length, to + WINDOW_STEP);
    this.#setWindow(messages, Math.max(from, end - WINDOW_SIZE), end);
  }

  protected override willUpdate(changed: PropertyValues) {
    super.willUpdate(changed);
    // Opening another conversation starts at its newest message.
    if (this.#peer.value !== this.#renderedPeer) {
      this.#following = true;
      this.#window = null;
    }
    this.#anchor = null;
    this.#olderHadFocus = this.shadowRoot?.activeElement?.classList.contains('older') ?? false;
    const log = this.#log();
    if (!log || this.#following) return;
    for (const article of log.querySelectorAll<HTMLElement>('article[data-key]')) {
      if (article.offsetTop + article.offsetHeight > log.scrollTop) {
        this.#anchor = { key: article.dataset.key!, offset: article.offsetTop - log.scrollTop };
        break;
      }
    }
  }

  protected override updated() {
    this.#renderedPeer = this.#peer.value;
    const log = this.#log();
    // No conversation open: only the placeholder, nothing to scroll (reading scrollHeight forces a layout, and
    // this runs on every change of connection or roster while the roster loads).
    if (!log || !this.#renderedPeer) return;
    // Nothing older left, so the focused button went: focus goes to the log rather than to the page.
    if (this.#olderHadFocus && !log.querySelector('.older')) log.focus();
    if (this.#following) {
      log.scrollTop = log.scrollHeight;
      return;
    }
    // Messages came or went above (older pages, the window moving): keep the one being read in place.
    const anchor = this.#anchor && log.querySelector<HTMLElement>(`article[data-key="${this.#anchor.key}"]`);
    if (anchor && this.#anchor) log.scrollTop = anchor.offsetTop - this.#anchor.offset;
  }

  /** Moves keyboard focus to the message box, once the open conversation is rendered. */
  async focusComposer() {
    await this.updateComplete;
    this.renderRoot.querySelector('textarea')?.focus();
  }

  async #send() {
    const textarea = this.renderRoot.querySelector('textarea');
    const peer = this.#peer.value;
    const store = this.#peer.store;
    if (!textarea || !peer || !store || !textarea.value.trim()) return;
    const body = textarea.value;
    textarea.value = '';
    this.#following = true;
    this.#window = null;
    textarea.focus();
    // Offline too: the outbox keeps it, and it leaves when the connection is back.
    const refused = await store.sendMessage(peer, body);
    this.#error = refused ? msg('This message is too long: at most {max} characters.', { max: MAX_OUTGOING_BODY }) : '';
    this.requestUpdate();
    // Refused (too long): give the text back rather than lose it.
    if (refused && !textarea.value) textarea.value = body;
  }

  #onKeydown(event: KeyboardEvent) {
    // Enter sends; Shift+Enter is a new line; never send in the middle of an IME composition.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.#send();
    }
  }

  #renderMessage(message: ChatMessage, ownName: string, peerLabel: string) {
    const [iso, time, full] = timesOf(message);
    const sender = message.direction === 'out' ? ownName : peerLabel;
    const stateWord = STATE_WORDS[message.state];
    const failed = message.state === 'failed';
    if (failed) void this.#loadFailureWords();
    return html`<article part="message" class="message ${message.direction} ${message.state}" data-key=${message.order}>
      <div class="meta">
        <span class="sender">${sender}</span>
        <time datetime=${iso} title=${full}>${time}</time>
        ${stateWord
          ? // Changes are told once, with their context, by the widget's status region: not here as a bare word.
            html`<span class="state ${message.state}" aria-live="off">${msg(stateWord)}</span>`
          : nothing}
      </div>
      <div class="body" dir="auto">${renderBody(message.body, message.payloads?.styling ? ['styling'] : [], this)}</div>
      ${failed
        ? html`<div class="failure">
            <span title=${message.error ?? ''}>${msg(this.#failureWords?.(message.error) ?? 'The message could not be sent.')}</span>
            <button @click=${() => this.#peer.store?.retryMessage(message)}>${msg('Retry')}</button>
          </div>`
        : nothing}
    </article>`;
  }

  #failureWords: ((error: string | undefined) => string) | undefined;

  async #loadFailureWords() {
    if (this.#failureWords) return;
    try {
      this.#failureWords = (await import('./notices.js')).failureSentence;
      this.requestUpdate();
    } catch {
      // Offline: the general sentence stays.
    }
  }

  /** Older history loads as the log scrolls up; the button does the same for keyboards and screen readers. */
  #renderOlder() {
    const conversation = this.#conversation.value;
    const [from] = this.#range(conversation?.messages ?? EMPTY);
    if (conversation?.historyComplete && from === 0) return nothing;
    // The same button while loading, so focus stays on it.
    const loading = Boolean(conversation?.loadingOlder);
    return html`<button class="older" aria-disabled=${loading ? 'true' : 'false'} @click=${this.#onOlderClick}>
      ${loading ? msg('Loading older messages…') : msg('Show older messages')}
    </button>`;
  }

  #onOlderClick(event: Event) {
    if ((event.currentTarget as HTMLElement).getAttribute('aria-disabled') !== 'true') void this.#showOlder();
  }

  override render() {
    const peer = this.#peer.value;
    if (!peer) {
      return html`<div class="log" role="log" aria-label=${msg('Messages')}>
        <p class="placeholder">${msg('Choose a contact to start chatting.')}</p>
      </div>`;
    }
    const label = this.#peerName.value ?? peer;
    const messages = this.#conversation.value?.messages ?? EMPTY;
    return html`
      <div part="header" class="header">
        <button class="back" aria-label=${msg('Back to contacts')} title=${msg('Back to contacts')}
          @click=${() => this.dispatchEvent(new Event('xmpp-chat-back', { bubbles: true, composed: true }))}>←</button>
        <h2 title=${peer}>${label}</h2>
        <xmpp-presence-badge jid=${peer}></xmpp-presence-badge>
      </div>
      <div part="log" class="log" role="log" aria-label=${msg('Messages')} tabindex="0" @scroll=${this.#onScroll}
        aria-busy=${this.#paging || this.#conversation.value?.loadingOlder ? 'true' : 'false'}>
        ${this.#renderOlder()}
        ${messages.length === 0 && this.#conversation.value?.historyComplete !== false
          ? html`<p class="placeholder">${msg('No messages yet. Say hello!')}</p>`
          : nothing}
        ${repeat(
          messages.slice(...this.#range(messages)),
          // Unique and stable within a conversation, unlike stanza ids, which a sender may leave out.
          (m) => m.order,
          (m) => this.#renderMessage(m, msg('You'), label),
        )}
      </div>
      <xmpp-typing-line part="typing" peer=${peer}></xmpp-typing-line>
      ${this.#error ? html`<p class="error" role="alert">${this.#error}</p>` : nothing}
      <form part="composer" @submit=${(e: Event) => (e.preventDefault(), this.#send())}>
        <textarea rows="1" aria-label=${msg('Message')} placeholder=${msg('Write a message…')} @keydown=${this.#onKeydown}
          @input=${(e: Event) => this.#peer.store?.act('chat-states', { type: 'typing', peer, hasText: Boolean((e.target as HTMLTextAreaElement).value.trim()) })}></textarea>
        <button class="primary" type="submit" title=${this.#online.value ? '' : msg('Offline: it will be sent when the connection is back')}>
          ${msg('Send')}
        </button>
      </form>
    `;
  }
}
