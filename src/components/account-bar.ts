// The bar above a signed-in chat: the account, its status and signing out. A chunk of its own, fetched while
// the socket opens: a chat carries messages without it, and a visitor's or agent's widget draws its own.
import { LitElement, css, html } from 'lit';
import type { OwnShow } from '../model/types.js';
import { msg } from './msg.js';
import { StoreController } from './store-controller.js';
import { tokens } from './tokens.js';

/** What the bar asks its widget to do: sign out (and, with `forget`, delete this device's history). */
export const SIGN_OUT = 'xmpp-sign-out';

const SHOWS: readonly { value: OwnShow; label: string }[] = [
  { value: 'available', label: 'Available' },
  { value: 'away', label: 'Away' },
  { value: 'busy', label: 'Busy' },
];

export class XmppAccountBar extends LitElement {
  // Focus given to the bar goes to its first control, the status.
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override styles = [
    tokens,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        padding: 0.5rem 0.75rem;
        border-block-end: 1px solid var(--_border);
      }
      .account {
        font-weight: 600;
        flex: 1 1 8rem;
        min-inline-size: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .status-text {
        inline-size: 10rem;
        min-inline-size: 0;
        flex: 0 1 10rem;
      }
      button.forget {
        font-size: 0.85rem;
      }
    `,
  ];

  readonly #own = new StoreController(this, (s) => s.own);
  readonly #jid = new StoreController(this, (s) => s.connection.jid);

  #signOut(forget: boolean) {
    this.dispatchEvent(new CustomEvent(SIGN_OUT, { detail: { forget }, bubbles: true, composed: true }));
  }

  #setShow(event: Event) {
    const show = (event.currentTarget as HTMLSelectElement).value as OwnShow;
    void this.#own.store?.setPresence(show, this.#own.value?.status ?? '');
  }

  #setStatusText(event: Event) {
    const text = (event.currentTarget as HTMLInputElement).value.trim();
    const own = this.#own.value;
    if (own && text !== own.status) void this.#own.store?.setPresence(own.show, text);
  }

  override render() {
    const own = this.#own.value;
    const jid = this.#jid.value ?? '';
    return html`<span class="account" title=${jid}>${jid.split('/')[0]}</span>
      <select aria-label=${msg('Status')} .value=${own?.show ?? 'available'} @change=${this.#setShow}>
        ${SHOWS.map((s) => html`<option value=${s.value} ?selected=${own?.show === s.value}>${msg(s.label)}</option>`)}
      </select>
      <input class="status-text" type="text" aria-label=${msg('Status message')} placeholder=${msg('Status message')}
        maxlength="200" .value=${own?.status ?? ''} @change=${this.#setStatusText} />
      <button @click=${() => this.#signOut(false)}>${msg('Sign out')}</button>
      <button
        class="forget"
        aria-label=${msg('Sign out and forget this device')}
        title=${msg('Signs out and deletes the history kept in this browser')}
        @click=${() => this.#signOut(true)}
      >
        ${msg('Forget this device')}
      </button>`;
  }
}

if (!customElements.get('xmpp-account-bar')) customElements.define('xmpp-account-bar', XmppAccountBar);
