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
}

/** A message as parsed from the wire, before it is placed in a conversation. */
export interface IncomingMessage {
  id: string;
  from: JidString;
  to: JidString;
  type: 'chat' | 'normal';
  body: string;
  /** XEP-0203 delay stamp in ms, if present. */
  delayedAt: number | null;
}

/** The connection as the root element reflects it. */
export type ConnectionState = 'offline' | 'connecting' | 'online' | 'error';
