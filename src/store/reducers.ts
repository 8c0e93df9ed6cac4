import { type ChatMessage, type Contact, type JidString, type OwnShow, type PresenceEvent, type ResourcePresence, isSameMessage } from '../model/types.js';
import {
  type ChatState,
  type ConnectionProblem,
  type Conversation,
  type StorageProblem,
  displayName,
  emptyConversation,
  initialState,
} from './state.js';

/** What a reload brings back from this device before the network answers. */
export interface RestoredHistory {
  roster: { ver: string | null; contacts: readonly Contact[] } | null;
  conversations: readonly { peer: JidString; unread: number; historyComplete: boolean; name?: string }[];
  activeChat: JidString | null;
  /** The newest page of each conversation that is loaded, in order. */
  pages: Readonly<Record<JidString, readonly ChatMessage[]>>;
  /** Contacts' presence as the previous page load last knew it (only when its stream is resumed). */
  presence: ChatState['presence'] | null;
}

export type MessagePatch = Partial<Pick<ChatMessage, 'state' | 'error' | 'stanzaId' | 'body' | 'payloads'>>;

/** Everything that can change the state. Reducers are pure: same state and action, same result. */
export type ChatAction =
  | { type: 'connection/connecting'; jid: JidString; retry?: boolean }
  | { type: 'connection/waiting'; problem: ConnectionProblem; retryAt: number }
  | { type: 'connection/bound'; jid: JidString }
  | { type: 'connection/online'; jid: JidString; resumed: boolean }
  | { type: 'connection/lost'; retryAt: number }
  | { type: 'connection/failed'; problem: ConnectionProblem }
  | { type: 'connection/signed-out' }
  | { type: 'roster/loaded'; ver: string | null; contacts: readonly Contact[] }
  | { type: 'roster/pushed'; ver: string | null; contact: Contact }
  | { type: 'presence/received'; presences: readonly PresenceEvent[] }
  | { type: 'request/resolved'; jid: JidString }
  | { type: 'history/restored'; history: RestoredHistory }
  | { type: 'messages/added'; messages: readonly ChatMessage[]; live: boolean }
  | { type: 'messages/older'; peer: JidString; messages: readonly ChatMessage[]; complete: boolean }
  | { type: 'messages/loading'; peer: JidString }
  | { type: 'message/updated'; message: ChatMessage; patch: MessagePatch }
  | { type: 'storage/problem'; problem: StorageProblem }
  | { type: 'feature/slice'; id: string; slice: unknown }
  | { type: 'chat/opened'; jid: JidString }
  | { type: 'chat/closed' }
  | { type: 'view/looking'; looking: boolean }
  | { type: 'view/following'; following: boolean }
  | { type: 'conversation/named'; peer: JidString; name: string }
  | { type: 'own/presence'; show: OwnShow; status: string };

// One collator for every comparison (localeCompare with options builds one per call, tens of milliseconds for
// a 500-contact roster), made when first needed: making it costs 10 to 20 ms, which page load should not pay.
let collator: Intl.Collator | undefined;

/** The order of contact names in the user's locale, ignoring case and accents. */
export function nameOrder(): Intl.Collator {
  collator ??= new Intl.Collator(undefined, { sensitivity: 'base' });
  return collator;
}

function byDisplayName(a: Contact, b: Contact): number {
  return nameOrder().compare(displayName(a), displayName(b)) || (a.jid < b.jid ? -1 : a.jid > b.jid ? 1 : 0);
}

function withoutKey<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

function pushContact(contacts: readonly Contact[], contact: Contact): readonly Contact[] {
  const others = contacts.filter((c) => c.jid !== contact.jid);
  if (contact.subscription === 'remove') return others;
  return [...others, contact].sort(byDisplayName);
}

/**
 * Applies a batch of presence in one pass: one copy of the presence map for the whole batch, so a storm of
 * 10,000 stanzas costs one pass, not 10,000 copies of a 10,000-entry map.
 */
function reducePresences(state: ChatState, presences: readonly PresenceEvent[]): ChatState {
  let map: Record<JidString, Readonly<Record<string, ResourcePresence>>> | null = null;
  const writable = () => (map ??= { ...state.presence });
  const current = (jid: JidString) => (map ?? state.presence)[jid];
  let { requests } = state;
  for (const presence of presences) {
    switch (presence.kind) {
      case 'available': {
        const entry: ResourcePresence = { availability: presence.availability, status: presence.status, priority: presence.priority };
        writable()[presence.from] = { ...current(presence.from), [presence.resource]: entry };
        break;
      }
      case 'unavailable': {
        const resources = current(presence.from);
        if (!resources) break;
        // A bare-JID unavailable (or one from the server on our behalf) means every resource is gone.
        const left = presence.resource ? withoutKey(resources, presence.resource) : {};
        if (Object.keys(left).length > 0) writable()[presence.from] = left;
        else delete writable()[presence.from];
        break;
      }
      case 'subscribe':
        if (!requests.includes(presence.from)) requests = [...requests, presence.from];
        break;
      case 'unsubscribe':
        requests = requests.filter((jid) => jid !== presence.from);
        break;
      case 'unsubscribed':
        // They no longer share presence with us: forget what we knew.
        if (current(presence.from)) delete writable()[presence.from];
        break;
      default:
        break;
    }
  }
  if (map === null && requests === state.requests) return state;
  return { ...state, presence: map ?? state.presence, requests };
}

/**
 * Inserts by order, skipping what the conversation already holds; merges what a new sighting knows. New
 * messages go in with one merge of two ordered lists, not one copy of the conversation each: paging back
 * through 10,000 messages stays linear.
 */
function mergeMessages(existing: readonly ChatMessage[], incoming: readonly ChatMessage[]): { messages: readonly ChatMessage[]; added: ChatMessage[] } {
  let held = existing;
  const added: ChatMessage[] = [];
  for (const message of incoming) {
    const index = held.findIndex((m) => isSameMessage(m, message));
    if (index >= 0) {
      const known = held[index];
      if (!known.stanzaId && message.stanzaId) held = held.with(index, { ...known, stanzaId: message.stanzaId });
      continue;
    }
    const twin = added.findIndex((m) => isSameMessage(m, message));
    if (twin < 0) added.push(message);
    else if (!added[twin].stanzaId && message.stanzaId) added[twin] = { ...added[twin], stanzaId: message.stanzaId };
  }
  if (added.length === 0) return { messages: held, added };
  // Stable: among equal orders, what was held comes first, then the new ones as they came.
  const fresh = added.toSorted((a, b) => a.order - b.order);
  const messages: ChatMessage[] = [];
  let i = 0;
  for (const message of fresh) {
    while (i < held.length && held[i].order <= message.order) messages.push(held[i++]);
    messages.push(message);
  }
  while (i < held.length) messages.push(held[i++]);
  return { messages, added };
}

function addMessages(state: ChatState, incoming: readonly ChatMessage[], live: boolean): ChatState {
  let { activeChat } = state;
  const conversations = { ...state.conversations };
  let changed = false;
  for (const message of incoming) {
    const existing = conversations[message.peer] ?? emptyConversation(message.peer);
    const { messages, added } = mergeMessages(existing.messages, [message]);
    if (messages === existing.messages && conversations[message.peer]) continue;
    changed = true;
    const arrives = live && added.length > 0 && message.direction === 'in';
    if (arrives && activeChat === null) activeChat = message.peer;
    const unread = arrives && (activeChat !== message.peer || !state.looking) ? existing.unread + 1 : existing.unread;
    conversations[message.peer] = { ...existing, messages, unread };
  }
  if (changed && mayForget(state)) {
    // A busy room for hours must not fill memory: beyond MAX_IN_MEMORY, only the newest KEPT_IN_MEMORY stay
    // (this device has them all; scrolling back reads them again), unless the reader is among the older ones.
    for (const peer of new Set(incoming.map((m) => m.peer))) {
      const conversation = conversations[peer];
      if (conversation.messages.length <= MAX_IN_MEMORY || (peer === activeChat && !state.following)) continue;
      conversations[peer] = { ...conversation, messages: conversation.messages.slice(-KEPT_IN_MEMORY), historyComplete: false };
    }
  }
  return changed || activeChat !== state.activeChat ? { ...state, activeChat, conversations } : state;
}

/** A conversation holds at most this many messages in memory, and drops to the newest {@link KEPT_IN_MEMORY}. */
export const MAX_IN_MEMORY = 1_000;
const KEPT_IN_MEMORY = 500;

/** Messages may leave memory only while this device keeps every one (no storage problem): else memory is all there is. */
function mayForget(state: ChatState): boolean {
  return state.storage.problem === null;
}

function patchMessage(state: ChatState, target: ChatMessage, patch: MessagePatch): ChatState {
  const conversation = state.conversations[target.peer];
  const index = conversation?.messages.findIndex((m) => isSameMessage(m, target)) ?? -1;
  if (!conversation || index < 0) return state;
  const messages = conversation.messages.with(index, { ...conversation.messages[index], ...patch });
  return { ...state, conversations: { ...state.conversations, [target.peer]: { ...conversation, messages } } };
}

function restore(state: ChatState, history: RestoredHistory): ChatState {
  const conversations: Record<JidString, Conversation> = { ...state.conversations };
  for (const record of history.conversations) {
    conversations[record.peer] = {
      ...(conversations[record.peer] ?? emptyConversation(record.peer)),
      unread: record.unread,
      historyComplete: record.historyComplete,
      name: record.name,
    };
  }
  for (const [peer, page] of Object.entries(history.pages)) {
    const existing = conversations[peer] ?? emptyConversation(peer);
    conversations[peer] = { ...existing, messages: mergeMessages(existing.messages, page).messages };
  }
  return {
    ...state,
    roster: history.roster ? { ver: history.roster.ver, contacts: [...history.roster.contacts].sort(byDisplayName) } : state.roster,
    conversations,
    activeChat: state.activeChat ?? history.activeChat,
    presence: history.presence ?? state.presence,
  };
}

export function reduce(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'connection/connecting': {
      // A retry keeps the reason it is one, so the widget can say it is trying again.
      const problem = action.retry ? state.connection.problem : null;
      return { ...state, connection: { state: 'connecting', jid: action.jid, problem, reconnecting: false, bound: false, retryAt: null } };
    }
    case 'connection/waiting':
      return { ...state, connection: { ...state.connection, state: 'connecting', problem: action.problem, bound: false, retryAt: action.retryAt } };
    case 'connection/bound':
      return { ...state, connection: { ...state.connection, jid: action.jid, bound: true } };
    case 'connection/online': {
      const connection = { state: 'online' as const, jid: action.jid, problem: null, reconnecting: false, bound: true, retryAt: null };
      // After a fresh bind the server re-sends every contact's presence; stale entries would linger otherwise.
      return action.resumed ? { ...state, connection } : { ...state, connection, presence: {} };
    }
    case 'connection/lost':
      return { ...state, connection: { ...state.connection, state: 'connecting', reconnecting: true, retryAt: action.retryAt } };
    case 'connection/failed':
      return { ...state, presence: {}, connection: { ...state.connection, state: 'error', problem: action.problem, reconnecting: false, bound: false, retryAt: null } };
    case 'connection/signed-out':
      return { ...initialState, looking: state.looking };
    case 'roster/loaded':
      return { ...state, roster: { ver: action.ver, contacts: [...action.contacts].sort(byDisplayName) } };
    case 'roster/pushed':
      return {
        ...state,
        roster: { ver: action.ver ?? state.roster.ver, contacts: pushContact(state.roster.contacts, action.contact) },
      };
    case 'presence/received':
      return reducePresences(state, action.presences);
    case 'request/resolved':
      return { ...state, requests: state.requests.filter((jid) => jid !== action.jid) };
    case 'history/restored':
      return restore(state, action.history);
    case 'messages/added':
      return addMessages(state, action.messages, action.live);
    case 'messages/older': {
      const existing = state.conversations[action.peer] ?? emptyConversation(action.peer);
      const conversation: Conversation = {
        ...existing,
        messages: mergeMessages(existing.messages, action.messages).messages,
        historyComplete: existing.historyComplete || action.complete,
        loadingOlder: false,
      };
      return { ...state, conversations: { ...state.conversations, [action.peer]: conversation } };
    }
    case 'messages/loading': {
      const existing = state.conversations[action.peer] ?? emptyConversation(action.peer);
      return { ...state, conversations: { ...state.conversations, [action.peer]: { ...existing, loadingOlder: true } } };
    }
    case 'message/updated':
      return patchMessage(state, action.message, action.patch);
    case 'feature/slice':
      return { ...state, features: { ...state.features, [action.id]: action.slice } };
    case 'storage/problem':
      return state.storage.problem === action.problem ? state : { ...state, storage: { problem: action.problem } };
    case 'chat/opened':
    case 'view/looking': {
      const jid = action.type === 'chat/opened' ? action.jid : state.activeChat;
      const looking = action.type === 'view/looking' ? action.looking : state.looking;
      const conversation = jid && state.conversations[jid];
      // What is on screen while someone looks at it has been read.
      const conversations = conversation && looking ? { ...state.conversations, [jid]: { ...conversation, unread: 0 } } : state.conversations;
      return { ...state, activeChat: jid, looking, conversations };
    }
    case 'view/following':
      return state.following === action.following ? state : { ...state, following: action.following };
    case 'conversation/named': {
      const conversation = state.conversations[action.peer] ?? emptyConversation(action.peer);
      return conversation.name === action.name ? state : { ...state, conversations: { ...state.conversations, [action.peer]: { ...conversation, name: action.name } } };
    }
    case 'chat/closed':
      return { ...state, activeChat: null };
    case 'own/presence':
      return { ...state, own: { show: action.show, status: action.status } };
  }
}
