import type { ChatMessage, IncomingMessage, JidString } from '../model/types.js';
import type { Placement } from '../model/ordering.js';
import type { Stanza } from '../xmpp/session.js';
import type { ChatAction } from './reducers.js';
import type { ChatState } from './state.js';

/**
 * What a feature's service gets from the store: its account, the stream, and the core's own way
 * of keeping messages (deduped, ordered, counted as unread, told to the host page). Nothing else: a service
 * can be tested with a context of its own.
 */
export interface FeatureContext {
  /** Our own bare JID. */
  readonly account: JidString;
  /** The state now, and the one way to change it. */
  readonly state: ChatState;
  dispatch(action: ChatAction): void;
  send(stanza: Stanza): Promise<boolean>;
  request(iq: Stanza): Promise<Stanza>;
  /** A message as the core keeps it, from a parsed one. */
  toChatMessage(incoming: IncomingMessage, peer: JidString, direction: 'in' | 'out'): ChatMessage;
  store(messages: readonly ChatMessage[], how: { live: boolean; placement: Placement }): Promise<unknown>;
  /** Our message `id` reached `by`'s client (only `by`, whom it went to, can say so). */
  markDelivered(id: string, by: JidString): void;
  /** `jid` is subscribed to our presence (RFC 6121 `from` or `both`). */
  seesOurPresence(jid: JidString): boolean;
  /** Replaces the feature's own slice of the state (`state.features[id]`, undefined at first) with `update`'s. */
  updateSlice(update: (slice: unknown) => unknown): void;
}

/** What the user did, handed by an element to a feature through `ChatStore.act`. */
export interface FeatureAction {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** A feature's hooks into the store. */
export interface FeatureService {
  /** After every fresh sign-in (not after a resumed stream, whose server state is kept). */
  online?(context: FeatureContext): Promise<unknown>;
  /** An inbound stanza with a child in one of the feature's namespaces: true when the feature took it. */
  inbound?(stanza: Stanza, context: FeatureContext): boolean;
  /** Our available presence, just before it leaves: the feature may add children to it. */
  presence?(stanza: Stanza, context: FeatureContext): void;
  /** An outgoing message of the outbox, just before it leaves: the feature may add children to it. */
  outbound?(stanza: Stanza, context: FeatureContext): void;
  /** A user action from an element (`ChatStore.act`). */
  act?(action: FeatureAction, context: FeatureContext): unknown;
}
