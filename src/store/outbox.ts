import { featureById, loadFeature } from '../features/registry.js';
import { newId } from '../model/id.js';
import type { ChatMessage, JidString, MessageState } from '../model/types.js';
import type { OutboxEntry } from '../storage/history-db.js';
import { buildChatMessage } from '../xmpp/message.js';
import type { Stanza, XmppSession } from '../xmpp/session.js';
import type { StoreCore } from './core.js';
import type { MessagePatch } from './reducers.js';

/** Above this, a body is refused rather than cut (servers refuse big stanzas: Prosody at 256 KiB). */
export const MAX_OUTGOING_BODY = 64 * 1024;

const STATE_RANK: Record<MessageState, number> = { failed: 0, sending: 1, sent: 2, delivered: 3, displayed: 4, received: 3 };

/**
 * Our messages on their way: a message enters the outbox (here and in IndexedDB) before its first byte
 * leaves, and leaves it when the server acks it (XEP-0198) or the archive shows it arrived.
 */
export class OutboxService {
  readonly #core: StoreCore;
  readonly #entries = new Map<string, OutboxEntry>();
  /** Entries on the wire in this stream, awaiting the server's ack. */
  readonly #inFlight = new Set<string>();
  /**
   * True once a (re)connection has caught up and sent the backlog: before that, new messages wait in the
   * outbox, so they cannot overtake older ones.
   */
  #ready = false;

  constructor(core: StoreCore) {
    this.#core = core;
  }

  /** True while messages wait to be acked or sent. */
  get busy(): boolean {
    return this.#entries.size > 0;
  }

  /** Entries this device kept from an earlier visit. */
  restore(entries: readonly OutboxEntry[]) {
    for (const entry of entries) this.#entries.set(entry.id, entry);
  }

  /** The stream is gone: nothing is on the wire any more, and new messages wait for the next flush. */
  pause() {
    this.#ready = false;
    this.#inFlight.clear();
  }

  /** Signed out: forget every entry (the database keeps them for the next sign-in). */
  clear() {
    this.pause();
    this.#entries.clear();
  }

  /**
   * Writes a message: it shows at once and enters the outbox before the first byte leaves, then goes out
   * now or as soon as the connection is back. `payloads`: what features attach to it, by feature id, for
   * their outbound hooks. `shown` false: it changes a message already shown (a correction), and adds none.
   * Returns why it was refused, or null.
   */
  async write(to: JidString, body: string, payloads?: OutboxEntry['payloads'], shown = true): Promise<'too-long' | null> {
    if (!body.trim()) return null;
    if (body.length > MAX_OUTGOING_BODY) return 'too-long';
    const entry: OutboxEntry = { id: newId(), to, body, createdAt: Date.now(), ...(payloads && { payloads }) };
    await this.#core.history.opened.catch(() => undefined);
    // Saved before the first byte leaves, and on screen before any ack can arrive for it.
    await this.#core.db?.putOutbox(entry);
    if (shown) await this.#core.history.keep([this.#asMessage(entry)], { live: false, placement: 'append' });
    this.#queue(entry);
    return null;
  }

  /** Sends a failed message again, with the same id, so a receiver that did get it shows it once. */
  async retry(message: ChatMessage): Promise<void> {
    if (message.direction !== 'out' || message.state !== 'failed') return;
    const { db } = this.#core;
    const entry: OutboxEntry = { id: message.originId ?? message.id, to: message.peer, body: message.body, createdAt: Date.now() };
    await db?.putOutbox(entry);
    this.#core.dispatch({ type: 'message/updated', message, patch: { state: 'sending', error: undefined } });
    await db?.updateMessage(message, { state: 'sending', error: undefined });
    this.#queue(entry);
  }

  #queue(entry: OutboxEntry) {
    this.#entries.set(entry.id, entry);
    const { session } = this.#core;
    if (session && this.#ready && !this.#core.inbound.holds(entry.to)) this.#transmit(session, entry);
  }

  /** A feature lets our messages to `to` go ({@link FeatureContext.release}): in order, those not `arrived`. */
  async release(to: JidString, arrived: ReadonlySet<string>) {
    const { session } = this.#core;
    for (const entry of [...this.#entries.values()].filter((e) => e.to === to && !this.#inFlight.has(e.id)).sort((a, b) => a.createdAt - b.createdAt)) {
      if (arrived.has(entry.id)) await this.mark(entry.id, { state: 'sent' });
      else if (session && this.#ready) this.#transmit(session, entry);
    }
  }

  #transmit(session: XmppSession, entry: OutboxEntry) {
    // A write and a flush after reconnecting can both reach here for one entry: send it once.
    if (this.#inFlight.has(entry.id)) return;
    this.#inFlight.add(entry.id);
    const stanza = this.#core.inbound.extend(session, 'outbound', buildChatMessage(entry.to, entry.body, entry.id), entry.payloads);
    session.send(stanza).catch(() => this.#inFlight.delete(entry.id));
  }

  /**
   * Sends what the outbox holds and is not on the wire: messages written offline, or lost with a stream
   * that could not be resumed. Those the archive already holds (`archivedOwn`) were delivered: only marked sent.
   */
  async flush(session: XmppSession, archivedOwn: ReadonlySet<string>) {
    // Entries may be added while this runs (the user keeps writing): take them in turn until none is left.
    const skipped = new Set<string>();
    for (;;) {
      if (this.#core.session !== session) return;
      // What a feature holds back (a room not joined yet) goes when it lets it (release).
      const next = [...this.#entries.values()]
        .filter((entry) => !this.#inFlight.has(entry.id) && !skipped.has(entry.id))
        .sort((a, b) => a.createdAt - b.createdAt)[0];
      if (!next) break;
      if (this.#core.inbound.holds(next.to)) {
        skipped.add(next.id);
        continue;
      }
      if (archivedOwn.has(next.id)) {
        await this.mark(next.id, { state: 'sent' });
        continue;
      }
      // What features attached (a correction's <replace/>) needs their chunks: after a resumed stream, not yet loaded.
      for (const id in next.payloads) {
        const feature = featureById(id);
        if (feature) await loadFeature(feature).catch(() => undefined);
      }
      this.#transmit(session, next);
    }
    this.#ready = true;
  }

  /** The server acked a stanza (XEP-0198): a message of ours is sent. */
  async acked(stanza: Stanza) {
    const id = String(stanza.attrs.id ?? '');
    if (stanza.is('message') && this.#entries.has(id)) await this.mark(id, { state: 'sent' });
  }

  /** Its stream is gone unacked: the outbox still holds it, and the next flush decides whether to send it again. */
  unacked(stanza: Stanza) {
    if (stanza.is('message')) this.#inFlight.delete(String(stanza.attrs.id));
  }

  /**
   * Moves our message forward (sending → sent → delivered), or to failed; never backwards. `peer`, when
   * given, must be whom the message went to (null: our own server speaking).
   */
  async mark(id: string, patch: MessagePatch & { state: MessageState }, peer?: JidString | null) {
    const core = this.#core;
    const entry = this.#entries.get(id);
    const message = this.#find(id) ?? (entry ? this.#asMessage(entry) : undefined);
    // The answer must come from whom it went to, or from their server (bounces come from the domain).
    if (peer && message && peer !== message.peer && peer !== message.peer.slice(message.peer.indexOf('@') + 1)) return;
    if (patch.state !== 'sending' && entry) {
      this.#entries.delete(id);
      this.#inFlight.delete(id);
      void core.db?.deleteOutbox(id);
    }
    if (!message) return;
    if (patch.state !== 'failed' && STATE_RANK[patch.state] <= STATE_RANK[message.state]) return;
    core.dispatch({ type: 'message/updated', message, patch });
    if (patch.state === 'delivered' || patch.state === 'displayed' || patch.state === 'failed') core.emit({ type: 'message-state', message, state: patch.state });
    await core.db?.updateMessage(message, patch);
  }

  /** Our message with this id, in any loaded conversation. */
  #find(id: string): ChatMessage | undefined {
    const own = this.#core.account;
    for (const conversation of Object.values(this.#core.state.conversations)) {
      const found = conversation.messages.find((m) => m.from === own && m.direction === 'out' && (m.id === id || m.originId === id));
      if (found) return found;
    }
    return undefined;
  }

  #asMessage(entry: OutboxEntry): ChatMessage {
    return {
      id: entry.id,
      peer: entry.to,
      direction: 'out',
      from: this.#core.account,
      body: entry.body,
      timestamp: entry.createdAt,
      order: 0,
      state: 'sending',
      stanzaId: null,
      originId: entry.id,
      ...(entry.payloads && { payloads: entry.payloads }),
    };
  }
}
