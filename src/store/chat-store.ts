import type { ChatMessage, JidString, OwnShow } from '../model/types.js';
import { bareJid, normalizeBareJid } from '../xmpp/jid.js';
import { buildChatMessage, parseChatMessage } from '../xmpp/message.js';
import { NS } from '../xmpp/ns.js';
import { buildPresence, buildSubscription, parsePresence } from '../xmpp/presence.js';
import { buildRosterGet, buildRosterRemove, buildRosterSet, parseRosterPush, parseRosterResult } from '../xmpp/roster.js';
import { SessionError, type Stanza, XmppSession } from '../xmpp/session.js';
import { type ChatAction, reduce } from './reducers.js';
import { type ChatState, type ConnectionProblem, initialState } from './state.js';

export interface SignInOptions {
  /** WebSocket URL of the server (RFC 7395). */
  service: string;
  jid: string;
  password: string;
}

/** What the store tells the page it lives on. */
export type StoreEvent =
  | { type: 'connect'; jid: JidString; resumed: boolean }
  | { type: 'disconnect'; reason: 'signed-out' | 'connection-lost' | 'failed' }
  | { type: 'message-receive'; message: ChatMessage };

const MAX_BODY_LENGTH = 64 * 1024;

function newId(): string {
  return crypto.randomUUID();
}

/**
 * One account's state and the actions that change it. Each `<xmpp-chat>` owns one; every element below it
 * reads slices of {@link ChatStore.state} and calls these actions, never the protocol directly.
 */
export class ChatStore {
  #state: ChatState = initialState;
  readonly #subscribers = new Set<() => void>();
  readonly #eventListeners = new Set<(event: StoreEvent) => void>();
  #session: XmppSession | null = null;
  #lastSignIn: SignInOptions | null = null;

  get state(): ChatState {
    return this.#state;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#subscribers.add(listener);
    return () => this.#subscribers.delete(listener);
  }

  onEvent(listener: (event: StoreEvent) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  #dispatch(action: ChatAction) {
    const next = reduce(this.#state, action);
    if (next === this.#state) return;
    this.#state = next;
    for (const listener of this.#subscribers) listener();
  }

  #emit(event: StoreEvent) {
    for (const listener of this.#eventListeners) listener(event);
  }

  #fail(problem: ConnectionProblem) {
    this.#dispatch({ type: 'connection/failed', problem });
  }

  /** Signs in; a failure leaves `connection.state === 'error'` with a problem to show. */
  async signIn(options: SignInOptions): Promise<void> {
    const jid = normalizeBareJid(options.jid);
    if (!jid) {
      this.#fail({ kind: 'input', message: 'Enter an address like name@example.org.' });
      return;
    }
    if (!options.service) {
      this.#fail({ kind: 'input', message: 'No chat server is configured for this widget.' });
      return;
    }
    if (!options.password) {
      this.#fail({ kind: 'input', message: 'Enter your password.' });
      return;
    }
    await this.#closeSession();
    this.#lastSignIn = { ...options, jid };
    this.#dispatch({ type: 'connection/connecting', jid });
    const session = this.#openSession({ ...options, jid });
    try {
      await session.start();
    } catch (error) {
      if (this.#session !== session) return;
      this.#session = null;
      const failure = error instanceof SessionError ? error : new SessionError('protocol', String(error));
      this.#fail({ kind: failure.kind, message: failure.message });
      this.#emit({ type: 'disconnect', reason: 'failed' });
    }
  }

  /** Tries the last sign-in again, for example after the server was unreachable. */
  async retry(): Promise<void> {
    if (this.#lastSignIn) await this.signIn(this.#lastSignIn);
  }

  async signOut(): Promise<void> {
    const wasConnected = this.#session !== null;
    this.#lastSignIn = null;
    await this.#closeSession();
    this.#dispatch({ type: 'connection/signed-out' });
    if (wasConnected) this.#emit({ type: 'disconnect', reason: 'signed-out' });
  }

  async #closeSession() {
    const session = this.#session;
    this.#session = null;
    await session?.stop();
  }

  #openSession(options: SignInOptions): XmppSession {
    const ownBareJid = options.jid;
    const session: XmppSession = new XmppSession(options, {
      stanza: (stanza) => {
        if (this.#session === session) this.#onStanza(stanza, ownBareJid);
      },
      ready: ({ jid, resumed }) => {
        if (this.#session === session) void this.#onReady(session, jid, resumed);
      },
      connectionLost: () => {
        if (this.#session !== session) return;
        this.#dispatch({ type: 'connection/lost' });
        this.#emit({ type: 'disconnect', reason: 'connection-lost' });
      },
      fatal: (error) => {
        if (this.#session !== session) return;
        this.#session = null;
        this.#fail({ kind: error.kind, message: error.message });
        this.#emit({ type: 'disconnect', reason: 'failed' });
      },
    });
    session.onIqSet(NS.ROSTER, 'query', (iq) => {
      const push = parseRosterPush(iq, ownBareJid);
      if (!push) return false;
      this.#dispatch({ type: 'roster/pushed', ver: push.ver, contact: push.contact });
      return true;
    });
    this.#session = session;
    return session;
  }

  async #onReady(session: XmppSession, jid: JidString, resumed: boolean) {
    if (!resumed) {
      // RFC 6121 §2.2: fetch the roster before sending initial presence, so no presence arrives for unknowns.
      try {
        const result = parseRosterResult(await session.request(buildRosterGet()));
        if (result && result.contacts) this.#dispatch({ type: 'roster/loaded', ver: result.ver, contacts: result.contacts });
      } catch {
        // A roster that cannot be read leaves the last one on screen; chatting still works.
      }
      const { show, status } = this.#state.own;
      await session.send(buildPresence(show, status)).catch(() => undefined);
    }
    if (this.#session !== session) return;
    this.#dispatch({ type: 'connection/online', jid, resumed });
    this.#emit({ type: 'connect', jid, resumed });
  }

  #onStanza(stanza: Stanza, ownBareJid: JidString) {
    if (stanza.is('message')) {
      const incoming = parseChatMessage(stanza);
      if (!incoming) return;
      const message: ChatMessage = {
        id: incoming.id,
        peer: bareJid(incoming.from),
        direction: 'in',
        from: bareJid(incoming.from),
        body: incoming.body,
        timestamp: incoming.delayedAt ?? Date.now(),
      };
      this.#dispatch({ type: 'message/added', message });
      this.#emit({ type: 'message-receive', message });
      return;
    }
    if (stanza.is('presence')) {
      const presence = parsePresence(stanza);
      if (!presence) return;
      if (presence.kind === 'subscribe' && this.#weAskedFor(presence.from)) {
        // We asked them first: their request completes a mutual subscription, so no need to ask the user.
        void this.#send(buildSubscription('subscribed', presence.from));
        return;
      }
      // Our own account's other devices may share presence, never a subscription with ourselves.
      if (bareJid(presence.from) === ownBareJid && presence.kind !== 'available' && presence.kind !== 'unavailable') return;
      this.#dispatch({ type: 'presence/received', presence });
    }
  }

  #weAskedFor(jid: JidString): boolean {
    const contact = this.#state.roster.contacts.find((c) => c.jid === jid);
    return Boolean(contact && (contact.pending || contact.subscription === 'to' || contact.subscription === 'both'));
  }

  async #send(stanza: Stanza): Promise<boolean> {
    const session = this.#session;
    if (!session) return false;
    try {
      await session.send(stanza);
      return true;
    } catch {
      return false;
    }
  }

  /** Sends a chat message and shows it in the conversation at once. */
  async sendMessage(to: JidString, body: string): Promise<void> {
    const text = body.length > MAX_BODY_LENGTH ? body.slice(0, MAX_BODY_LENGTH) : body;
    if (!text.trim()) return;
    const id = newId();
    const from = bareJid(this.#state.connection.jid);
    this.#dispatch({
      type: 'message/added',
      message: { id, peer: to, direction: 'out', from, body: text, timestamp: Date.now() },
    });
    await this.#send(buildChatMessage(to, text, id));
  }

  /** Adds a contact to the roster and asks to see their presence. Returns an error message, or null. */
  async addContact(address: string, name = ''): Promise<string | null> {
    const jid = normalizeBareJid(address);
    if (!jid) return 'Enter an address like name@example.org.';
    if (jid === bareJid(this.#state.connection.jid)) return 'That is your own address.';
    const session = this.#session;
    if (!session) return 'You are offline.';
    try {
      await session.request(buildRosterSet(jid, name));
      await session.send(buildSubscription('subscribe', jid));
      return null;
    } catch {
      return `Could not add ${jid}.`;
    }
  }

  async removeContact(jid: JidString): Promise<void> {
    // RFC 6121 §2.5: the server cancels both subscriptions for us.
    await this.#session?.request(buildRosterRemove(jid)).catch(() => undefined);
    if (this.#state.activeChat === jid) this.#dispatch({ type: 'chat/closed' });
  }

  async acceptRequest(jid: JidString): Promise<void> {
    this.#dispatch({ type: 'request/resolved', jid });
    await this.#send(buildSubscription('subscribed', jid));
    if (!this.#weAskedFor(jid)) await this.#send(buildSubscription('subscribe', jid));
  }

  async declineRequest(jid: JidString): Promise<void> {
    this.#dispatch({ type: 'request/resolved', jid });
    await this.#send(buildSubscription('unsubscribed', jid));
  }

  async setPresence(show: OwnShow, status: string): Promise<void> {
    this.#dispatch({ type: 'own/presence', show, status });
    await this.#send(buildPresence(show, status));
  }

  openChat(jid: JidString) {
    this.#dispatch({ type: 'chat/opened', jid });
  }

  closeChat() {
    this.#dispatch({ type: 'chat/closed' });
  }
}
