/** A JID as a string: `local@domain` (bare) or `local@domain/resource` (full). */
export type JidString = string;

/** How available a contact is, in the words the widget shows. */
export type Availability = 'online' | 'away' | 'busy' | 'offline';

/** What the user can choose for their own presence. */
export type OwnShow = 'available' | 'away' | 'busy';

/** RFC 6121 §2.1.2.5 subscription states. */
export type Subscription = 'none' | 'to' | 'from' | 'both' | 'remove';

/** One roster item (RFC 6121 §2.1). */
export interface Contact {
  jid: JidString;
  name: string;
  subscription: Subscription;
  /** True while our subscription request is pending (`ask="subscribe"`). */
  pending: boolean;
  groups: string[];
}

/** One resource's presence, as last announced. */
export interface ResourcePresence {
  availability: Availability;
  status: string;
  priority: number;
}

/** A presence stanza reduced to what the widget needs. */
export type PresenceEvent =
  | { kind: 'available'; from: JidString; resource: string; availability: Exclude<Availability, 'offline'>; status: string; priority: number }
  | { kind: 'unavailable'; from: JidString; resource: string; status: string }
  | { kind: 'subscribe'; from: JidString; status: string }
  | { kind: 'subscribed' | 'unsubscribe' | 'unsubscribed'; from: JidString }
  | { kind: 'error'; from: JidString; condition: string };

export type MessageDirection = 'in' | 'out';

/**
 * Where a message is on its way. Ours: `sending` (in the outbox), `sent` (the server acked it, XEP-0198),
 * `delivered` (the other side's client confirmed it, XEP-0184), `displayed` (someone there saw it, XEP-0333) or
 * `failed` (a stanza error). Theirs: `received`.
 */
export type MessageState = 'sending' | 'sent' | 'delivered' | 'displayed' | 'failed' | 'received';

/** A one-to-one chat message. */
export interface ChatMessage {
  /** Stanza id (`id` attribute), unique per sender. */
  id: string;
  /** Bare JID of the other side of the conversation. */
  peer: JidString;
  direction: MessageDirection;
  /** Bare JID of the author. */
  from: JidString;
  body: string;
  /** Milliseconds since the epoch: the XEP-0203 delay stamp if any, else arrival time. */
  timestamp: number;
  /**
   * Position in the conversation: arrival and archive order. Timestamps cannot order messages: archives
   * stamp them to the second, and clocks differ.
   */
  order: number;
  state: MessageState;
  /** XEP-0359 stanza-id given by our own server's archive, once known. */
  stanzaId: string | null;
  /** XEP-0359 origin-id given by the sending client. */
  originId: string | null;
  /**
   * What features attach to the message, by feature id (the sender's `<unstyled/>`; later a reply, a
   * correction, an attachment). Kept with the message in IndexedDB as they are: a feature that adds one
   * needs no change to the schema.
   */
  payloads?: Readonly<Record<string, unknown>>;
  /**
   * Why a message failed, when it did: the stanza error condition (RFC 6120 §8.3.3), then `: ` and the
   * server's own text when it gave one. The widget words the condition for people; this is the detail.
   */
  error?: string;
}

/**
 * The same message seen twice (live and from the archive, from two tabs, or sent again after a lost ack)
 * has the same identity: the sender's origin-id first (a resend keeps it, but gets a new archive id), then
 * our archive's stanza-id, then the sender's stanza id.
 */
export function isSameMessage(a: Pick<ChatMessage, 'from' | 'id' | 'stanzaId' | 'originId'>, b: typeof a): boolean {
  if (a.from === b.from && a.originId && b.originId) return a.originId === b.originId;
  if (a.stanzaId && b.stanzaId) return a.stanzaId === b.stanzaId;
  if (a.from !== b.from) return false;
  return a.id !== '' && a.id === b.id;
}

/** A message as parsed from the wire, before it is placed in a conversation. */
export interface IncomingMessage {
  id: string;
  from: JidString;
  to: JidString;
  type: 'chat' | 'normal' | 'groupchat';
  body: string;
  /** XEP-0203 delay stamp in ms, if present. */
  delayedAt: number | null;
  /**
   * XEP-0359 §2.2 `<origin-id/>` set by the sender's client (1 to 256 characters), else `null`.
   * Spoofable (§6): good for matching our own messages coming back, never for referencing others'.
   */
  originId: string | null;
  /**
   * XEP-0359 §2.1 `<stanza-id/>` elements: `by` is the bare JID of the entity that assigned `id`.
   * Only the one whose `by` is our own account can be trusted (§6), and only when our server
   * announces `urn:xmpp:sid:0`; see `trustedStanzaId()`.
   */
  stanzaIds: { by: JidString; id: string }[];
  /** XEP-0184 §7: the sender asked for a delivery receipt and we may send one. */
  receiptRequested: boolean;
}

/** The connection as the root element reflects it. */
export type ConnectionState = 'offline' | 'connecting' | 'online' | 'error';
