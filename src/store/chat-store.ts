import type { ChatMessage, JidString, OwnShow } from '../model/types.js';
import { ConnectionService, type SignInOptions } from './connection.js';
import { StoreCore, type StoreEvent } from './core.js';
import type { FeatureAction } from './features.js';
import { HistoryService } from './history.js';
import { InboundRouter } from './inbound.js';
import { OutboxService } from './outbox.js';
import { RosterService } from './roster.js';
import type { ChatState } from './state.js';

export type { SignInOptions } from './connection.js';
export { PAGE_SIZE, type StoreEvent } from './core.js';
export { MAX_OUTGOING_BODY } from './outbox.js';

/** A core with every service, wired to each other: what a {@link ChatStore} runs on, and what tests build. */
export function storeCore(): StoreCore {
  const core = new StoreCore();
  core.connection = new ConnectionService(core);
  core.history = new HistoryService(core);
  core.inbound = new InboundRouter(core);
  core.outbox = new OutboxService(core);
  core.roster = new RosterService(core);
  return core;
}

/**
 * One account's state and the actions that change it. Each `<xmpp-chat>` owns one; every element below it
 * reads slices of {@link ChatStore.state} and calls these actions, never the protocol directly.
 *
 * A facade over services with one concern each, sharing a {@link StoreCore}: the connection, roster and
 * presence, conversations and history, the outbox, and inbound routing (with the features).
 *
 * Nothing is lost: history lives in IndexedDB (in memory when that fails), a message enters the outbox
 * before it is sent and leaves it when the server acks it, a dropped stream is resumed, and after a fresh
 * sign-in the archive (XEP-0313) fills the gap.
 */
export class ChatStore {
  readonly #core = storeCore();
  /** Features whose UI actions the host page turned off (`chat-states="off"`): their `act` is not called. */
  readonly silenced = new Set<string>();

  get state(): ChatState {
    return this.#core.state;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    const { subscribers } = this.#core;
    subscribers.add(listener);
    return () => subscribers.delete(listener);
  }

  onEvent(listener: (event: StoreEvent) => void): () => void {
    const { listeners } = this.#core;
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /**
   * Signs in. A server that cannot be reached is tried again by itself, with backoff, until it answers;
   * a refused sign-in leaves `connection.state === 'error'` with a problem to show.
   */
  signIn(options: SignInOptions): Promise<void> {
    return this.#core.connection.signIn(options);
  }

  /**
   * Tries to reach the server now instead of at the next scheduled retry: the network came back, the page
   * became visible again, or the user asked.
   */
  retryNow() {
    this.#core.connection.retryNow();
  }

  /**
   * Signs out: the server ends the stream and tells contacts we left. History stays on this device unless
   * `forget` is set, which deletes every database of the account.
   */
  signOut({ forget = false } = {}): Promise<void> {
    return this.#core.connection.signOut(forget);
  }

  /**
   * Leaves the stream open on the server, for the next page load to resume (a reload, or navigating to
   * another page of the site): call when the page goes away.
   */
  suspend() {
    this.#core.connection.suspend();
  }

  /**
   * Hands what the user did to a feature, loading its chunk on first use. Resolves to the feature's answer,
   * or to 'offline' when there is no session or the chunk cannot be fetched.
   */
  async act(featureId: string, action: FeatureAction): Promise<unknown> {
    return this.silenced.has(featureId) ? null : this.#core.inbound.act(featureId, action);
  }

  /**
   * Writes a message: it shows at once and enters the outbox before the first byte leaves, then goes out
   * now or as soon as the connection is back. `payloads`: what features attach to it (a reply, a
   * correction), by feature id. Returns why it was refused (longer than {@link MAX_OUTGOING_BODY}), or null.
   */
  sendMessage(to: JidString, body: string, payloads?: Readonly<Record<string, unknown>>): Promise<'too-long' | null> {
    return this.#core.outbox.write(to, body, payloads);
  }

  /** Sends a failed message again, with the same id, so a receiver that did get it shows it once. */
  retryMessage(message: ChatMessage): Promise<void> {
    return this.#core.outbox.retry(message);
  }

  setPresence(show: OwnShow, status: string): Promise<void> {
    return this.#core.roster.setPresence(show, status);
  }

  /**
   * Tells the server whether anyone is looking (XEP-0352): while hidden, it holds back presence updates
   * and other chatter that can wait.
   */
  setPageVisible(visible: boolean) {
    this.#pageVisible = visible;
    this.#look();
    // Someone is looking again: a connection that is down should not make them wait for its backoff.
    if (this.#core.roster.setPageVisible(visible) && visible) this.retryNow();
  }

  /** Whether the host page shows the widget (false while a launcher's panel is closed). */
  setShown(shown: boolean) {
    this.#shown = shown;
    this.#look();
  }

  #pageVisible = true;
  #shown = true;

  #look() {
    const looking = this.#pageVisible && this.#shown;
    if (looking !== this.state.looking) this.#core.dispatch({ type: 'view/looking', looking });
  }

  /** Whether the open conversation shows its newest messages (older ones may then leave memory). */
  setFollowing(following: boolean) {
    if (following !== this.state.following) this.#core.dispatch({ type: 'view/following', following });
  }

  openChat(jid: JidString) {
    this.#core.history.openChat(jid);
  }

  closeChat() {
    this.#core.dispatch({ type: 'chat/closed' });
  }

  /**
   * Shows older messages of a conversation: from this device first, then from the server's archive
   * (XEP-0313 `before`), until it says there is nothing older.
   */
  loadOlder(peer: JidString): Promise<void> {
    return this.#core.history.loadOlder(peer);
  }
}
