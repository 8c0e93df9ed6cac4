import { LitElement, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Contact, JidString } from '../model/types.js';
import { availabilityOf, displayName, statusTextOf, type ChatState } from '../store/state.js';
import { XmppContactSelectEvent } from './events.js';
import { msg } from './msg.js';
import { StoreController } from './store-controller.js';
import { tokens } from './tokens.js';
import './xmpp-presence-badge.js';

interface ContactRow {
  contact: Contact;
  availability: ReturnType<typeof availabilityOf>;
  status: string;
  unread: number;
}

/** A selector memoized on the three slices it reads, so unrelated changes keep the same rows array. */
function contactRowsSelector(): (state: ChatState) => ContactRow[] {
  let last: [ChatState['roster'], ChatState['presence'], ChatState['conversations']] | undefined;
  let rows: ContactRow[] = [];
  return (state) => {
    if (last && last[0] === state.roster && last[1] === state.presence && last[2] === state.conversations) return rows;
    last = [state.roster, state.presence, state.conversations];
    rows = state.roster.contacts.map((contact) => ({
      contact,
      availability: availabilityOf(state, contact.jid),
      status: statusTextOf(state, contact.jid),
      unread: state.conversations[contact.jid]?.unread ?? 0,
    }));
    return rows;
  };
}

/** Conversations with people not on the roster (a visitor writing to a support agent) still get a row. */
function strangerRows(state: ChatState): JidString[] {
  const known = new Set(state.roster.contacts.map((c) => c.jid));
  return Object.keys(state.conversations).filter((jid) => !known.has(jid));
}

/**
 * Lists the user's contacts with their presence and unread counts, pending subscription requests, and
 * controls to add and remove contacts.
 *
 * @tag xmpp-roster
 * @event {XmppContactSelectEvent} xmpp-contact-select - A contact was activated.
 * @csspart requests - The list of subscription requests.
 * @csspart contacts - The list of contacts.
 * @csspart contact - One contact's button.
 * @csspart unread - A contact's unread count.
 * @cssproperty [--xmpp-roster-row-height=2.5rem] - Height of a contact row.
 */
export class XmppRoster extends LitElement {
  static override properties = {
    adding: { state: true },
    addError: { state: true },
    confirmingRemoval: { state: true },
  };

  static override styles = [
    tokens,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-block-size: 0;
        background: var(--_surface);
      }
      h2 {
        font-size: 0.75rem;
        text-transform: uppercase;
        letter-spacing: 0.06em;
        color: var(--_muted);
        margin: 0.9rem 0.9rem 0.3rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0 0.4rem;
      }
      .contacts {
        overflow-y: auto;
        flex: 1;
      }
      li {
        display: flex;
        align-items: center;
        gap: 0.25rem;
      }
      button.contact {
        flex: 1;
        min-inline-size: 0;
        display: flex;
        align-items: center;
        gap: 0.5rem;
        min-block-size: var(--xmpp-roster-row-height, 2.5rem);
        border: 0;
        background: transparent;
        text-align: start;
        padding: 0.3rem 0.5rem;
      }
      button.contact:hover,
      button.contact[aria-current='true'] {
        background: color-mix(in srgb, var(--_accent) 12%, transparent);
      }
      .who {
        flex: 1;
        min-inline-size: 0;
        display: flex;
        flex-direction: column;
      }
      .status {
        font-size: 0.8rem;
        color: var(--_muted);
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .name {
        min-inline-size: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .unread {
        background: var(--_accent);
        color: var(--_accent-text);
        border-radius: 999px;
        font-size: 0.75rem;
        min-inline-size: 1.5em;
        padding: 0.1em 0.45em;
        text-align: center;
      }
      .remove {
        border: 0;
        background: transparent;
        color: var(--_muted);
        padding: 0.3rem 0.5rem;
      }
      .remove:hover {
        color: var(--_danger);
      }
      .request {
        flex-wrap: wrap;
        padding: 0.4rem 0.5rem;
        gap: 0.4rem;
      }
      .request .who {
        flex: 1 1 100%;
        overflow-wrap: anywhere;
      }
      .confirm {
        flex-wrap: wrap;
        padding: 0.4rem 0.5rem;
        gap: 0.4rem;
        background: color-mix(in srgb, var(--_danger) 10%, transparent);
        border-radius: var(--_radius);
      }
      .confirm span {
        flex: 1 1 100%;
      }
      .empty {
        color: var(--_muted);
        padding: 0.5rem 0.9rem;
        margin: 0;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        padding: 0.5rem 0.9rem;
      }
      form input {
        flex: 1 1 10rem;
        min-inline-size: 0;
      }
      .error {
        color: var(--_danger);
        flex-basis: 100%;
        margin: 0;
        font-size: 0.85rem;
      }
      .footer {
        border-block-start: 1px solid var(--_border);
        padding: 0.5rem 0.9rem;
      }
      .footer > button {
        inline-size: 100%;
      }
    `,
  ];

  declare adding: boolean;
  declare addError: string;
  declare confirmingRemoval: JidString | null;

  readonly #rows = new StoreController(this, contactRowsSelector());
  readonly #requests = new StoreController(this, (s) => s.requests);
  readonly #active = new StoreController(this, (s) => s.activeChat);
  readonly #conversations = new StoreController(this, (s) => s.conversations);

  constructor() {
    super();
    this.adding = false;
    this.addError = '';
    this.confirmingRemoval = null;
  }

  #select(jid: JidString) {
    this.#rows.store?.openChat(jid);
    this.dispatchEvent(new XmppContactSelectEvent(jid));
  }

  async #add(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const input = form.elements.namedItem('address') as HTMLInputElement;
    const error = (await this.#rows.store?.addContact(input.value)) ?? msg('You are offline.');
    if (error) {
      this.addError = msg(error);
      input.focus();
      return;
    }
    this.addError = '';
    this.adding = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.footer > button')?.focus();
  }

  async #toggleAdding() {
    this.adding = !this.adding;
    this.addError = '';
    await this.updateComplete;
    if (this.adding) this.renderRoot.querySelector<HTMLInputElement>('input[name=address]')?.focus();
  }

  #renderRequests() {
    const requests = this.#requests.value ?? [];
    if (requests.length === 0) return nothing;
    return html`<h2 id="requests-heading">${msg('Requests')}</h2>
      <ul part="requests" aria-label=${msg('Requests')}>
        ${repeat(
          requests,
          (jid) => jid,
          (jid) => html`<li class="request">
            <span class="who">${msg('{jid} wants to see your presence', { jid })}</span>
            <button class="primary" aria-label=${msg('Accept {jid}', { jid })} @click=${() => this.#rows.store?.acceptRequest(jid)}>
              ${msg('Accept')}
            </button>
            <button aria-label=${msg('Decline {jid}', { jid })} @click=${() => this.#rows.store?.declineRequest(jid)}>
              ${msg('Decline')}
            </button>
          </li>`,
        )}
      </ul>`;
  }

  #renderContact({ contact, availability, status, unread }: ContactRow) {
    const name = displayName(contact);
    if (this.confirmingRemoval === contact.jid) {
      return html`<li class="confirm">
        <span>${msg('Remove {name} from your contacts?', { name })}</span>
        <button
          class="primary"
          @click=${() => {
            this.confirmingRemoval = null;
            void this.#rows.store?.removeContact(contact.jid);
          }}
        >
          ${msg('Remove')}
        </button>
        <button @click=${() => (this.confirmingRemoval = null)}>${msg('Cancel')}</button>
      </li>`;
    }
    return html`<li>
      <button
        part="contact"
        class="contact"
        aria-current=${this.#active.value === contact.jid ? 'true' : 'false'}
        title=${contact.jid}
        @click=${() => this.#select(contact.jid)}
      >
        <span class="who">
          <span class="name">${name}</span>
          ${status ? html`<span class="status" dir="auto">${status}</span>` : nothing}
        </span>
        <xmpp-presence-badge .availability=${availability}></xmpp-presence-badge>
        ${contact.pending ? html`<span class="visually-hidden">${msg('(request pending)')}</span>` : nothing}
        ${unread > 0
          ? this.#renderUnread(unread)
          : nothing}
      </button>
      <button class="remove" aria-label=${msg('Remove {name}', { name })} title=${msg('Remove {name}', { name })}
        @click=${() => (this.confirmingRemoval = contact.jid)}>
        ✕
      </button>
    </li>`;
  }

  #renderUnread(count: number) {
    // The visible badge is just the number; screen readers hear "3 unread" as part of the contact's name.
    return html`<span part="unread" class="unread"
      ><span aria-hidden="true">${count}</span><span class="visually-hidden">${msg('{count} unread', { count })}</span></span
    >`;
  }

  #renderStranger(jid: JidString) {
    const unread = this.#conversations.value?.[jid]?.unread ?? 0;
    return html`<li>
      <button part="contact" class="contact" aria-current=${this.#active.value === jid ? 'true' : 'false'} @click=${() => this.#select(jid)}>
        <span class="name">${jid}</span>
        ${unread > 0
          ? this.#renderUnread(unread)
          : nothing}
      </button>
    </li>`;
  }

  override render() {
    const rows = this.#rows.value ?? [];
    const strangers = this.#rows.store ? strangerRows(this.#rows.store.state) : [];
    return html`
      ${this.#renderRequests()}
      <h2>${msg('Contacts')}</h2>
      <ul part="contacts" class="contacts" aria-label=${msg('Contacts')}>
        ${repeat(rows, (row) => row.contact.jid, (row) => this.#renderContact(row))}
        ${strangers.map((jid) => this.#renderStranger(jid))}
      </ul>
      ${rows.length === 0 && strangers.length === 0 ? html`<p class="empty">${msg('No contacts yet.')}</p>` : nothing}
      <div class="footer">
        ${this.adding
          ? html`<form @submit=${this.#add} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.#toggleAdding()}>
              <input name="address" type="text" autocomplete="off" spellcheck="false" aria-label=${msg('Address')}
                placeholder=${msg('name@example.org')} required />
              <button class="primary" type="submit">${msg('Add')}</button>
              <button type="button" @click=${this.#toggleAdding}>${msg('Cancel')}</button>
              ${this.addError ? html`<p class="error" role="alert">${this.addError}</p>` : nothing}
            </form>`
          : html`<button aria-expanded="false" @click=${this.#toggleAdding}>${msg('Add contact')}</button>`}
      </div>
    `;
  }
}
