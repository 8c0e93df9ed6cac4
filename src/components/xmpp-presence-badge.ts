import { LitElement, css, html, type PropertyValues } from 'lit';
import type { Availability } from '../model/types.js';
import type { ChatStore } from '../store/chat-store.js';
import { availabilityOf, statusTextOf } from '../store/state.js';
import { msg } from './msg.js';
import { StoreController } from './store-controller.js';
import { tokens } from './tokens.js';


/**
 * Shows how available a contact is: a coloured dot and a word (online, away, busy, offline).
 * Inside an `<xmpp-chat>` it reads that widget's store; elsewhere on the page, name the widget with `for`.
 *
 * @tag xmpp-presence-badge
 * @attr jid - Bare JID of the contact to show.
 * @attr for - The `id` of the `<xmpp-chat>` to read presence from, when the badge is not inside it.
 * @attr availability - Shows this availability instead of looking it up (reflected).
 * @attr no-label - Hides the word visually (it stays readable by screen readers).
 * @csspart dot - The coloured dot.
 * @csspart label - The word.
 * @cssproperty [--xmpp-color-online=#1f9d55] - Dot colour when online.
 * @cssproperty [--xmpp-color-away=#d08a00] - Dot colour when away.
 * @cssproperty [--xmpp-color-busy=#c62f3d] - Dot colour when busy.
 * @cssproperty [--xmpp-color-offline=#9aa1ad] - Dot colour when offline.
 * @cssproperty [--xmpp-presence-badge-dot-size=0.6em] - Dot size.
 */
export class XmppPresenceBadge extends LitElement {
  static override properties = {
    jid: { type: String },
    for: { type: String },
    availability: { type: String, reflect: true },
    noLabel: { type: Boolean, attribute: 'no-label' },
  };

  static override styles = [
    tokens,
    css`
      :host {
        display: inline-flex;
        align-items: center;
        gap: 0.35em;
        font-size: 0.85em;
        color: var(--_muted);
        vertical-align: middle;
      }
      .dot {
        inline-size: var(--xmpp-presence-badge-dot-size, 0.6em);
        block-size: var(--xmpp-presence-badge-dot-size, 0.6em);
        border-radius: 50%;
        background: var(--_offline);
        flex: none;
      }
      .dot.online {
        background: var(--_online);
      }
      .dot.away {
        background: var(--_away);
      }
      .dot.busy {
        background: var(--_busy);
      }
    `,
  ];

  declare jid: string;
  declare for: string;
  declare availability: Availability | undefined;
  declare noLabel: boolean;

  readonly #availability = new StoreController(this, (state) => (this.jid ? availabilityOf(state, this.jid) : undefined));
  readonly #status = new StoreController(this, (state) => (this.jid ? statusTextOf(state, this.jid) : ''));

  constructor() {
    super();
    this.jid = '';
    this.for = '';
    this.noLabel = false;
  }

  override connectedCallback() {
    super.connectedCallback();
    if (this.for) void this.#attachTo(this.for);
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('for') && this.for && this.isConnected) void this.#attachTo(this.for);
    if (changed.has('jid')) {
      this.#availability.refresh();
      this.#status.refresh();
    }
  }

  async #attachTo(id: string) {
    await customElements.whenDefined('xmpp-chat');
    const widget = document.getElementById(id) as (HTMLElement & { store?: ChatStore }) | null;
    if (this.for !== id) return;
    this.#availability.attach(widget?.store);
    this.#status.attach(widget?.store);
  }

  override render() {
    const availability = this.availability ?? this.#availability.value ?? 'offline';
    const status = this.availability ? '' : (this.#status.value ?? '');
    // The availability is the English word: 'online', 'away', 'busy' or 'offline'.
    const word = msg(availability);
    return html`<span part="dot" class="dot ${availability}" aria-hidden="true"></span
      ><span part="label" class=${this.noLabel ? 'visually-hidden' : ''} title=${status || word}>${word}</span>`;
  }
}
