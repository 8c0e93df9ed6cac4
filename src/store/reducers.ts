import type { ChatMessage, Contact, JidString, OwnShow, PresenceEvent, ResourcePresence } from '../model/types.js';
import { type ChatState, type ConnectionProblem, type Conversation, displayName, initialState } from './state.js';

/** Everything that can change the state. Reducers are pure: same state and action, same result. */
export type ChatAction =
  | { type: 'connection/connecting'; jid: JidString }
  | { type: 'connection/online'; jid: JidString; resumed: boolean }
  | { type: 'connection/lost' }
  | { type: 'connection/failed'; problem: ConnectionProblem }
  | { type: 'connection/signed-out' }
  | { type: 'roster/loaded'; ver: string | null; contacts: readonly Contact[] }
  | { type: 'roster/pushed'; ver: string | null; contact: Contact }
  | { type: 'presence/received'; presence: PresenceEvent }
  | { type: 'request/resolved'; jid: JidString }
  | { type: 'message/added'; message: ChatMessage }
  | { type: 'chat/opened'; jid: JidString }
  | { type: 'chat/closed' }
  | { type: 'own/presence'; show: OwnShow; status: string };

function byDisplayName(a: Contact, b: Contact): number {
  return displayName(a).localeCompare(displayName(b), undefined, { sensitivity: 'base' }) || a.jid.localeCompare(b.jid);
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

function reducePresence(state: ChatState, presence: PresenceEvent): ChatState {
  switch (presence.kind) {
    case 'available': {
      const entry: ResourcePresence = {
        availability: presence.availability,
        status: presence.status,
        priority: presence.priority,
      };
      const resources = { ...state.presence[presence.from], [presence.resource]: entry };
      return { ...state, presence: { ...state.presence, [presence.from]: resources } };
    }
    case 'unavailable': {
      const current = state.presence[presence.from];
      if (!current) return state;
      // A bare-JID unavailable (or one from the server on our behalf) means every resource is gone.
      const resources = presence.resource ? withoutKey(current, presence.resource) : {};
      const presenceMap =
        Object.keys(resources).length > 0
          ? { ...state.presence, [presence.from]: resources }
          : withoutKey(state.presence, presence.from);
      return { ...state, presence: presenceMap };
    }
    case 'subscribe':
      if (state.requests.includes(presence.from)) return state;
      return { ...state, requests: [...state.requests, presence.from] };
    case 'unsubscribe':
      return { ...state, requests: state.requests.filter((jid) => jid !== presence.from) };
    case 'unsubscribed':
      // They no longer share presence with us: forget what we knew.
      return { ...state, presence: withoutKey(state.presence, presence.from) };
    default:
      return state;
  }
}

function addMessage(state: ChatState, message: ChatMessage): ChatState {
  const existing: Conversation = state.conversations[message.peer] ?? { peer: message.peer, messages: [], unread: 0 };
  if (existing.messages.some((m) => m.id === message.id && m.from === message.from && message.id !== '')) return state;
  const opensChat = state.activeChat === null && message.direction === 'in';
  const isActive = opensChat || state.activeChat === message.peer;
  const conversation: Conversation = {
    peer: message.peer,
    messages: [...existing.messages, message],
    unread: isActive || message.direction === 'out' ? existing.unread : existing.unread + 1,
  };
  return {
    ...state,
    activeChat: opensChat ? message.peer : state.activeChat,
    conversations: { ...state.conversations, [message.peer]: conversation },
  };
}

export function reduce(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'connection/connecting':
      return { ...state, connection: { state: 'connecting', jid: action.jid, problem: null, reconnecting: false } };
    case 'connection/online': {
      const connection = { state: 'online' as const, jid: action.jid, problem: null, reconnecting: false };
      // After a fresh bind the server re-sends every contact's presence; stale entries would linger otherwise.
      return action.resumed ? { ...state, connection } : { ...state, connection, presence: {} };
    }
    case 'connection/lost':
      return { ...state, connection: { ...state.connection, state: 'connecting', reconnecting: true } };
    case 'connection/failed':
      return { ...state, presence: {}, connection: { ...state.connection, state: 'error', problem: action.problem, reconnecting: false } };
    case 'connection/signed-out':
      return initialState;
    case 'roster/loaded':
      return { ...state, roster: { ver: action.ver, contacts: [...action.contacts].sort(byDisplayName) } };
    case 'roster/pushed':
      return {
        ...state,
        roster: { ver: action.ver ?? state.roster.ver, contacts: pushContact(state.roster.contacts, action.contact) },
      };
    case 'presence/received':
      return reducePresence(state, action.presence);
    case 'request/resolved':
      return { ...state, requests: state.requests.filter((jid) => jid !== action.jid) };
    case 'message/added':
      return addMessage(state, action.message);
    case 'chat/opened': {
      const conversation = state.conversations[action.jid];
      const conversations = conversation
        ? { ...state.conversations, [action.jid]: { ...conversation, unread: 0 } }
        : state.conversations;
      return { ...state, activeChat: action.jid, conversations };
    }
    case 'chat/closed':
      return { ...state, activeChat: null };
    case 'own/presence':
      return { ...state, own: { show: action.show, status: action.status } };
  }
}
