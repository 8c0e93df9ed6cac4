/**
 * XEP-0045 Multi-User Chat (v1.35): joining and leaving a room, reading the room's presence (occupants, our
 * own, errors) and its subject, and answering the configuration of a room we just created.
 */
import xml, { type Element } from '@xmpp/xml';
import * as NS from '../../xmpp/ns.js';
import { bareJid, formatJid, parseJid } from '../../xmpp/jid.js';
import { attr, clampText, stanzaErrorCondition } from '../../xmpp/stanza.js';

export const MUC = 'http://jabber.org/protocol/muc';
export const MUC_USER = 'http://jabber.org/protocol/muc#user';
export const MUC_OWNER = 'http://jabber.org/protocol/muc#owner';
export const MUC_ADMIN = 'http://jabber.org/protocol/muc#admin';

export type Role = 'moderator' | 'participant' | 'visitor' | 'none';
export type Affiliation = 'owner' | 'admin' | 'member' | 'outcast' | 'none';

const ROLES: readonly Role[] = ['moderator', 'participant', 'visitor', 'none'];
const AFFILIATIONS: readonly Affiliation[] = ['owner', 'admin', 'member', 'outcast', 'none'];

/** Longest nick and subject we keep (code points): a nick is a name, a subject a line or a paragraph. */
const MAX_NICK = 100;
const MAX_SUBJECT = 2000;

/**
 * The presence that joins `room` as `nick` (§7.2.1). `history`: how many old messages the room should send
 * (§7.2.13; 0 when its archive will bring them), or undefined for the room's default.
 */
export function buildJoin(room: string, nick: string, { password, history }: { password?: string; history?: number } = {}): Element {
  const x = xml('x', { xmlns: MUC });
  if (history !== undefined) x.append(xml('history', { maxstanzas: String(history) }));
  if (password) x.append(xml('password', {}, password));
  return xml('presence', { to: `${room}/${nick}` }, x);
}

/** Leaving (§7.14). */
export function buildLeave(room: string, nick: string): Element {
  return xml('presence', { to: `${room}/${nick}`, type: 'unavailable' });
}

/** Accepts the default configuration of a room we created (§10.1.2, instant room). */
export function buildInstantRoom(room: string, id: string): Element {
  return xml('iq', { type: 'set', to: room, id }, xml('query', { xmlns: MUC_OWNER }, xml('x', { xmlns: NS.DATA, type: 'submit' })));
}

/** A new subject (§8.1). */
export function buildSubject(room: string, subject: string): Element {
  return xml('message', { to: room, type: 'groupchat' }, xml('subject', {}, subject));
}

/**
 * A moderator's change to an occupant (§8, §9): a role by nick (`none` kicks, `visitor` revokes voice,
 * `participant` gives it, `moderator`), or an affiliation by real JID (`outcast` bans).
 */
export function buildAdminChange(room: string, id: string, change: { nick: string; role: Role } | { jid: string; affiliation: Affiliation }, reason = ''): Element {
  const item = xml('item', 'nick' in change ? { nick: change.nick, role: change.role } : { jid: change.jid, affiliation: change.affiliation });
  if (reason) item.append(xml('reason', {}, reason));
  return xml('iq', { type: 'set', to: room, id }, xml('query', { xmlns: MUC_ADMIN }, item));
}

/** A presence from a room's occupant, as XEP-0045 §7.2 describes it. */
export interface OccupantPresence {
  room: string;
  nick: string;
  /** unavailable: the occupant left (or was kicked, banned, renamed: see `statuses` and `newNick`). */
  available: boolean;
  role: Role;
  affiliation: Affiliation;
  /** The occupant's real JID, when the room shows it to us (non-anonymous rooms, or to moderators). */
  jid: string | null;
  show: 'online' | 'away' | 'busy';
  /** Status codes (§15.6): 110 this is us, 201 room created, 303 nick changed, 307 kicked, 301 banned, … */
  statuses: number[];
  /** With 303: the occupant's new nick. */
  newNick: string | null;
  /** The room was destroyed (§10.9), with a reason. */
  destroyed: { reason: string } | null;
  /** Why the occupant left, when a moderator said (§8.2, §9.1). */
  reason: string;
}

/** A refusal of the room (§7.2.6–7.2.11): conflict, not-authorized, registration-required, forbidden, … */
export interface RoomError {
  room: string;
  nick: string;
  condition: string;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : fallback;
}

/** Reads a presence from `room@service/nick` with a muc#user child; null for anything else. */
export function parseOccupantPresence(stanza: Element): OccupantPresence | RoomError | null {
  if (!stanza.is('presence')) return null;
  const from = parseJid(attr(stanza, 'from') ?? '');
  if (!from || !from.local || !from.resource) return null;
  const room = bareJid(formatJid(from));
  const nick = clampText(from.resource, MAX_NICK);
  const type = attr(stanza, 'type');
  if (type === 'error') return { room, nick, condition: stanzaErrorCondition(stanza) ?? 'undefined-condition' };
  if (type !== undefined && type !== 'unavailable') return null;
  const x = stanza.getChild('x', MUC_USER);
  if (!x) return null;
  const item = x.getChild('item');
  const statuses = x
    .getChildren('status')
    .map((s) => Number(attr(s, 'code')))
    .filter((code) => Number.isInteger(code) && code >= 100 && code < 1000);
  const realJid = parseJid(attr(item ?? stanza, 'jid') ?? '');
  const show = stanza.getChildText('show');
  const destroy = x.getChild('destroy');
  return {
    room,
    nick,
    available: type === undefined,
    role: oneOf(attr(item ?? stanza, 'role'), ROLES, 'none'),
    affiliation: oneOf(attr(item ?? stanza, 'affiliation'), AFFILIATIONS, 'none'),
    jid: item && realJid ? formatJid(realJid) : null,
    show: show === 'away' || show === 'xa' ? 'away' : show === 'dnd' ? 'busy' : 'online',
    statuses,
    newNick: statuses.includes(303) && item ? clampText(attr(item, 'nick') ?? '', MAX_NICK) || null : null,
    destroyed: destroy ? { reason: clampText(destroy.getChildText('reason') ?? '', MAX_SUBJECT) } : null,
    reason: clampText(item?.getChildText('reason') ?? '', MAX_SUBJECT),
  };
}

export function isRoomError(value: OccupantPresence | RoomError): value is RoomError {
  return 'condition' in value;
}

/** The room's subject (§8.1): a groupchat message with `<subject/>` and no body; null for any other message. */
export function parseSubject(stanza: Element): { room: string; subject: string; by: string } | null {
  if (!stanza.is('message') || attr(stanza, 'type') !== 'groupchat') return null;
  const subject = stanza.getChild('subject');
  if (!subject || stanza.getChild('body')) return null;
  const from = parseJid(attr(stanza, 'from') ?? '');
  if (!from) return null;
  return { room: bareJid(formatJid(from)), subject: clampText(subject.getText(), MAX_SUBJECT), by: from.resource };
}

export const CONFERENCE = 'jabber:x:conference';

/** An invitation to a room: direct (XEP-0249, from the inviter) or mediated by the room (XEP-0045 §7.8.2). */
export interface Invite {
  room: string;
  /** Who invites, as a bare JID. */
  from: string;
  reason: string;
  password: string;
  mediated: boolean;
}

/** A direct invitation (XEP-0249 §2) of `to` into `room`. */
export function buildInvite(room: string, to: string, reason = '', password = ''): Element {
  return xml('message', { to }, xml('x', { xmlns: CONFERENCE, jid: room, reason: reason || undefined, password: password || undefined }));
}

/** Declining a room's mediated invitation (XEP-0045 §7.8.2), through the room, to whom invited us. */
export function buildDecline(room: string, inviter: string): Element {
  return xml('message', { to: room }, xml('x', { xmlns: MUC_USER }, xml('decline', { to: inviter })));
}

/** Reads an invitation in a message; null for any other message, or one whose room is no room's address. */
export function parseInvite(stanza: Element): Invite | null {
  if (!stanza.is('message') || attr(stanza, 'type') === 'error' || attr(stanza, 'type') === 'groupchat') return null;
  const from = parseJid(attr(stanza, 'from') ?? '');
  if (!from) return null;
  const direct = stanza.getChild('x', CONFERENCE);
  if (direct) {
    const room = parseJid(attr(direct, 'jid') ?? '');
    if (!room?.local) return null;
    const text = (name: string) => clampText(attr(direct, name) ?? '', MAX_SUBJECT);
    return { room: bareJid(formatJid(room)), from: bareJid(formatJid(from)), reason: text('reason'), password: text('password'), mediated: false };
  }
  const invite = stanza.getChild('x', MUC_USER)?.getChild('invite');
  const inviter = parseJid(attr(invite ?? stanza, 'from') ?? '');
  if (!invite || !inviter || !from.local) return null;
  const password = stanza.getChild('x', MUC_USER)?.getChildText('password') ?? '';
  return { room: bareJid(formatJid(from)), from: bareJid(formatJid(inviter)), reason: clampText(invite.getChildText('reason') ?? '', MAX_SUBJECT), password: clampText(password, MAX_SUBJECT), mediated: true };
}

/** A copy of `message` with a body of `text` (for one that carries an invitation and no words). */
export function withBody(message: Element, text: string): Element {
  return xml('message', { ...message.attrs }, ...message.getChildElements(), xml('body', {}, text));
}

/** XEP-0410 self-ping: are we still `nick` in `room`? (A ping to our own occupant JID.) */
export function buildSelfPing(room: string, nick: string, id: string): Element {
  return xml('iq', { type: 'get', to: `${room}/${nick}`, id }, xml('ping', { xmlns: NS.PING }));
}

/**
 * What a self-ping's error says (XEP-0410 §3): `in` (the room passed it to one of our clients, which does not
 * answer pings), `out` (the room no longer has us: a ghost leave), or `unknown` (the room cannot be reached).
 */
export function selfPingVerdict(condition: string | undefined): 'in' | 'out' | 'unknown' {
  if (condition === 'service-unavailable' || condition === 'feature-not-implemented') return 'in';
  if (condition === 'not-acceptable' || condition === 'item-not-found') return 'out';
  return 'unknown';
}
