import type { JidString } from '../../model/types.js';
import type { FeatureContext, FeatureService } from '../../store/features.js';
import { buildDiscoInfo, parseDiscoFeatures } from '../../xmpp/disco.js';
import { bareJid } from '../../xmpp/jid.js';
import type { Stanza } from '../../xmpp/session.js';
import { MUC, type SupportData, type VisitorPage, buildDirectedPresence, buildSupportData, parseSupportData } from './protocol.js';

export type { Prechat, Rating, SupportData, VisitorPage } from './protocol.js';

/** The slice (`state.features.support`). */
export interface SupportSlice {
  /** Which side of the desk this widget is on, once an element said so. */
  role: 'visitor' | 'agent' | null;
  /** A visitor's desk address (`to`); an agent's own name, sent with each reply (XEP-0172). */
  desk: JidString;
  name: string;
  /** What we tell in our directed presence: a visitor's page. */
  page: VisitorPage | null;
  /** Agents online now, by full JID: their names (a visitor's view). */
  agents: Readonly<Record<string, string>>;
  /** The page each visitor is on, by bare JID (an agent's view; presence tells it, live only). */
  pages: Readonly<Record<JidString, VisitorPage>>;
  /** A visitor's desk is a room (XEP-0045), whose agents are its occupants; null until the desk says. */
  deskRoom: boolean | null;
}

const EMPTY: SupportSlice = { role: null, desk: '', name: '', page: null, agents: {}, pages: {}, deskRoom: null };

/**
 * Per stream (our full JID: two agents of one desk may share a page): the full JIDs that have our directed
 * presence on it, and the presence we last broadcast.
 */
interface Told {
  to: Set<string>;
  /** The last available presence we broadcast: its show and status go into our directed presence too. */
  presence: Stanza | null;
  /** A fresh sign-in: the other side hears from us once our initial presence is out. */
  announce: boolean;
}
const told = new Map<string, Told>();

function toldOf(context: FeatureContext): Told {
  const stream = context.state.connection.jid;
  let entry = told.get(stream);
  if (!entry) told.set(stream, (entry = { to: new Set(), presence: null, announce: false }));
  return entry;
}

function sliceOf(context: FeatureContext): SupportSlice {
  return (context.state.features.support as SupportSlice | undefined) ?? EMPTY;
}

function update(context: FeatureContext, patch: (slice: SupportSlice) => Partial<SupportSlice>) {
  context.updateSlice((slice) => {
    const current = (slice as SupportSlice | undefined) ?? EMPTY;
    return { ...current, ...patch(current) };
  });
}

/** What our directed presence carries: a visitor's page and name, or an agent's name. */
function ownData(slice: SupportSlice): SupportData {
  return slice.role === 'agent' ? { agent: slice.name, ...(slice.name && { nick: slice.name }) } : { page: slice.page ?? undefined, nick: slice.name || undefined };
}

/** Our presence, as we broadcast it, directed to `to` with what the desk needs to know (RFC 6121 §4.6). */
function tell(context: FeatureContext, to: string) {
  const slice = sliceOf(context);
  if (!slice.role) return;
  const own = toldOf(context);
  own.to.add(to);
  void context.send(buildDirectedPresence(to, ownData(slice), own.presence));
}

/** A day: the visitors an agent tells it is back are those who wrote within it. */
const RECENT_MS = 24 * 60 * 60 * 1000;

/**
 * A visitor's desk may be a room (its disco#info says so, XEP-0045 §6.4): the visitor then joins it, with the name
 * they gave as nick, and the desk's agents are its occupants. Asked once per sign-in.
 */
async function learnDesk(context: FeatureContext) {
  const slice = sliceOf(context);
  if (slice.role !== 'visitor' || !slice.desk) return;
  if (slice.deskRoom === null) {
    const features = await context.request(buildDiscoInfo(slice.desk)).then(parseDiscoFeatures, () => null);
    if (!features) return;
    update(context, () => ({ deskRoom: features.has(MUC) }));
  }
  if (sliceOf(context).deskRoom) joinDesk(context);
}

/** Joins (or, with a new name, renames us in) the desk's room. */
function joinDesk(context: FeatureContext) {
  const { desk, name } = sliceOf(context);
  void context.act('rooms', { type: 'join', room: desk, nick: name || context.account.slice(0, context.account.indexOf('@')) });
}

/** Tells the other side we are here: a visitor its desk, an agent every visitor of the last day not in its roster. */
function announce(context: FeatureContext) {
  const slice = sliceOf(context);
  // A room hears from us as we join it.
  if (slice.role === 'visitor' && slice.deskRoom !== true) tell(context, slice.desk);
  if (slice.role !== 'agent') return;
  const { state } = context;
  const since = Date.now() - RECENT_MS;
  for (const conversation of Object.values(state.conversations)) {
    const last = conversation.messages.at(-1);
    if (last && last.timestamp > since && !state.roster.contacts.some((c) => c.jid === conversation.peer)) tell(context, conversation.peer);
  }
}

export const service: FeatureService = {
  online(context) {
    told.set(context.state.connection.jid, { to: new Set(), presence: null, announce: true });
    return Promise.resolve();
  },

  ready(context) {
    void learnDesk(context);
  },

  presence(stanza, context) {
    const own = toldOf(context);
    own.presence = stanza;
    // Once it has left: after a fresh sign-in, the other side hears we are here; after a change of status,
    // everyone who has our directed presence hears the new one (the server only tells our contacts).
    setTimeout(() => {
      if (own.announce) announce(context);
      else for (const to of own.to) tell(context, to);
      own.announce = false;
    });
  },

  inbound(stanza, context) {
    if (!stanza.is('presence')) return false;
    const from = String(stanza.attrs.from ?? '');
    const peer = bareJid(from);
    if (!from || peer === context.account) return false;
    const slice = sliceOf(context);
    // A room's occupants are the rooms feature's; a presence directed at one of them would rename us.
    if (slice.role === 'visitor' && slice.deskRoom && peer === slice.desk) return false;
    const data = parseSupportData(stanza);
    const gone = stanza.attrs.type === 'unavailable';
    if (slice.role === 'visitor' && peer === slice.desk && data.agent !== undefined) {
      update(context, ({ agents }) => ({ agents: gone ? withoutKey(agents, from) : { ...agents, [from]: data.agent! } }));
    }
    if (slice.role === 'agent' && data.page) update(context, ({ pages }) => ({ pages: { ...pages, [peer]: data.page! } }));
    // A visitor we have a conversation with is known by the name they gave.
    if (slice.role === 'agent' && data.nick && context.state.conversations[peer]) context.dispatch({ type: 'conversation/named', peer, name: data.nick });
    // Someone new on the other side: our presence to them, once (they answer ours the same way).
    const relevant = slice.role === 'agent' ? Boolean(data.page || data.nick) : slice.role === 'visitor' && peer === slice.desk;
    if (relevant && !gone && !toldOf(context).to.has(from)) tell(context, from);
    // Availability is the core's to keep.
    return false;
  },

  message({ message, direction, peer }, context) {
    const data = parseSupportData(message);
    // A visitor writing to the desk: their conversation takes the name they gave (kept with it on this device).
    const name = direction === 'in' ? (data.prechat?.name || data.nick) : '';
    if (name && sliceOf(context).role !== 'visitor') context.dispatch({ type: 'conversation/named', peer, name });
    const payload: SupportData = {};
    if (data.prechat) payload.prechat = data.prechat;
    if (data.rating) payload.rating = data.rating;
    // The name an agent signs with: from our own account (another agent) or from the desk a visitor writes to.
    if (data.nick && (direction === 'out' || sliceOf(context).role === 'visitor')) payload.nick = data.nick;
    return Object.keys(payload).length > 0 ? payload : undefined;
  },

  outbound(stanza, context, payload) {
    const slice = sliceOf(context);
    const data = { ...(payload as SupportData | undefined) };
    // An agent signs every reply to a visitor, so that the visitor and the other agents see who answered.
    if (slice.role === 'agent' && slice.name && !data.nick) data.nick = slice.name;
    stanza.append(...buildSupportData(data));
  },

  act(action, context) {
    switch (action.type) {
      case 'visitor':
        update(context, (slice) => ({
          role: 'visitor',
          desk: action.desk as JidString,
          name: String(action.name ?? ''),
          page: (action.page as VisitorPage | undefined) ?? null,
          deskRoom: slice.desk === action.desk ? slice.deskRoom : null,
        }));
        // The desk goes by the name the site gives it (the launcher's title), not by its address.
        if (action.deskName) context.dispatch({ type: 'conversation/named', peer: action.desk as JidString, name: String(action.deskName) });
        // Every page of the site tells the desk where the visitor is now (a room: joined, by the name given).
        if (context.state.connection.state === 'online') {
          if (sliceOf(context).deskRoom) joinDesk(context);
          else tell(context, action.desk as JidString);
        }
        return true;
      case 'agent':
        update(context, () => ({ role: 'agent', name: String(action.name ?? '') }));
        if (context.state.connection.state === 'online') announce(context);
        return true;
    }
    return undefined;
  },
};

function withoutKey<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _gone, ...rest } = record;
  return rest;
}
