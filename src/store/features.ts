import type { ChatMessage, JidString } from '../model/types.js';
import type { Stanza } from '../xmpp/session.js';
import type { ChatAction } from './reducers.js';
import type { ChatState } from './state.js';

/**
 * A message as it reached us, unwrapped once: live, as a carbon of one of our other clients (XEP-0280), or
 * from the archive (XEP-0313). Features see the message itself, whichever way it came.
 */
export interface Arrival {
  /** The message: the stanza itself, or the one a carbon or an archive result forwards. */
  readonly message: Stanza;
  readonly via: 'live' | 'carbon' | 'archive';
  /** `out`: we wrote it (on this device or another). */
  readonly direction: 'in' | 'out';
  /** The conversation it belongs to: the contact's bare JID. */
  readonly peer: JidString;
  /**
   * Whose XEP-0359 stanza-id on it we trust: our account's, when our server says it stamps them (§6); none
   * otherwise (anyone can write one). An archived message needs none: its archive id is the one.
   */
  readonly vouchedBy?: JidString;
  /** From the archive (XEP-0313): its id there, and when it was archived (null: not said). */
  readonly archived?: { readonly id: string; readonly stamp: number | null };
}

/**
 * What a feature's service gets from the store: its account, the stream, the state, and the core's own way
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
  /**
   * Keeps messages that a feature unwrapped (carbons, a room's), through the same pipeline as every message:
   * `live` (the default) as news; `caught-up`, what an archive says came while we were away, as news placed
   * in archive order; `history`, older messages from an archive, placed so and told to no one.
   */
  keep(arrivals: readonly Arrival[], as?: 'live' | 'caught-up' | 'history'): Promise<unknown>;
  /** The archive id of the newest message we hold of `peer`'s conversation (on screen or on this device). */
  newestArchiveId(peer: JidString): Promise<string | null>;
  /**
   * Our messages to `to` that the feature held back ({@link FeatureService.holds}) may go now; those whose
   * ids are in `arrived` got there already (a room's archive holds them): they are only marked sent.
   */
  release(to: JidString, arrived: ReadonlySet<string>): void;
  /** Our message `id` is known to have arrived (a room reflected it): sent, and out of the outbox. */
  confirmed(id: string): void;
  /**
   * Writes a message of ours through the outbox (kept until the server has it, sent once) that changes one
   * already shown: no new message in the log. `payloads` as for any message, for the features' outbound hooks.
   */
  writeHidden(to: JidString, body: string, payloads: Readonly<Record<string, unknown>>): Promise<unknown>;
  /** Changes a message on screen and on this device (a correction's new body, a feature's payload). */
  updateMessage(message: ChatMessage, patch: { body?: string; payloads?: Readonly<Record<string, unknown>> }): void;
  /** Resolves once the messages being kept now are in the state (their stanza-ids too). */
  settled(): Promise<void>;
  /**
   * Our message `id` reached `by`'s client (delivered, XEP-0184), or someone there saw it (displayed, XEP-0333).
   * Only `by`, whom it went to, can say so.
   */
  markState(id: string, state: 'delivered' | 'displayed', by: JidString): Promise<void>;
  /** `jid` is subscribed to our presence (RFC 6121 `from` or `both`). */
  seesOurPresence(jid: JidString): boolean;
  /** Hands an action to another feature (loading its chunk), as an element would: its answer. */
  act(feature: string, action: FeatureAction): Promise<unknown>;
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
  /** After every fresh sign-in, once our presence is out: stanzas to others may go from now on. */
  ready?(context: FeatureContext): void;
  /**
   * A live stanza with a child in one of the feature's namespaces, before anything else sees it: true when
   * the feature took it (a carbon, a receipt).
   */
  inbound?(stanza: Stanza, context: FeatureContext): boolean;
  /**
   * A message with a child in one of the feature's namespaces, however it came ({@link Arrival}): `true` when
   * the feature took it (nothing is shown), an object to keep with the message as its payload (under the
   * feature's id), anything else to leave it be.
   */
  message?(arrival: Arrival, context: FeatureContext): unknown;
  /** Our available presence, just before it leaves: the feature may add children to it. */
  presence?(stanza: Stanza, context: FeatureContext): void;
  /**
   * An outgoing message of the outbox, just before it leaves: the feature may add children to it, from its
   * payload on the message if it put one there.
   */
  outbound?(stanza: Stanza, context: FeatureContext, payload: unknown): void;
  /**
   * Where `peer`'s history is archived when not in our account's archive: a room's, at its JID (XEP-0313
   * §5.1.2), where our own messages are those from `nick`. Undefined: not this feature's.
   */
  archiveOf?(peer: JidString, context: FeatureContext): { archive: JidString; nick: string } | undefined;
  /** True while our messages to `to` must wait (a room not joined yet, or still catching up). */
  holds?(to: JidString, context: FeatureContext): boolean;
  /** A user action from an element (`ChatStore.act`). */
  act?(action: FeatureAction, context: FeatureContext): unknown;
}
