import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { notesOf, renderBody, renderHeaders, renderNotes, renderPayloads } from '../features/registry.js';
import type { ChatMessage, MessageState } from '../model/types.js';
import { MAX_OUTGOING_BODY } from '../store/chat-store.js';
import { nameOf, type ChatState, type Conversation } from '../store/state.js';
import { ListWindow } from './list-window.js';
import { msg } from './msg.js';
import { StoreController } from './store-controller.js';
import { tokens } from './tokens.js';
import './xmpp-presence-badge.js';

const EMPTY: readonly ChatMessage[] = [];

const STATE_WORDS: Record<MessageState, string> = {
  sending: 'Sending…',
  sent: 'Sent',
  delivered: 'Delivered',
  displayed: 'Seen',
  failed: 'Not sent',
  received: '',
};

// Made when the first message is drawn, not when the module loads: the first Intl object of a page loads the
// locale data, 80 ms of main thread here, and the roster must not wait for that.
let formats: [short: Intl.DateTimeFormat, full: Intl.DateTimeFormat] | undefined;

// A message's times, written once: every render of the log draws each of its messages again, and formatting
// dates was the largest part of that while paging back through thousands of messages.
const times = new WeakMap<ChatMessage, readonly [iso: string, short: string, full: string]>();
function timesOf(message: ChatMessage) {
  let written = times.get(message);
  if (!written) {
    const when = new Date(message.timestamp);
    const [short, full] = (formats ??= [
      new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }),
      new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }),
    ]);
    times.set(message, (written = [when.toISOString(), short.format(when), full.format(when)]));
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
      .edit {
        font-size: 0.8rem;
      }
      .editing {
        margin: 0;
        padding-inline: 0.9rem;
        font-size: 0.85rem;
        color: var(--_muted);
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
  /** What features note in the log besides messages (a room's comings and goings). */
  readonly #notes = new StoreController(this, (s) => (s.activeChat ? notesOf(s.features, s.activeChat) : undefined));
  #renderedPeer: string | null | undefined;
  /** Someone can see the chat (the page visible, the panel open): what is on screen then has been seen. */
  readonly #looking = new StoreController(this, (s) => s.looking);
  /** The conversation and order of the newest message the reader was last seen to look at. */
  #marked = '';
  #error = '';
  #olderHadFocus = false;
  /** At most 150 messages are in the DOM, however long the conversation. */
  readonly #window = new ListWindow(this, {
    // No conversation open: only the placeholder, nothing to scroll (and no layout to force on every change
    // of connection or roster while the roster loads).
    scroller: () => (this.#renderedPeer ? this.renderRoot.querySelector<HTMLElement>('.log') : null),
    log: {
      items: () => this.#conversation.value?.messages ?? EMPTY,
      older: async () => {
        const peer = this.#peer.value;
        const conversation = this.#conversation.value;
        if (peer && !conversation?.historyComplete && !conversation?.loadingOlder) await this.#peer.store?.loadOlder(peer);
      },
    },
  });

  protected override willUpdate(changed: PropertyValues) {
    super.willUpdate(changed);
    // Opening another conversation starts at its newest message.
    if (this.#peer.value !== this.#renderedPeer) this.#window.follow();
    this.#renderedPeer = this.#peer.value;
    this.#olderHadFocus = this.shadowRoot?.activeElement?.classList.contains('older') ?? false;
  }

  protected override updated() {
    const store = this.#peer.store;
    // Reading back through older messages keeps them in memory; at the newest, the store may let old ones go.
    store?.setFollowing(this.#window.following);
    // Someone sees the newest messages: they are marked displayed (XEP-0333), once per newest message.
    const newest = this.#conversation.value?.messages.at(-1);
    const peer = this.#peer.value;
    const mark = `${peer} ${newest?.order}`;
    if (store && peer && newest && this.#looking.value && this.#window.following && mark !== this.#marked) {
      this.#marked = mark;
      void store.act('markers', { type: 'displayed', peer });
    }
    const log = this.renderRoot.querySelector<HTMLElement>('.log');
    // Nothing older left, so the focused button went: focus goes to the log rather than to the page.
    if (this.#olderHadFocus && !log?.querySelector('.older')) log?.focus();
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
    this.#window.follow();
    textarea.focus();
    const editing = this.#editing;
    if (editing) {
      // A correction (XEP-0308): the message changes in place; offline too, the outbox keeps it.
      this.#editing = null;
      this.requestUpdate();
      await store.act('corrections', { type: 'edit', message: editing, body });
      return;
    }
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
      return;
    }
    const textarea = event.currentTarget as HTMLTextAreaElement;
    // ↑ in an empty box edits our last message; Esc leaves it as it was.
    if (event.key === 'ArrowUp' && !textarea.value && !event.shiftKey) {
      const last = this.#lastOwn();
      if (last) {
        event.preventDefault();
        this.#edit(last);
      }
    } else if (event.key === 'Escape' && this.#editing) {
      event.preventDefault();
      this.#editing = null;
      textarea.value = '';
      this.requestUpdate();
    }
  }

  /** Our last message in the open conversation that can be corrected (it was not refused). */
  #lastOwn(): ChatMessage | undefined {
    return this.#conversation.value?.messages.findLast((m) => m.direction === 'out' && m.state !== 'failed');
  }

  /** Puts our message in the composer to be corrected. */
  #edit(message: ChatMessage) {
    this.#editing = message;
    const textarea = this.renderRoot.querySelector('textarea');
    if (textarea) {
      // Setting the value puts the caret at its end.
      textarea.value = message.body;
      textarea.focus();
    }
    this.requestUpdate();
  }

  /** Our message being corrected, or null. */
  #editing: ChatMessage | null = null;

  #renderMessage(message: ChatMessage, ownName: string, peerLabel: string, lastOwn: ChatMessage | undefined) {
    const [iso, time, full] = timesOf(message);
    // In a room, the occupant's nick (the resource of room@service/nick).
    const slash = message.from.indexOf('/');
    const sender = message.direction === 'out' ? ownName : slash > 0 ? message.from.slice(slash + 1) : peerLabel;
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
        ${message === lastOwn
          ? html`<button class="edit" aria-label=${msg('Edit your message')} @click=${() => this.#edit(message)}>${msg('Edit')}</button>`
          : nothing}
      </div>
      <div class="body" dir="auto">${renderBody(message.body, message.payloads?.styling ? ['styling'] : [], this)}</div>
      ${renderPayloads(message, this)}
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
    const [from] = this.#window.range(conversation?.messages ?? EMPTY);
    if (conversation?.historyComplete && from === 0) return nothing;
    // The same button while loading, so focus stays on it.
    const loading = Boolean(conversation?.loadingOlder);
    return html`<button class="older" aria-disabled=${loading ? 'true' : 'false'} @click=${this.#onOlderClick}>
      ${loading ? msg('Loading older messages…') : msg('Show older messages')}
    </button>`;
  }

  #onOlderClick(event: Event) {
    if ((event.currentTarget as HTMLElement).getAttribute('aria-disabled') !== 'true') void this.#window.older();
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
    const [from, to] = this.#window.range(messages);
    const lastOwn = this.#lastOwn();
    const notes = this.#notes.value;
    return html`
      <div part="header" class="header">
        <button class="back" aria-label=${msg('Back to contacts')} title=${msg('Back to contacts')}
          @click=${() => this.dispatchEvent(new Event('xmpp-chat-back', { bubbles: true, composed: true }))}>←</button>
        <h2 title=${peer}>${label}</h2>
        <xmpp-presence-badge jid=${peer}></xmpp-presence-badge>
        ${renderHeaders(peer, this)}
      </div>
      <div part="log" class="log" role="log" aria-label=${msg('Messages')} tabindex="0"
        aria-busy=${this.#window.paging || this.#conversation.value?.loadingOlder ? 'true' : 'false'}>
        ${this.#renderOlder()}
        ${messages.length === 0 && this.#conversation.value?.historyComplete !== false
          ? html`<p class="placeholder">${msg('No messages yet. Say hello!')}</p>`
          : nothing}
        ${from === 0 ? renderNotes(notes, messages[0]?.order ?? Infinity, this, true) : nothing}
        ${repeat(
          messages.slice(from, to),
          // Unique and stable within a conversation, unlike stanza ids, which a sender may leave out.
          (m) => m.order,
          (m) => html`${this.#renderMessage(m, msg('You'), label, lastOwn)}${renderNotes(notes, m.order, this)}`,
        )}
      </div>
      <xmpp-typing-line part="typing" peer=${peer}></xmpp-typing-line>
      ${this.#error ? html`<p class="error" role="alert">${this.#error}</p>` : nothing}
      ${this.#editing ? html`<p class="editing" role="status">${msg('Editing (Esc cancels)')}</p>` : nothing}
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
