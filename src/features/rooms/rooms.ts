// The rooms chunk (see manifest.ts): the service, the Join a room form that <xmpp-roster> places in its footer,
// and what a room's conversation shows in its header (subject, occupants, Leave).
import { LitElement, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ListWindow } from '../../components/list-window.js';
import { msg } from '../../components/msg.js';
import { StoreController } from '../../components/store-controller.js';
import { tokens } from '../../components/tokens.js';
import type { Invite, Occupant, Role, Room, RoomEvent, RoomsSlice } from './service.js';

export { service } from './service.js';

const init = { bubbles: true, composed: true } as const;

/** The Join a room form is done (joined or cancelled): the roster closes it. */
export const JOIN_ROOM_CLOSE = 'xmpp-join-room-close';

/** Why a room refused us, or what removed us, in words (XEP-0045 §7.2.6–7.2.11, §8.2, §9.1, §10.9). */
const PROBLEMS: Record<string, string> = {
  conflict: 'That nickname is taken in this room. Choose another.',
  'not-authorized': 'This room needs a password.',
  'registration-required': 'Only members can join this room.',
  forbidden: 'You are banned from this room.',
  'item-not-found': 'There is no such room, or it is locked.',
  'service-unavailable': 'The room is full, or not available now.',
  'not-allowed': 'This server does not let you create that room.',
  'remote-server-not-found': 'The room’s server cannot be reached.',
  kicked: 'You were removed from this room.',
  banned: 'You were banned from this room.',
  destroyed: 'This room was closed.',
};

export function problemWords(problem: string | null): string {
  return problem ? msg(PROBLEMS[problem] ?? 'Could not join the room ({condition}).', { condition: problem }) : '';
}

/** Join a room: its address and our nick; a password field appears when the room asks for one. */
export class XmppJoinRoom extends LitElement {
  static override properties = { error: { state: true }, needsPassword: { state: true }, waiting: { state: true } };

  static override styles = [
    tokens,
    css`
      form {
        display: flex;
        flex-direction: column;
        gap: 0.4rem;
      }
      .buttons {
        display: flex;
        gap: 0.4rem;
      }
      .buttons button {
        flex: 1;
      }
      .error {
        color: var(--_danger);
        margin: 0;
        font-size: 0.85rem;
      }
    `,
  ];

  declare error: string;
  declare needsPassword: boolean;
  declare waiting: boolean;
  readonly #rooms = new StoreController(this, (s) => s.features.rooms as RoomsSlice | undefined);
  readonly #account = new StoreController(this, (s) => s.connection.jid);
  #room = '';
  #field: 'room' | 'nick' | 'password' | '' = '';

  constructor() {
    super();
    this.error = '';
    this.needsPassword = false;
    this.waiting = false;
  }

  override firstUpdated() {
    this.renderRoot.querySelector('input')?.focus();
  }

  protected override updated() {
    // The room's answer to our join: in, or why not (the field to fix gets focus).
    const room = this.#room ? this.#rooms.value?.[this.#room] : undefined;
    if (!this.waiting || !room || room.status === 'joining') return;
    this.waiting = false;
    if (room.status === 'joined') {
      this.#rooms.store?.openChat(room.jid);
      this.#close();
      return;
    }
    this.error = problemWords(room.problem);
    if (room.problem === 'not-authorized') this.needsPassword = true;
    this.#field = room.problem === 'conflict' ? 'nick' : room.problem === 'not-authorized' ? 'password' : 'room';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>(`input[name="${this.#field}"]`)?.select());
  }

  async #join(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const store = this.#rooms.store;
    if (!store || this.waiting) return;
    const answer = await store.act('rooms', { type: 'join', room: data.get('room'), nick: data.get('nick'), password: data.get('password') ?? '' });
    if (answer === 'address' || answer === 'nick' || answer === 'offline' || typeof answer !== 'string') {
      this.#field = answer === 'nick' ? 'nick' : 'room';
      this.error = answer === 'nick' ? msg('Choose a nickname.') : answer === 'address' ? msg('Enter a room address like room@conference.example.org.') : msg('You are offline.');
      this.renderRoot.querySelector<HTMLInputElement>(`input[name="${this.#field}"]`)?.focus();
      return;
    }
    this.#room = answer;
    this.error = '';
    this.#field = '';
    this.waiting = true;
  }

  #close() {
    this.dispatchEvent(new Event(JOIN_ROOM_CLOSE, init));
  }

  override render() {
    const own = (this.#account.value ?? '').split('@')[0];
    const invalid = (field: string) => (this.#field === field ? 'true' : 'false');
    return html`<form aria-label=${msg('Join a room')} @submit=${this.#join} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.#close()}>
      <input name="room" type="text" autocomplete="off" spellcheck="false" aria-label=${msg('Room address')}
        placeholder=${msg('room@conference.example.org')} required aria-invalid=${invalid('room')} />
      <input name="nick" type="text" autocomplete="nickname" aria-label=${msg('Nickname')} .value=${own} required aria-invalid=${invalid('nick')} />
      ${this.needsPassword
        ? html`<input name="password" type="password" autocomplete="off" aria-label=${msg('Room password')} aria-invalid=${invalid('password')} />`
        : nothing}
      <div class="buttons">
        <button class="primary" type="submit" aria-disabled=${this.waiting ? 'true' : 'false'}>${this.waiting ? msg('Joining…') : msg('Join')}</button>
        <button type="button" @click=${this.#close}>${msg('Cancel')}</button>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    </form>`;
  }
}

const ROLE_ORDER: readonly Role[] = ['moderator', 'participant', 'visitor'];

/** A row of the people list: a role's heading, or an occupant. */
type PeopleRow = { heading: Role; count: number } | Occupant;
const ROLE_HEADINGS: Record<string, string> = { moderator: 'Moderators', participant: 'Participants', visitor: 'Visitors' };

/**
 * A room's header: its subject, the people in it (grouped by role), and Leave; when we are out of it, why,
 * and Join again.
 */
export class XmppRoomHeader extends LitElement {
  static override properties = {
    room: { type: String },
    open: { state: true },
    editing: { state: true },
    refusal: { state: true },
    banning: { state: true },
    inviting: { state: true },
    invited: { state: true },
  };

  static override styles = [
    tokens,
    css`
      :host {
        display: contents;
      }
      .subject {
        flex: 1 1 12rem;
        min-inline-size: 0;
        color: var(--_muted);
        font-size: 0.85rem;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .problem {
        flex: 1 1 100%;
        margin: 0;
        color: var(--_danger);
        font-size: 0.85rem;
      }
      button {
        white-space: nowrap;
      }
      .people {
        flex: 1 1 100%;
        max-block-size: 11rem;
        overflow: auto;
        border-block-start: 1px solid var(--_border);
        padding-block-start: 0.4rem;
      }
      .people ul {
        position: relative;
        list-style: none;
        margin: 0;
        padding: 0;
      }
      /* One height for every row, headings too: only those in view are in the DOM (10,000 people cost a screenful). */
      .people li {
        position: absolute;
        inset-inline: 0;
        block-size: 2rem;
        display: flex;
        align-items: center;
        gap: 0.3rem;
        white-space: nowrap;
        overflow: hidden;
      }
      .people .heading {
        font-size: 0.75rem;
        text-transform: uppercase;
        letter-spacing: 0.06em;
        color: var(--_muted);
      }
      .subject-form {
        flex: 1 1 100%;
        display: flex;
        gap: 0.4rem;
      }
      .sent {
        flex: 1 1 100%;
        margin: 0;
        font-size: 0.85rem;
        color: var(--_muted);
      }
      .subject-form input {
        flex: 1;
        min-inline-size: 0;
      }
      .moderation {
        display: inline-flex;
        gap: 0.3rem;
        margin-inline-start: 0.4rem;
      }
      .moderation button {
        font-size: 0.8rem;
        padding: 0.1em 0.5em;
        min-block-size: 24px;
      }
      .moderation .danger {
        color: var(--_danger);
      }
      button.occupant {
        border: 0;
        background: none;
        padding: 0.1rem 0.2rem;
        min-block-size: 24px;
        text-decoration: underline;
        text-underline-offset: 0.15em;
      }
      .affiliation,
      .show {
        color: var(--_muted);
        font-size: 0.8rem;
      }
      .moderation select {
        font-size: 0.8rem;
        min-block-size: 24px;
      }
    `,
  ];

  declare room: string;
  declare open: boolean;
  /** The subject form is open. */
  declare editing: boolean;
  /** Why the room refused a moderator's action, in words. */
  declare refusal: string;
  /** The occupant whose ban waits for a second click. */
  declare banning: string;
  /** The invitation form is open. */
  declare inviting: boolean;
  /** What became of the last invitation, in words. */
  declare invited: string;
  readonly #room = new StoreController(this, (s) => (s.features.rooms as RoomsSlice | undefined)?.[this.room]);
  /** The people: only the rows in view are in the DOM. */
  readonly #window = new ListWindow(this, { scroller: () => this.renderRoot.querySelector('.people') });
  #peopleRows: { occupants: Room['occupants']; rows: readonly PeopleRow[] } | undefined;

  constructor() {
    super();
    this.room = '';
    this.open = false;
    this.editing = false;
    this.refusal = '';
    this.banning = '';
    this.inviting = false;
    this.invited = '';
  }

  async #invite(event: SubmitEvent, room: Room) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const jid = String(data.get('jid') ?? '').trim();
    const answer = await this.#room.store?.act('rooms', { type: 'invite', room: room.jid, jid, reason: data.get('reason') ?? '' });
    if (answer === true) {
      this.invited = msg('Invitation sent to {jid}.', { jid });
      this.inviting = false;
      return;
    }
    this.invited = answer === 'address' ? msg('Enter an address like name@example.org.') : msg('You are offline.');
    this.renderRoot.querySelector<HTMLInputElement>('input[name="jid"]')?.focus();
  }

  async #openInvite() {
    this.inviting = true;
    this.invited = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('input[name="jid"]')?.focus();
  }

  /** A moderator's action on an occupant; the room's refusal is said beside the people. */
  async #moderate(room: Room, nick: string, change: { role?: Role; affiliation?: 'outcast' }) {
    this.banning = '';
    const answer = await this.#room.store?.act('rooms', { type: 'moderate', room: room.jid, nick, ...change });
    this.refusal = answer === true ? '' : msg('The room refused: {condition}.', { condition: String(answer) });
  }

  async #editSubject() {
    this.editing = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('input[name="subject"]')?.select();
  }

  async #saveSubject(event: SubmitEvent, room: Room) {
    event.preventDefault();
    const subject = String(new FormData(event.currentTarget as HTMLFormElement).get('subject') ?? '');
    await this.#room.store?.act('rooms', { type: 'subject', room: room.jid, subject });
    this.editing = false;
  }

  protected override willUpdate() {
    this.#room.refresh();
    // The conversation's header hides its presence dot for a room (a room has people, not a presence).
    this.toggleAttribute('data-room', Boolean(this.#room.value));
  }

  /** A private conversation with an occupant, opened. */
  async #privately(room: Room, nick: string) {
    const store = this.#room.store;
    const occupant = await store?.act('rooms', { type: 'private', room: room.jid, nick });
    if (typeof occupant === 'string') store!.openChat(occupant);
  }

  /**
   * For a moderator: the occupant's role (voice, moderator), Remove (kick) and Ban; a ban asks once more. Bans
   * and making moderators are for the room's owners and admins (XEP-0045 §9), bans need the real address.
   */
  #moderation(room: Room, o: Occupant) {
    const admin = room.affiliation === 'owner' || room.affiliation === 'admin';
    const mayBan = o.jid && admin;
    const roles: [Role, string][] = [
      ['visitor', msg('Muted')],
      ['participant', msg('Can speak')],
      ...(admin || o.role === 'moderator' ? [['moderator', msg('Moderator')] as [Role, string]] : []),
    ];
    return html`<span class="moderation">
      <select aria-label=${msg('Role of {nick}', { nick: o.nick })} .value=${o.role}
        @change=${(e: Event) => this.#moderate(room, o.nick, { role: (e.target as HTMLSelectElement).value as Role })}>
        ${roles.map(([role, words]) => html`<option value=${role} ?selected=${o.role === role}>${words}</option>`)}
      </select>
      <button aria-label=${msg('Remove {nick} from the room', { nick: o.nick })} @click=${() => this.#moderate(room, o.nick, { role: 'none' })}>${msg('Remove')}</button>
      ${mayBan
        ? this.banning === o.nick
          ? html`<button class="danger" aria-label=${msg('Confirm: ban {nick}', { nick: o.nick })} @click=${() => this.#moderate(room, o.nick, { affiliation: 'outcast' })}>${msg('Ban for good')}</button>`
          : html`<button aria-label=${msg('Ban {nick}', { nick: o.nick })} @click=${() => (this.banning = o.nick)}>${msg('Ban')}</button>`
        : nothing}
    </span>`;
  }

  /** The people as rows: a heading per role, then its occupants by nick; made again only when they change. */
  #rowsOf(room: Room): readonly PeopleRow[] {
    if (this.#peopleRows?.occupants === room.occupants) return this.#peopleRows.rows;
    const byRole = new Map<Role, Occupant[]>(ROLE_ORDER.map((role) => [role, []]));
    for (const o of Object.values(room.occupants)) byRole.get(o.role)?.push(o);
    const order = new Intl.Collator(undefined, { sensitivity: 'base' });
    const rows: PeopleRow[] = [];
    for (const [role, group] of byRole) {
      if (group.length === 0) continue;
      rows.push({ heading: role, count: group.length });
      rows.push(...group.sort((a, b) => order.compare(a.nick, b.nick)));
    }
    this.#peopleRows = { occupants: room.occupants, rows };
    return rows;
  }

  #people(room: Room) {
    const rows = this.#rowsOf(room);
    const height = this.#window.rowHeight;
    return html`<ul aria-label=${msg('People')} style=${`block-size:${rows.length * height}px`}>
      ${repeat(
        this.#window.rows(rows.length),
        (i) => ('heading' in rows[i] ? `@${(rows[i] as { heading: string }).heading}` : (rows[i] as Occupant).nick),
        (i) => {
          const row = rows[i];
          const top = `top:${i * height}px`;
          if ('heading' in row) return html`<li data-index=${i} style=${top} class="heading">${msg(ROLE_HEADINGS[row.heading])} (${row.count})</li>`;
          return html`<li data-index=${i} style=${top}>
            ${row.nick === room.nick
              ? row.nick
              : html`<button class="occupant" aria-label=${msg('Message {nick} privately', { nick: row.nick })} @click=${() => this.#privately(room, row.nick)}>${row.nick}</button>`}
            ${row.show !== 'online' ? html`<span class="show">${msg(row.show === 'away' ? 'away' : 'busy')}</span>` : nothing}
            ${row.affiliation !== 'none' ? html`<span class="affiliation">${msg(row.affiliation)}</span>` : nothing}
            ${room.role === 'moderator' && row.nick !== room.nick ? this.#moderation(room, row) : nothing}
          </li>`;
        },
      )}
    </ul>`;
  }

  override render() {
    const room = this.#room.value;
    if (!room) return nothing;
    const store = this.#room.store;
    const count = Object.keys(room.occupants).length;
    if (room.status === 'left' || room.status === 'error') {
      return html`<p class="problem" role="status">${problemWords(room.problem) || msg('You are not in this room.')}${room.reason ? ` ${room.reason}` : ''}</p>
        <button @click=${() => store?.act('rooms', { type: 'join', room: room.jid, nick: room.nick })}>${msg('Join again')}</button>`;
    }
    if (this.editing) {
      return html`<form class="subject-form" aria-label=${msg('Change the subject')} @submit=${(e: SubmitEvent) => this.#saveSubject(e, room)}
        @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (this.editing = false)}>
        <input name="subject" aria-label=${msg('Subject')} .value=${room.subject} maxlength="2000" />
        <button class="primary" type="submit">${msg('Save')}</button>
        <button type="button" @click=${() => (this.editing = false)}>${msg('Cancel')}</button>
      </form>`;
    }
    if (this.inviting) {
      return html`<form class="subject-form" aria-label=${msg('Invite someone')} @submit=${(e: SubmitEvent) => this.#invite(e, room)}
        @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (this.inviting = false)}>
        <input name="jid" type="email" autocomplete="off" spellcheck="false" aria-label=${msg('Address to invite')} placeholder=${msg('name@example.org')} required />
        <input name="reason" aria-label=${msg('Message with the invitation')} placeholder=${msg('Message (optional)')} />
        <button class="primary" type="submit">${msg('Invite')}</button>
        <button type="button" @click=${() => (this.inviting = false)}>${msg('Cancel')}</button>
        ${this.invited ? html`<p class="problem" role="alert">${this.invited}</p>` : nothing}
      </form>`;
    }
    return html`<span class="subject" title=${room.subject} dir="auto">${room.subject}</span>
      ${room.role === 'moderator' ? html`<button @click=${this.#editSubject}>${msg('Change subject')}</button>` : nothing}
      <button aria-expanded=${this.open ? 'true' : 'false'} @click=${() => (this.open = !this.open)}>
        ${count === 1 ? msg('1 person') : msg('{count} people', { count })}
      </button>
      <button @click=${this.#openInvite}>${msg('Invite')}</button>
      <button @click=${() => store?.act('rooms', { type: 'leave', room: room.jid })}>${msg('Leave')}</button>
      ${this.invited ? html`<p class="sent" role="status">${this.invited}</p>` : nothing}
      ${this.open
        ? html`<div class="people" role="group" aria-label=${msg('People in this room')}>
            ${this.refusal ? html`<p class="problem" role="alert">${this.refusal}</p>` : nothing}${this.#people(room)}
          </div>`
        : nothing}`;
  }
}

/** A room's comings and goings, for the log (see the registry's `notesOf`). */
export function notesOf(features: Readonly<Record<string, unknown>>, peer: string): unknown {
  return (features.rooms as RoomsSlice | undefined)?.[peer]?.events;
}

/** "Ann joined", "Ann and Bob joined", "Ann, Bob and 3 others joined". */
function people(nicks: readonly string[]): string {
  const shown = nicks.length > 3 ? [...nicks.slice(0, 2), msg('{count} others', { count: nicks.length - 2 })] : nicks;
  return new Intl.ListFormat(undefined, { type: 'conjunction' }).format(shown);
}

function eventWords(event: RoomEvent): string {
  const reason = event.reason ? ` (${event.reason})` : '';
  switch (event.kind) {
    case 'renamed':
      return msg('{nick} is now known as {newNick}', { nick: event.nick, newNick: event.newNick ?? '' });
    case 'kicked':
      return msg('{nick} was removed from the room', { nick: event.nick }) + reason;
    case 'banned':
      return msg('{nick} was banned from the room', { nick: event.nick }) + reason;
    case 'destroyed':
      return msg('The room was closed') + reason;
    default:
      return '';
  }
}

/**
 * The notes after the message of order `after` (or, `before`, all those before it): joins and leaves in a row
 * fold into one line ("5 people joined · Ann left"); removals, renames and the room's closing have their own.
 */
export function renderNotes(notes: unknown, after: number, before = false): unknown {
  const events = ((notes as readonly RoomEvent[] | undefined) ?? []).filter((e) => (before ? e.after < after : e.after === after));
  if (events.length === 0) return nothing;
  const lines: string[] = [];
  let joined: string[] = [];
  let left: string[] = [];
  const fold = () => {
    const parts = [joined.length ? msg('{people} joined', { people: people(joined) }) : '', left.length ? msg('{people} left', { people: people(left) }) : ''];
    if (parts.some(Boolean)) lines.push(parts.filter(Boolean).join(' · '));
    joined = [];
    left = [];
  };
  for (const event of events) {
    if (event.kind === 'joined' || event.kind === 'left') {
      const [here, there] = event.kind === 'joined' ? [joined, left] : [left, joined];
      // Someone who came and went (or went and came back) within the fold is told once, as they are now.
      const gone = there.indexOf(event.nick);
      if (gone >= 0) there.splice(gone, 1);
      else if (!here.includes(event.nick)) here.push(event.nick);
      continue;
    }
    fold();
    lines.push(eventWords(event));
  }
  fold();
  return lines.map((line) => html`<p class="note">${line}</p>`);
}

/** A message that names us: said beside its sender (the log's style highlights it); an invitation: its card. */
export function renderPayload(payload: unknown): unknown {
  const { mention, invite } = (payload ?? {}) as { mention?: boolean; invite?: Invite };
  if (invite) return html`<xmpp-room-invite .invite=${invite}></xmpp-room-invite>`;
  return mention ? html`<span class="mention">${msg('Mentions you')}</span>` : nothing;
}

/**
 * An invitation to a room, in the conversation with whom sent it: Join (as our account's name, or another
 * nick if that one is taken) or Decline; once we are in, Open.
 */
export class XmppRoomInvite extends LitElement {
  static override properties = { invite: { attribute: false }, declined: { state: true }, asked: { state: true } };

  static override styles = [
    tokens,
    css`
      :host {
        display: block;
        margin-block-start: 0.4rem;
      }
      .card {
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 0.5rem 0.6rem;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.4rem;
      }
      .card p {
        flex: 1 1 100%;
        margin: 0;
      }
      .error {
        color: var(--_danger);
      }
      input {
        flex: 1 1 8rem;
        min-inline-size: 0;
      }
    `,
  ];

  declare invite: Invite;
  declare declined: boolean;
  /** We asked to join from this card: its answer is shown here. */
  declare asked: boolean;
  readonly #room = new StoreController(this, (s) => (s.features.rooms as RoomsSlice | undefined)?.[this.invite?.room]);
  readonly #account = new StoreController(this, (s) => s.connection.jid);

  constructor() {
    super();
    this.declined = false;
    this.asked = false;
  }

  protected override willUpdate() {
    this.#room.refresh();
    // Joined from this card: the room opens.
    if (this.asked && this.#room.value?.status === 'joined') {
      this.asked = false;
      this.#room.store?.openChat(this.invite.room);
    }
  }

  async #join(event: SubmitEvent) {
    event.preventDefault();
    const nick = String(new FormData(event.currentTarget as HTMLFormElement).get('nick') ?? '') || (this.#account.value ?? '').split('@')[0];
    this.asked = true;
    await this.#room.store?.act('rooms', { type: 'join', room: this.invite.room, nick, password: this.invite.password });
  }

  #decline() {
    this.declined = true;
    void this.#room.store?.act('rooms', { type: 'decline', room: this.invite.room, inviter: this.invite.from, mediated: this.invite.mediated });
  }

  override render() {
    const { room: address, reason } = this.invite;
    const room = this.#room.value;
    const name = address.split('@')[0];
    const words = html`<p>${msg('Invitation to the room {room}', { room: name })}${reason && reason !== address ? html`: <q dir="auto">${reason}</q>` : nothing}</p>`;
    if (room?.status === 'joined') {
      return html`<div class="card" role="group" aria-label=${msg('Invitation')}>${words}
        <button @click=${() => this.#room.store?.openChat(address)}>${msg('Open {room}', { room: name })}</button></div>`;
    }
    if (this.declined) return html`<div class="card" role="group" aria-label=${msg('Invitation')}>${words}<p>${msg('Declined.')}</p></div>`;
    const refused = this.asked && room && (room.status === 'error' || room.status === 'left') ? problemWords(room.problem) : '';
    const joining = this.asked && room?.status === 'joining';
    return html`<form class="card" aria-label=${msg('Invitation')} @submit=${this.#join}>
      ${words}
      ${room?.problem === 'conflict' && this.asked
        ? html`<input name="nick" aria-label=${msg('Nickname')} .value=${room.nick} required aria-invalid="true" />`
        : nothing}
      <button class="primary" type="submit" aria-disabled=${joining ? 'true' : 'false'}>${joining ? msg('Joining…') : msg('Join {room}', { room: name })}</button>
      <button type="button" @click=${this.#decline}>${msg('Decline')}</button>
      ${refused ? html`<p class="error" role="alert">${refused}</p>` : nothing}
    </form>`;
  }
}

/** The conversation header of a room (nothing for anyone else). */
export function renderHeader(peer: string): unknown {
  return html`<xmpp-room-header room=${peer}></xmpp-room-header>`;
}

/** Adopted by the conversation that draws the header (constructed: fine under a strict CSP). */
export const styles = css`
  .header:has(xmpp-room-header[data-room]) xmpp-presence-badge {
    display: none;
  }
  /* A room's header holds more: its subject, buttons and the people go on lines of their own when needed. */
  .header:has(xmpp-room-header[data-room]) {
    flex-wrap: wrap;
    row-gap: 0.4rem;
  }
  .note {
    margin: 0.3rem auto;
    max-inline-size: 90%;
    text-align: center;
    color: var(--_muted);
    font-size: 0.8rem;
  }
  .message:has(.mention) {
    border-inline-start: 3px solid var(--_accent);
    padding-inline-start: 0.5rem;
    background: color-mix(in srgb, var(--_accent) 8%, transparent);
  }
  .mention {
    font-size: 0.75rem;
    color: var(--_accent);
    font-weight: 600;
  }
`.styleSheet;

for (const [tag, element] of [
  ['xmpp-join-room', XmppJoinRoom],
  ['xmpp-room-header', XmppRoomHeader],
  ['xmpp-room-invite', XmppRoomInvite],
] as const) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
