import { LitElement, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { featureById, loadFeature } from '../features/registry.js';
import type { Contact, JidString } from '../model/types.js';
import { availabilityOf, displayName, statusTextOf, type ChatState } from '../store/state.js';
import { XmppContactSelectEvent } from './events.js';
import { ListWindow } from './list-window.js';
import { msg } from './msg.js';
import { StoreController } from './store-controller.js';
import { tokens } from './tokens.js';
import './xmpp-presence-badge.js';

/** Requests, Add contact and Remove (and Join a room): chunks of their own, fetched the first time one is needed. */
const loadEditing = (id = 'roster-editing') => loadFeature(featureById(id));

/** One row of the Contacts list: a roster item, or a conversation with someone not on the roster. */
type Row = { jid: JidString; contact: Contact | null };

/**
 * The rows in order: contacts (sorted by the store), then conversations with people not on the roster (a
 * visitor writing to a support agent). Memoized on what it reads; presence is not part of it, so a presence
 * storm never rebuilds this array, and a new message only does when it starts a conversation with a stranger.
 */
function rowsSelector(): (state: ChatState) => Row[] {
  let roster: ChatState['roster'] | undefined;
  let known = new Set<JidString>();
  let strangers: JidString[] = [];
  let conversations: ChatState['conversations'] | undefined;
  let rows: Row[] = [];
  return (state) => {
    if (state.roster === roster && state.conversations === conversations) return rows;
    conversations = state.conversations;
    const rosterChanged = state.roster !== roster;
    if (rosterChanged) {
      roster = state.roster;
      known = new Set(roster.contacts.map((c) => c.jid));
    }
    const nextStrangers = Object.keys(state.conversations).filter((jid) => !known.has(jid));
    if (!rosterChanged && nextStrangers.length === strangers.length && nextStrangers.every((jid, i) => jid === strangers[i])) return rows;
    strangers = nextStrangers;
    rows = state.roster.contacts.map((contact): Row => ({ jid: contact.jid, contact }));
    for (const jid of strangers) rows.push({ jid, contact: null });
    return rows;
  };
}

/**
 * Lists the user's contacts with their presence and unread counts, pending subscription requests, and
 * controls to add and remove contacts. Only the contacts in view are in the DOM, so a roster of thousands
 * stays fast; each row tells screen readers its place in the whole list (`aria-posinset`, `aria-setsize`).
 *
 * Keyboard: the list is one Tab stop (the last contact used); ArrowUp, ArrowDown, PageUp, PageDown, Home and
 * End move between contacts; Tab from a contact reaches its Remove button.
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
      .scroller {
        overflow-y: auto;
        flex: 1;
        min-block-size: 0;
      }
      .contacts {
        position: relative;
      }
      .contacts > li {
        position: absolute;
        inset-inline: 0.4rem;
        block-size: var(--xmpp-roster-row-height, 2.5rem);
        overflow: hidden;
      }
      li {
        display: flex;
        align-items: center;
        gap: 0.25rem;
      }
      button.contact {
        flex: 1;
        min-inline-size: 0;
        block-size: 100%;
        display: flex;
        align-items: center;
        gap: 0.5rem;
        border: 0;
        background: transparent;
        text-align: start;
        padding: 0.15rem 0.5rem;
      }
      button.contact:hover,
      button.contact[aria-current='true'] {
        background: color-mix(in srgb, var(--_accent) 12%, transparent);
      }
      .contacts button:focus-visible {
        outline-offset: -2px;
      }
      .who {
        flex: 1;
        min-inline-size: 0;
        display: flex;
        flex-direction: column;
        line-height: 1.2;
      }
      .status {
        font-size: 0.75rem;
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
      .empty {
        color: var(--_muted);
        padding: 0.5rem 0.9rem;
        margin: 0;
      }
      .error {
        color: var(--_danger);
        margin: 0.4rem 0 0;
        font-size: 0.85rem;
      }
      .footer {
        border-block-start: 1px solid var(--_border);
        padding: 0.5rem 0.9rem;
      }
      .footer {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
      }
      .footer > :not(button) {
        flex: 1 0 100%;
      }
      .footer > button {
        flex: 1;
      }
    `,
  ];

  /** The form open in the footer: adding a contact, or joining a room. */
  declare adding: false | 'contact' | 'room';
  declare addError: string;
  declare confirmingRemoval: JidString | null;

  // Declared before the controllers whose selectors read them.
  readonly #window = new ListWindow(this, { scroller: () => this.renderRoot.querySelector('.scroller') });
  /** The contact the list's one Tab stop is on (roving tabindex). */
  #tabStop: JidString | null = null;
  // Where that is, memoized: it is needed on every store change (through #presenceKey), and a search of 10,000
  // rows per presence stanza would make a presence storm quadratic.
  #tabStopMemo: { rows: readonly Row[]; wanted: JidString | null; index: number } | undefined;
  readonly #rows = new StoreController(this, rowsSelector());
  readonly #requests = new StoreController(this, (s) => s.requests);
  /** Signed in, the roster not yet received. */
  readonly #loading = new StoreController(this, (s) => s.connection.state === 'connecting' && !s.connection.reconnecting);
  readonly #active = new StoreController(this, (s) => s.activeChat);
  readonly #conversations = new StoreController(this, (s) => s.conversations);
  // Presence of the rows in the DOM only, as one string (Object.is compares strings by value): a presence
  // change of a contact out of view does not re-render the list.
  readonly #shownPresence = new StoreController(this, (s) => this.#presenceKey(s));

  constructor() {
    super();
    this.adding = false;
    this.addError = '';
    this.confirmingRemoval = null;
  }

  protected override willUpdate() {
    // The rows in the DOM may have changed: compare presence against them from now on.
    this.#shownPresence.refresh();
  }

  /** The rows in view, and the Tab stop's row wherever it is, so focus is never lost. */
  #shownIndexes(rows: readonly Row[]): number[] {
    return this.#window.rows(rows.length, this.#tabStopIndex(rows));
  }

  #tabStopIndex(rows: readonly Row[]): number {
    if (rows.length === 0) return -1;
    const wanted = this.#tabStop ?? this.#active.value ?? null;
    const memo = this.#tabStopMemo;
    if (memo && memo.rows === rows && memo.wanted === wanted) return memo.index;
    const found = wanted ? rows.findIndex((row) => row.jid === wanted) : -1;
    const index = found >= 0 ? found : 0;
    this.#tabStopMemo = { rows, wanted, index };
    return index;
  }

  #presenceKey(state: ChatState): string {
    const rows = this.#rows.value ?? [];
    let key = '';
    for (const i of this.#shownIndexes(rows)) {
      const jid = rows[i].jid;
      key += `${jid}\u0000${availabilityOf(state, jid)}\u0000${statusTextOf(state, jid)}\u0000`;
    }
    return key;
  }

  #select(jid: JidString) {
    this.#rows.store?.openChat(jid);
    this.dispatchEvent(new XmppContactSelectEvent(jid));
  }

  #onFocusIn(event: FocusEvent) {
    const jid = (event.target as HTMLElement).closest('li')?.dataset.jid;
    if (jid && jid !== this.#tabStop) {
      this.#tabStop = jid;
      this.requestUpdate();
    }
  }

  #onKeyDown(event: KeyboardEvent) {
    const target = event.target as HTMLElement;
    if (!target.matches('button.contact')) return;
    const rows = this.#rows.value ?? [];
    const index = Number(target.closest('li')?.dataset.index);
    const page = this.#window.pageRows;
    const next = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: rows.length - 1 }[
      event.key
    ];
    if (next === undefined || Number.isNaN(index)) return;
    event.preventDefault();
    void this.#focusRow(Math.max(0, Math.min(rows.length - 1, next)));
  }

  async #focusRow(index: number, part = 'button.contact') {
    const row = (this.#rows.value ?? [])[index];
    if (!row) return;
    this.#tabStop = row.jid;
    this.#window.reveal(index);
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`.contacts > li[data-index="${index}"] ${part}`)?.focus();
  }

  /** Loads the roster-editing chunk; false (with the reason shown) when it cannot be fetched. */
  async #loadEditing(id?: string): Promise<boolean> {
    try {
      await loadEditing(id);
      return true;
    } catch {
      this.addError = msg('Could not load this part of the chat. Check the connection and try again.');
      return false;
    }
  }

  async #toggleAdding(kind: 'contact' | 'room' = 'contact') {
    this.addError = '';
    if (!this.adding && !(await this.#loadEditing(kind === 'room' ? 'rooms' : undefined))) return;
    this.adding = this.adding ? false : kind;
    if (this.adding) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>(`.footer > .add-${kind}`)?.focus();
  }

  /** Moves focus to the contact list's one Tab stop (or to Add contact when the list is empty). */
  async focusList() {
    const rows = this.#rows.value ?? [];
    if (rows.length > 0) await this.#focusRow(this.#tabStopIndex(rows));
    else this.renderRoot.querySelector<HTMLButtonElement>('.footer > button')?.focus();
  }

  async #confirmRemoval(jid: JidString) {
    this.addError = '';
    if (!(await this.#loadEditing())) return;
    this.adding = false;
    this.confirmingRemoval = jid;
  }

  async #endRemoval(remove: boolean) {
    const jid = this.confirmingRemoval;
    this.confirmingRemoval = null;
    if (!jid) return;
    const rows = this.#rows.value ?? [];
    const index = rows.findIndex((row) => row.jid === jid);
    if (remove) {
      // Focus goes to the next contact (or the previous one, at the end), wherever it is once the server is done.
      const neighbour = rows[index + 1]?.jid ?? rows[index - 1]?.jid;
      await this.#rows.store?.act('roster-editing', { type: 'remove', jid });
      await this.updateComplete;
      const next = (this.#rows.value ?? []).findIndex((row) => row.jid === neighbour);
      if (next >= 0) await this.#focusRow(next);
    } else if (index >= 0) {
      await this.#focusRow(index, '.remove');
    }
  }

  #renderRequests() {
    if ((this.#requests.value ?? []).length === 0) return nothing;
    void loadEditing().catch(() => undefined);
    return html`<xmpp-contact-requests exportparts="requests"></xmpp-contact-requests>`;
  }

  #renderRow(state: ChatState, { jid, contact }: Row, index: number, total: number, tabStop: number) {
    const name = contact ? displayName(contact) : this.#conversations.value?.[jid]?.name || jid;
    const status = contact ? statusTextOf(state, jid) : '';
    const unread = this.#conversations.value?.[jid]?.unread ?? 0;
    const tabindex = index === tabStop ? '0' : '-1';
    // Positions go through the CSSOM (a `.style` property binding), never a style attribute: a page with a
    // strict Content-Security-Policy (style-src 'self') drops those.
    return html`<li data-jid=${jid} data-index=${index} aria-posinset=${index + 1} aria-setsize=${total}
      .style=${`top:${index * this.#window.rowHeight}px`}>
      <button
        part="contact"
        class="contact"
        tabindex=${tabindex}
        aria-current=${this.#active.value === jid ? 'true' : 'false'}
        title=${jid}
        @click=${() => this.#select(jid)}
      >
        <span class="who">
          <span class="name">${name}</span>
          ${status ? html`<span class="status" dir="auto">${status}</span>` : nothing}
        </span>
        ${contact ? html`<xmpp-presence-badge .availability=${availabilityOf(state, jid)}></xmpp-presence-badge>` : nothing}
        ${contact?.pending ? html`<span class="visually-hidden">${msg('(request pending)')}</span>` : nothing}
        ${unread > 0 ? this.#renderUnread(unread) : nothing}
      </button>
      ${contact
        ? html`<button class="remove" tabindex=${tabindex} aria-label=${msg('Remove {name}', { name })} title=${msg('Remove {name}', { name })}
            @click=${() => this.#confirmRemoval(jid)}>✕</button>`
        : nothing}
    </li>`;
  }

  #renderUnread(count: number) {
    // The visible badge is just the number; screen readers hear "3 unread" as part of the contact's name.
    return html`<span part="unread" class="unread"
      ><span aria-hidden="true">${count}</span><span class="visually-hidden">${msg('{count} unread', { count })}</span></span
    >`;
  }

  #renderFooter() {
    const jid = this.confirmingRemoval;
    const contact = jid ? this.#rows.value?.find((row) => row.jid === jid)?.contact : undefined;
    if (jid && contact) {
      return html`<xmpp-remove-contact .name=${displayName(contact)} @xmpp-remove-contact-close=${(e: CustomEvent<boolean>) => this.#endRemoval(e.detail)}>
      </xmpp-remove-contact>`;
    }
    if (this.adding === 'contact') return html`<xmpp-add-contact @xmpp-add-contact-close=${() => this.#toggleAdding()}></xmpp-add-contact>`;
    if (this.adding) return html`<xmpp-join-room @xmpp-join-room-close=${() => this.#toggleAdding('room')}></xmpp-join-room>`;
    return html`<button class="add-contact" aria-expanded="false" @click=${() => this.#toggleAdding()}>${msg('Add contact')}</button>
      <button class="add-room" aria-expanded="false" @click=${() => this.#toggleAdding('room')}>${msg('Join a room')}</button>
      ${this.addError ? html`<p class="error" role="alert">${this.addError}</p>` : nothing}`;
  }

  override render() {
    const rows = this.#rows.value ?? [];
    const state = this.#rows.store?.state;
    const tabStop = this.#tabStopIndex(rows);
    return html`
      ${this.#renderRequests()}
      <h2>${msg('Contacts')}</h2>
      ${rows.length === 0 ? html`<p class="empty">${this.#loading.value ? msg('Loading contacts…') : msg('No contacts yet.')}</p>` : nothing}
      <div class="scroller">
        <ul part="contacts" class="contacts" aria-label=${msg('Contacts')} .style=${`block-size:${rows.length * this.#window.rowHeight}px`}
          @keydown=${this.#onKeyDown} @focusin=${this.#onFocusIn}>
          ${state
            ? repeat(
                this.#shownIndexes(rows),
                (i) => rows[i].jid,
                (i) => this.#renderRow(state, rows[i], i, rows.length, tabStop),
              )
            : nothing}
        </ul>
      </div>
      <div class="footer">${this.#renderFooter()}</div>
    `;
  }
}
