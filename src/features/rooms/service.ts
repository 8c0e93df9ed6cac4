import type { JidString } from '../../model/types.js';
import type { FeatureContext, FeatureService } from '../../store/features.js';
import { buildDiscoInfo, parseDiscoFeatures } from '../../xmpp/disco.js';
import { bareJid, normalizeBareJid } from '../../xmpp/jid.js';
import { buildMamQuery, parseMamFin, parseMamResult } from '../../xmpp/mam.js';
import { MAM, SID } from '../../xmpp/ns.js';
import type { Stanza } from '../../xmpp/session.js';
import {
  type Affiliation,
  type OccupantPresence,
  type Role,
  buildAdminChange,
  buildDecline,
  buildInstantRoom,
  buildInvite,
  buildJoin,
  buildLeave,
  buildSelfPing,
  buildSubject,
  isRoomError,
  parseInvite,
  parseOccupantPresence,
  withBody,
  parseSubject,
  selfPingVerdict,
} from './protocol.js';

export type { Affiliation, Invite, Role } from './protocol.js';

export interface Occupant {
  nick: string;
  role: Role;
  affiliation: Affiliation;
  jid: string | null;
  show: 'online' | 'away' | 'busy';
}

/** Someone came or went, once we were in the room; shown in the log after the message `after` (its order). */
export interface RoomEvent {
  kind: 'joined' | 'left' | 'kicked' | 'banned' | 'renamed' | 'destroyed';
  nick: string;
  newNick?: string;
  /** A moderator's reason (kick, ban, destruction). */
  reason?: string;
  after: number;
  at: number;
}

/** One room, as this widget knows it. */
export interface Room {
  jid: JidString;
  /** Our nick in it. */
  nick: string;
  /** joining: asked, no answer yet; joined: our own presence came back (status 110); left: we left or were removed. */
  status: 'joining' | 'joined' | 'left' | 'error';
  /** Why we are not in it: an error condition (conflict, not-authorized, registration-required, forbidden, …)
   * or what removed us (kicked, banned, destroyed). */
  problem: string | null;
  /** A moderator's reason, with a kick, a ban or the room's destruction. */
  reason: string;
  subject: string;
  occupants: Readonly<Record<string, Occupant>>;
  role: Role;
  affiliation: Affiliation;
  /** The room keeps an archive (XEP-0313 at its JID): we join without its history and read the archive. */
  archived: boolean;
  /** It stamps messages with stanza-ids we can trust (XEP-0359, `by` the room). */
  trustIds: boolean;
  /** Comings and goings since we joined, for the log (the newest {@link MAX_EVENTS}). */
  events?: readonly RoomEvent[];
  /** Reading its archive since we joined: our messages to it wait until we know what got there. */
  catchingUp?: boolean;
}

/** A room in our bookmarks, as the bookmarks feature hands it over (`bookmarked`). */
interface Bookmarked {
  jid: JidString;
  name: string;
  autojoin: boolean;
  nick: string;
  password: string;
}

/** The slice (`state.features.rooms`): rooms by bare JID. */
export type RoomsSlice = Readonly<Record<JidString, Room>>;

function roomsOf(context: FeatureContext): RoomsSlice {
  return (context.state.features.rooms as RoomsSlice | undefined) ?? {};
}

/** Passwords given for rooms: kept for rejoining in this page, never stored. */
const passwords = new Map<string, string>();

/** Occupant presence, applied once per frame: a room of 10,000 sends 10,000 presences as we join. */
let pending: { stream: string; context: FeatureContext; list: OccupantPresence[] } | null = null;

/** What the log tells of a room's people, at most this many per room (the newest). */
const MAX_EVENTS = 200;

/**
 * Applies a batch of occupant presences. Once we are in a room (the list it sends as we join is not news),
 * comings and goings become events of the log, placed after its newest message (`lastOrder`).
 */
export function applyPresences(slice: RoomsSlice, list: readonly OccupantPresence[], lastOrder: (room: JidString) => number, now = Date.now()): RoomsSlice {
  const rooms: Record<JidString, Room> = { ...slice };
  const occupantsOf = new Map<JidString, Record<string, Occupant>>();
  const eventsOf = new Map<JidString, RoomEvent[]>();
  for (const presence of list) {
    const room = rooms[presence.room];
    if (!room) continue;
    let occupants = occupantsOf.get(room.jid);
    if (!occupants) occupantsOf.set(room.jid, (occupants = { ...room.occupants }));
    const self = presence.statuses.includes(110) || presence.nick === room.nick;
    const note = (event: Omit<RoomEvent, 'after' | 'at'>) => {
      if (rooms[room.jid].status !== 'joined') return;
      let events = eventsOf.get(room.jid);
      if (!events) eventsOf.set(room.jid, (events = [...(room.events ?? [])]));
      events.push({ ...event, after: lastOrder(room.jid), at: now });
    };
    const known = presence.nick in occupants;
    if (presence.available) {
      occupants[presence.nick] = { nick: presence.nick, role: presence.role, affiliation: presence.affiliation, jid: presence.jid, show: presence.show };
      // A new nick after a rename (303) is not someone joining.
      const renamed = (eventsOf.get(room.jid) ?? room.events ?? []).some((e) => e.kind === 'renamed' && e.newNick === presence.nick && now - e.at < 10_000);
      if (!known && !self && !renamed) note({ kind: 'joined', nick: presence.nick });
      if (self) rooms[room.jid] = { ...rooms[room.jid], status: 'joined', problem: null, reason: '', role: presence.role, affiliation: presence.affiliation };
      continue;
    }
    delete occupants[presence.nick];
    const removal = presence.destroyed ? 'destroyed' : presence.statuses.includes(301) ? 'banned' : presence.statuses.includes(307) ? 'kicked' : null;
    if (presence.statuses.includes(303) && presence.newNick) note({ kind: 'renamed', nick: presence.nick, newNick: presence.newNick });
    else if (!self || removal) note({ kind: removal ?? 'left', nick: presence.nick, reason: presence.destroyed?.reason ?? presence.reason });
    if (!self) continue;
    if (presence.statuses.includes(303) && presence.newNick) {
      // Our nick changed: the next presence (110) brings us back under the new one.
      rooms[room.jid] = { ...rooms[room.jid], nick: presence.newNick };
      continue;
    }
    const problem = removal;
    rooms[room.jid] = { ...rooms[room.jid], status: 'left', problem, reason: presence.destroyed?.reason ?? presence.reason, role: 'none' };
    occupantsOf.set(room.jid, {});
  }
  for (const [jid, occupants] of occupantsOf) rooms[jid] = { ...rooms[jid], occupants };
  for (const [jid, events] of eventsOf) rooms[jid] = { ...rooms[jid], events: events.slice(-MAX_EVENTS) };
  return rooms;
}

function queue(context: FeatureContext, presence: OccupantPresence) {
  // One batch per stream (our full JID): every stanza brings a context of its own, for the same store.
  const stream = context.state.connection.jid;
  if (pending && pending.stream !== stream) flush();
  pending ??= { stream, context, list: [] };
  pending.list.push(presence);
  if (pending.list.length > 1) return;
  requestAnimationFrame(flush);
  setTimeout(flush, 100);
}

function flush() {
  const batch = pending;
  pending = null;
  if (!batch || batch.list.length === 0) return;
  const before = roomsOf(batch.context);
  const { state } = batch.context;
  const lastOrder = (room: JidString) => state.conversations[room]?.messages.at(-1)?.order ?? 0;
  batch.context.updateSlice((slice) => applyPresences((slice as RoomsSlice | undefined) ?? {}, batch.list, lastOrder));
  for (const room of Object.values(roomsOf(batch.context))) {
    if (room.status !== 'joined' || before[room.jid]?.status !== 'joining') continue;
    // Just in: kept in our bookmarks to join again at the next sign-in, and a room with an archive fills the gap.
    const context = batch.context;
    keepChecking(context, room.jid);
    void context.act('bookmarks', { type: 'keep', room: room.jid, autojoin: true, nick: room.nick, password: passwords.get(room.jid) ?? '' });
    // What we wrote meanwhile goes once the archive says what got there (none of it is sent twice).
    if (!room.archived) {
      context.release(room.jid, new Set());
      continue;
    }
    setRoom(context, room.jid, { catchingUp: true });
    void catchUp(context, room)
      .catch(() => new Set<string>())
      .then((arrived) => {
        setRoom(context, room.jid, { catchingUp: false });
        context.release(room.jid, arrived);
      });
  }
}

function setRoom(context: FeatureContext, jid: JidString, patch: Partial<Room>) {
  context.updateSlice((slice) => {
    const rooms = (slice as RoomsSlice | undefined) ?? {};
    const room: Room = rooms[jid] ?? { jid, nick: '', status: 'joining', problem: null, reason: '', subject: '', occupants: {}, role: 'none', affiliation: 'none', archived: false, trustIds: false };
    return { ...rooms, [jid]: { ...room, ...patch } };
  });
}

/** What the room does (XEP-0030): whether it keeps an archive, and stamps stanza-ids we may trust. */
async function discover(context: FeatureContext, room: JidString): Promise<boolean> {
  const features = await context.request(buildDiscoInfo(room)).then(parseDiscoFeatures, () => new Set<string>());
  const archived = features.has(MAM);
  setRoom(context, room, { archived, trustIds: archived && features.has(SID) });
  return archived;
}

async function join(context: FeatureContext, room: JidString, nick: string) {
  flush();
  setRoom(context, room, { nick, status: 'joining', problem: null, reason: '', occupants: {} });
  // The room gets a name in the conversation list at once: its address, until bookmarks name it.
  if (!context.state.conversations[room]) context.dispatch({ type: 'conversation/named', peer: room, name: room.split('@')[0] });
  // What the room does (XEP-0030): a room with an archive sends no history on joining (§7.2.13), so that
  // it does not come twice; a room that does not exist yet answers with an error, and has nothing to send.
  const archived = await discover(context, room);
  void context.send(buildJoin(room, nick, { password: passwords.get(room), history: archived ? 0 : 20 }));
}

/** The id our outbox gave a message of ours (its origin-id, XEP-0359, or its id). */
function ownId(message: Stanza): string {
  return String(message.getChild('origin-id', SID)?.attrs.id ?? message.attrs.id ?? '');
}

/** XEP-0410: how often each room we are in is asked whether we still are. */
const SELF_PING_MS = 5 * 60_000;

/** The latest check loop of each room, by stream and room: a rejoin starts a new one, and the old one stops. */
const checks = new Map<string, number>();

/** Is the room still holding us? A ghost leave (the room lost us without a word) is joined again. */
async function check(context: FeatureContext, jid: JidString): Promise<'in' | 'out' | 'unknown'> {
  const room = roomsOf(context)[jid];
  if (room?.status !== 'joined') return 'unknown';
  const verdict = await context.request(buildSelfPing(room.jid, room.nick, `self-ping-${++iqCounter}`)).then(
    () => 'in' as const,
    (error: { condition?: string }) => selfPingVerdict(error?.condition),
  );
  if (verdict === 'out' && roomsOf(context)[jid]?.status === 'joined') void join(context, jid, room.nick);
  return verdict;
}

/** Checks `jid` every {@link SELF_PING_MS} while we are in it on this stream. */
function keepChecking(context: FeatureContext, jid: JidString) {
  const key = `${context.state.connection.jid} ${jid}`;
  const token = (checks.get(key) ?? 0) + 1;
  checks.set(key, token);
  const tick = async () => {
    if (checks.get(key) !== token || roomsOf(context)[jid]?.status !== 'joined' || `${context.state.connection.jid} ${jid}` !== key) return;
    if ((await check(context, jid)) !== 'out') setTimeout(tick, SELF_PING_MS);
  };
  setTimeout(tick, SELF_PING_MS);
}

/** Archive queries to rooms under way: their result messages, by query id, gathered until the answer. */
const gathering = new Map<string, Stanza[]>();

/**
 * Fills the room's log from its archive once we are in: what came since the newest archived message we
 * hold, page after page, or on a first join the newest page. Our own messages are told by our nick, and
 * what the log holds already is not shown twice.
 */
async function catchUp(context: FeatureContext, room: Room): Promise<Set<string>> {
  const ours = new Set<string>();
  const since = await context.newestArchiveId(room.jid);
  let after = since;
  for (let page = 0; page < 20; page++) {
    const queryId = `room-archive-${++iqCounter}`;
    const query = buildMamQuery(after ? { queryId, after, max: 50 } : { queryId, before: true, max: 50 });
    query.attrs.to = room.jid;
    const results: Stanza[] = [];
    gathering.set(queryId, results);
    let reply: Stanza;
    try {
      reply = await context.request(query);
    } catch {
      return ours;
    } finally {
      gathering.delete(queryId);
    }
    const arrivals = results.flatMap((result) => {
      const found = parseMamResult(result, queryId, context.account, room.jid);
      if (!found) return [];
      const nick = String(found.message.attrs.from).slice(room.jid.length + 1);
      return [{ message: found.message, via: 'archive' as const, direction: nick === room.nick ? ('out' as const) : ('in' as const), peer: room.jid, archived: { id: found.archiveId, stamp: found.stamp } }];
    });
    for (const arrival of arrivals) if (arrival.direction === 'out') ours.add(ownId(arrival.message));
    // Since the newest we hold: news. A first join's newest page: history.
    await context.keep(arrivals, since ? 'caught-up' : 'history');
    const fin = parseMamFin(reply);
    if (!after || !fin || fin.complete || !fin.last) return ours;
    after = fin.last;
  }
  return ours;
}

let iqCounter = 0;

/** `body` names `nick` as a word of its own (any case): "Ann:", "@ann", "thanks ann!", not "annual". */
export function mentions(body: string, nick: string): boolean {
  const escaped = nick.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'iu').test(body);
}

/** A private conversation with an occupant goes by their nick and the room's name. */
function name(context: FeatureContext, occupant: string) {
  const slash = occupant.indexOf('/');
  if (context.state.conversations[occupant]?.name) return;
  context.dispatch({ type: 'conversation/named', peer: occupant, name: `${occupant.slice(slash + 1)} (${occupant.slice(0, occupant.indexOf('@'))})` });
}

export const service: FeatureService = {
  /**
   * After a fresh sign-in (not a resumed stream, which keeps us in our rooms), once our presence is out: join
   * again what we were in, or were to join (bookmarks read during the sign-in).
   */
  ready(context) {
    flush();
    for (const room of Object.values(roomsOf(context))) {
      if (room.status === 'joined' || room.status === 'joining') void join(context, room.jid, room.nick);
    }
  },

  inbound(stanza: Stanza, context) {
    const result = stanza.is('message') && stanza.getChild('result', MAM);
    if (result) {
      const list = gathering.get(String(result.attrs.queryid));
      list?.push(stanza);
      return Boolean(list);
    }
    const invite = parseInvite(stanza);
    if (invite) {
      // In the conversation with whom invited us; an invitation without words gets the room's address as its body.
      const message = stanza.getChild('body') ? stanza : withBody(stanza, invite.reason || invite.room);
      void context.keep([{ message, via: 'live', direction: 'in', peer: invite.from }]);
      return true;
    }
    const rooms = roomsOf(context);
    const from = bareJid(String(stanza.attrs.from ?? ''));
    const room = rooms[from];
    // In a room this stream did not join (a reload resumed it): the self-ping starts with what it hears.
    if (room?.status === 'joined' && !checks.has(`${context.state.connection.jid} ${room.jid}`)) keepChecking(context, room.jid);
    if (stanza.is('presence')) {
      const presence = parseOccupantPresence(stanza);
      if (!presence || !room) return false;
      if (isRoomError(presence)) {
        if (room.status === 'joining') setRoom(context, room.jid, { status: 'error', problem: presence.condition });
        return true;
      }
      // A room we created is locked until configured (§10.1.2): take its defaults.
      if (presence.statuses.includes(201) && presence.statuses.includes(110)) {
        // Then what it does is known (it did not exist when we asked): its archive, its stanza-ids.
        void context
          .request(buildInstantRoom(room.jid, `instant-${++iqCounter}`))
          .catch(() => undefined)
          .then(() => discover(context, room.jid));
      }
      queue(context, presence);
      return true;
    }
    if (!stanza.is('message')) return false;
    if (stanza.attrs.type !== 'groupchat') {
      // A private message from an occupant (§7.5): a conversation of its own, with room@service/nick.
      const occupant = String(stanza.attrs.from ?? '');
      if (!room || stanza.attrs.type === 'error' || !stanza.getChild('body') || occupant === from) return false;
      name(context, occupant);
      void context.keep([{ message: stanza, via: 'live', direction: 'in', peer: occupant }]);
      return true;
    }
    // From a room we are not in (or a forgery to one): not ours to show.
    if (!room) return true;
    const subject = parseSubject(stanza);
    if (subject) {
      setRoom(context, room.jid, { subject: subject.subject });
      return true;
    }
    const nick = String(stanza.attrs.from ?? '').slice(from.length + 1);
    // Our own message, reflected by the room: the outbox's one (same origin-id), not a second.
    const direction = nick === room.nick ? 'out' : 'in';
    // Its stanza-ids count only where the room says it stamps them (XEP-0359 §6).
    void context.keep([{ message: stanza, via: 'live', direction, peer: room.jid, vouchedBy: room.trustIds ? room.jid : undefined }]);
    // The room's reflection is the proof it got there: sent, and never sent again.
    if (direction === 'out') context.confirmed(ownId(stanza));
    return true;
  },

  /** A message in a room that names us (our nick, as a word): kept with it, to stand out in the log. */
  message(arrival, context) {
    const invite = parseInvite(arrival.message);
    if (invite) return { invite };
    const room = roomsOf(context)[arrival.peer];
    if (!room || arrival.direction !== 'in' || !room.nick) return undefined;
    const body = arrival.message.getChildText('body') ?? '';
    return mentions(body, room.nick) ? { mention: true } : undefined;
  },

  archiveOf(peer, context) {
    const room = roomsOf(context)[peer];
    return room?.archived ? { archive: room.jid, nick: room.nick } : undefined;
  },

  holds(to, context) {
    const room = roomsOf(context)[to];
    return Boolean(room && (room.status === 'joining' || room.catchingUp));
  },

  outbound(stanza, context) {
    const room = roomsOf(context)[String(stanza.attrs.to ?? '')];
    if (!room) return;
    stanza.attrs.type = 'groupchat';
    // No delivery receipts in a room (XEP-0184 §5.5).
    stanza.children = stanza.children.filter((child) => typeof child === 'string' || !child.is('request', 'urn:xmpp:receipts'));
  },

  act(action, context) {
    switch (action.type) {
      case 'join': {
        const room = normalizeBareJid(String(action.room ?? ''));
        const nick = String(action.nick ?? '').trim();
        if (!room || !room.includes('@')) return 'address';
        if (!nick) return 'nick';
        if (typeof action.password === 'string' && action.password) passwords.set(room, action.password);
        // In it already, by that nick: nothing to do (the room would send everyone's presence again).
        const known = roomsOf(context)[room];
        if (known?.status === 'joined' && known.nick === nick) return room;
        void join(context, room, nick);
        return room;
      }
      case 'leave': {
        const room = roomsOf(context)[String(action.room)];
        if (!room) return null;
        void context.send(buildLeave(room.jid, room.nick));
        setRoom(context, room.jid, { status: 'left', problem: null, occupants: {} });
        // Still bookmarked (named in the list), but not joined at the next sign-in.
        void context.act('bookmarks', { type: 'keep', room: room.jid, autojoin: false, nick: room.nick });
        return true;
      }
      case 'bookmarked': {
        // Our bookmarks, read at sign-in or changed by another of our clients: each room is known (by the
        // nick we use there), and the autojoin ones are joined unless we are in them or on our way.
        const own = context.account.slice(0, context.account.indexOf('@'));
        for (const b of action.bookmarks as readonly Bookmarked[]) {
          const room = roomsOf(context)[b.jid];
          if (b.password) passwords.set(b.jid, b.password);
          if (!room) setRoom(context, b.jid, { nick: b.nick || own, status: 'left' });
          if (!context.state.conversations[b.jid]) context.dispatch({ type: 'conversation/named', peer: b.jid, name: b.name || b.jid.split('@')[0] });
          if (!b.autojoin || room?.status === 'joined' || room?.status === 'joining') continue;
          // Before our presence is out, a stanza to the room would not leave: `ready` joins it then.
          if (context.state.connection.state === 'online') void join(context, b.jid, b.nick || room?.nick || own);
          else setRoom(context, b.jid, { status: 'joining' });
        }
        return true;
      }
      case 'private': {
        // A private conversation with an occupant: its address, named, for the element to open.
        const room = roomsOf(context)[String(action.room)];
        if (!room) return null;
        const occupant = `${room.jid}/${String(action.nick)}`;
        name(context, occupant);
        return occupant;
      }
      case 'moderate': {
        // Kick (role none), voice (participant or visitor), moderator; ban (outcast, by real JID). Answers
        // true, or the room's refusal (forbidden, not-allowed, …).
        const room = roomsOf(context)[String(action.room)];
        const occupant = room?.occupants[String(action.nick)];
        if (!room || !occupant) return 'item-not-found';
        const reason = String(action.reason ?? '');
        const change =
          action.affiliation === 'outcast'
            ? occupant.jid && { jid: bareJid(occupant.jid), affiliation: 'outcast' as const }
            : { nick: occupant.nick, role: action.role as Role };
        if (!change) return 'jid-unknown';
        return context.request(buildAdminChange(room.jid, `mod-${++iqCounter}`, change, reason)).then(
          () => true,
          (error: { condition?: string }) => error?.condition ?? 'not-allowed',
        );
      }
      case 'check':
        // Now, rather than at the next self-ping: after the network came back, say.
        return check(context, String(action.room));
      case 'invite': {
        // A direct invitation (XEP-0249), with the room's password if it has one.
        const room = roomsOf(context)[String(action.room)];
        const to = normalizeBareJid(String(action.jid ?? ''));
        if (!room) return 'item-not-found';
        if (!to || !to.includes('@')) return 'address';
        return context.send(buildInvite(room.jid, to, String(action.reason ?? ''), passwords.get(room.jid) ?? ''));
      }
      case 'decline': {
        // A room's mediated invitation is declined through the room; a direct one needs no answer.
        if (action.mediated) void context.send(buildDecline(String(action.room), String(action.inviter)));
        return true;
      }
      case 'subject': {
        const room = roomsOf(context)[String(action.room)];
        if (room) void context.send(buildSubject(room.jid, String(action.subject ?? '')));
        return true;
      }
    }
    return undefined;
  },
};
