import type {
  Availability,
  ChatMessage,
  ConnectionState,
  Contact,
  JidString,
  OwnShow,
  ResourcePresence,
} from '../model/types.js';

/**
 * Why the connection is not online, as codes the UI words: a kind, and its condition (a SASL or stream
 * error condition, `no-mechanism`, `server-proof`, `timeout`, `closed`; for `input`, what is missing).
 */
export interface ConnectionProblem {
  kind: 'auth' | 'unreachable' | 'protocol' | 'input';
  condition: string;
  /** The sign-in field at fault, for an `input` problem. */
  field?: 'address' | 'password';
}

export interface ConnectionSlice {
  state: ConnectionState;
  /** Our full JID once bound; the bare JID while signing in. */
  jid: JidString;
  problem: ConnectionProblem | null;
  /** True while a dropped connection is being re-established. */
  reconnecting: boolean;
  /** True once the server has accepted this sign-in (bound), while the roster is still on its way. */
  bound: boolean;
  /** When the next attempt to reach the server starts (ms since the epoch), while waiting for it; else null. */
  retryAt: number | null;
}

export interface Conversation {
  peer: JidString;
  /** The loaded part of the conversation, in order; older pages load on demand. */
  messages: readonly ChatMessage[];
  unread: number;
  /** The name a peer outside the roster gave themselves (XEP-0172), such as a support desk's visitor. */
  name?: string;
  /** True when nothing older exists, on this device or in the server's archive. */
  historyComplete: boolean;
  loadingOlder: boolean;
}

/** Why history is not being kept on this device (the widget then keeps it in memory). */
export type StorageProblem = 'unavailable' | 'blocked' | 'full' | 'closed';

export interface ChatState {
  connection: ConnectionSlice;
  roster: {
    /** RFC 6121 §2.6 roster version, when the server supports versioning. */
    ver: string | null;
    /** Sorted by display name. */
    contacts: readonly Contact[];
  };
  /** Per bare JID, per resource. */
  presence: Readonly<Record<JidString, Readonly<Record<string, ResourcePresence>>>>;
  /** Bare JIDs asking to subscribe to our presence, oldest first. */
  requests: readonly JidString[];
  conversations: Readonly<Record<JidString, Conversation>>;
  activeChat: JidString | null;
  /**
   * Someone can see the chat: the page is visible and the host shows the widget (a launcher's panel is open).
   * Otherwise what arrives counts as unread, even in the open conversation.
   */
  looking: boolean;
  /**
   * The open conversation shows its newest messages (the reader has not scrolled back): older ones may leave
   * memory, since this device keeps them and scrolling back brings them again.
   */
  following: boolean;
  own: { show: OwnShow; status: string };
  storage: { problem: StorageProblem | null };
  /** Each loaded feature's own slice, by feature id (src/features/registry.ts), as its service keeps it. */
  features: Readonly<Record<string, unknown>>;
}

export const initialState: ChatState = {
  connection: { state: 'offline', jid: '', problem: null, reconnecting: false, bound: false, retryAt: null },
  roster: { ver: null, contacts: [] },
  presence: {},
  requests: [],
  conversations: {},
  activeChat: null,
  looking: true,
  following: true,
  own: { show: 'available', status: '' },
  storage: { problem: null },
  features: {},
};

export function emptyConversation(peer: JidString): Conversation {
  return { peer, messages: [], unread: 0, historyComplete: false, loadingOlder: false };
}

const AVAILABILITY_RANK: Record<Availability, number> = { online: 3, away: 2, busy: 1, offline: 0 };

/** Several resources aggregate to the most available one; equal ones to the highest priority. */
export function availabilityOf(state: ChatState, jid: JidString): Availability {
  const resources = state.presence[jid];
  let best: ResourcePresence | undefined;
  for (const candidate of Object.values(resources ?? {})) {
    if (
      !best ||
      AVAILABILITY_RANK[candidate.availability] > AVAILABILITY_RANK[best.availability] ||
      (candidate.availability === best.availability && candidate.priority > best.priority)
    ) {
      best = candidate;
    }
  }
  return best?.availability ?? 'offline';
}

/** The status text of the resource that decides {@link availabilityOf}. */
export function statusTextOf(state: ChatState, jid: JidString): string {
  const availability = availabilityOf(state, jid);
  const resources = Object.values(state.presence[jid] ?? {}).filter((r) => r.availability === availability);
  resources.sort((a, b) => b.priority - a.priority);
  return resources[0]?.status ?? '';
}

export function displayName(contact: Pick<Contact, 'jid' | 'name'>): string {
  return contact.name.trim() || contact.jid;
}

/** How the widget names `jid`: its roster name, else the address. */
export function nameOf(state: ChatState, jid: JidString): string {
  const contact = state.roster.contacts.find((c) => c.jid === jid);
  return contact ? displayName(contact) : state.conversations[jid]?.name || jid;
}

export function unreadTotal(state: ChatState): number {
  return Object.values(state.conversations).reduce((sum, c) => sum + c.unread, 0);
}
