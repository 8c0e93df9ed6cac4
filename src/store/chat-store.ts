import {
  type ChatMessage,
  type IncomingMessage,
  type JidString,
  type MessageState,
  type OwnShow,
  type PresenceEvent,
  isSameMessage,
} from '../model/types.js';
import { newId } from '../model/id.js';
import { type Placement, planOrders } from '../model/ordering.js';
import { HistoryDb, type OutboxEntry } from '../storage/history-db.js';
import { clearTabState, saveTabState, takeTabState } from '../storage/tab-state.js';
import { FEATURES, featureById, loadFeature, loadedFeature, type FeatureManifest } from '../features/registry.js';
import { buildClientState } from '../xmpp/csi.js';
import { buildDiscoInfo, parseDiscoFeatures } from '../xmpp/disco.js';
import { bareJid, normalizeBareJid } from '../xmpp/jid.js';
import { buildChatMessage, parseChatMessage, parseMessageError, trustedStanzaId } from '../xmpp/message.js';
import * as NS from '../xmpp/ns.js';
import { buildPresence, buildSubscription, parsePresence } from '../xmpp/presence.js';
import { buildRosterGet, parseRosterPush, parseRosterResult } from '../xmpp/roster.js';
import { SessionError, type Stanza, type StreamSnapshot, XmppSession, reconnectDelay } from '../xmpp/session.js';
import type { ArchiveContext, ArchiveMemory } from './archive.js';
import type { Arrival, FeatureAction, FeatureContext, FeatureService } from './features.js';
import { type ChatAction, type MessagePatch, nameOrder, reduce } from './reducers.js';
import { type ChatState, type ConnectionProblem, type StorageProblem, initialState } from './state.js';

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
  | { type: 'message-receive'; message: ChatMessage }
  /** Our message reached the other side's client, or will not reach it. */
  | { type: 'message-state'; message: ChatMessage; state: 'delivered' | 'failed' };

/** What one tab keeps across a reload (see storage/tab-state.ts). */
interface TabState {
  stream: StreamSnapshot;
  presence: ChatState['presence'];
  savedAt: number;
}

function isTabState(value: unknown): value is TabState {
  const v = value as TabState | null;
  return Boolean(v && typeof v.savedAt === 'number' && v.stream && typeof v.stream.id === 'string' && v.presence);
}

/** A page of history: what one scroll or one catch-up round brings. */
export const PAGE_SIZE = 50;
/** Above this, a body is refused rather than cut (servers refuse big stanzas: Prosody at 256 KiB). */
export const MAX_OUTGOING_BODY = 64 * 1024;

/** Longest wait before queued presence is applied when no animation frame comes (hidden tab). */
const PRESENCE_BATCH_MS = 50;

/** Runs `work` once, after the next frame is painted, or after `fallbackMs` where no frames come (hidden tab). */
function afterPaint(work: () => void, fallbackMs = 100) {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    work();
  };
  requestAnimationFrame(() => setTimeout(once));
  setTimeout(once, fallbackMs);
}

/** The features that see a message or stanza: those with a child in one of their namespaces, in registry order. */
function claimantsOf(stanza: Stanza): FeatureManifest[] {
  return FEATURES.filter((f) => stanza.getChildElements().some((child) => f.stanzaNs?.includes(child.getNS() ?? '')));
}

const STATE_RANK: Record<MessageState, number> = { failed: 0, sending: 1, sent: 2, delivered: 3, received: 3 };

/**
 * One account's state and the actions that change it. Each `<xmpp-chat>` owns one; every element below it
 * reads slices of {@link ChatStore.state} and calls these actions, never the protocol directly.
 *
 * Nothing is lost: history lives in IndexedDB (in memory when that fails), a message enters the outbox
 * before it is sent and leaves it when the server acks it, a dropped stream is resumed, and after a fresh
 * sign-in the archive (XEP-0313) fills the gap.
 */
export class ChatStore {
  #state: ChatState = initialState;
  readonly #subscribers = new Set<() => void>();
  readonly #eventListeners = new Set<(event: StoreEvent) => void>();
  #session: XmppSession | null = null;
  #lastSignIn: SignInOptions | null = null;
  /** A stream the previous page load left to resume, until a session takes it up. */
  #tab: TabState | null = null;
  /** The next attempt to reach a server that could not be reached, and how many came before it. */
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #retryAttempt = 0;
  #db: HistoryDb | null = null;
  #account: JidString = '';
  readonly #outbox = new Map<string, OutboxEntry>();
  /** Outbox entries on the wire in this stream, awaiting the server's ack. */
  readonly #inFlight = new Set<string>();
  /** Live messages held while a catch-up runs, so that the gap is filled before what came after it. */
  #heldLive: Stanza[] | null = null;
  /** The server stamps messages with XEP-0359 stanza-ids we can trust. */
  #stanzaIdsTrusted = false;
  readonly #archive: ArchiveMemory = { cursor: null, older: new Map(), complete: new Set() };
  #pageVisible = true;
  #presenceQueue: PresenceEvent[] = [];
  /**
   * True once a (re)connection has caught up and sent the outbox backlog: before that, new messages wait
   * in the outbox, so they cannot overtake older ones.
   */
  #readyToSend = false;
  /** Inbound stanzas waiting, in order, for a feature's chunk to load; null when none is loading. */
  #inbound: Stanza[] | null = null;
  /** Set while a sign-in restores history: what its session reports meanwhile waits in `queue`. */
  #restoring: { session: XmppSession; queue: (() => void)[] } | null = null;

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
    const previous = this.#state;
    const next = reduce(previous, action);
    if (next === previous) return;
    this.#state = next;
    // The open conversation comes back after a reload, whether the user or an arriving message opened it.
    if (next.activeChat !== previous.activeChat && action.type !== 'connection/signed-out' && action.type !== 'history/restored') {
      void (next.activeChat ? this.#db?.setValue('active-chat', next.activeChat) : this.#db?.deleteValue('active-chat'));
    }
    for (const listener of this.#subscribers) listener();
  }

  #emit(event: StoreEvent) {
    for (const listener of this.#eventListeners) listener(event);
  }

  /** What a feature's service may use: see src/store/features.ts. */
  #featureContext(session: XmppSession, feature: FeatureManifest): FeatureContext {
    const read = () => this.#state;
    return {
      account: this.#account,
      get state() {
        return read();
      },
      dispatch: (action) => this.#dispatch(action),
      updateSlice: (update) => this.#dispatch({ type: 'feature/slice', id: feature.id, slice: update(this.#state.features[feature.id]) }),
      send: (stanza) => this.#send(stanza),
      request: (iq) => session.request(iq),
      keep: async (arrivals) => this.#store((await this.#admitAll(session, arrivals)).filter((m) => m !== null), { live: true, placement: 'append' }),
      markDelivered: (id, by) => void this.#markOwn(id, { state: 'delivered' }, by),
      seesOurPresence: (jid) => this.#mayKnowWeAreOnline(jid),
    };
  }

  #fail(problem: ConnectionProblem) {
    this.#dispatch({ type: 'connection/failed', problem });
  }

  #ownBareJid(): JidString {
    return this.#account;
  }

  // ---- signing in and out ---------------------------------------------------------------------------

  /**
   * Signs in. A server that cannot be reached is tried again by itself, with backoff, until it answers;
   * a refused sign-in leaves `connection.state === 'error'` with a problem to show.
   */
  async signIn(options: SignInOptions): Promise<void> {
    const jid = normalizeBareJid(options.jid);
    if (!jid) {
      this.#fail({ kind: 'input', condition: 'address', field: 'address' });
      return;
    }
    if (!options.service) {
      this.#fail({ kind: 'input', condition: 'service' });
      return;
    }
    if (!options.password) {
      this.#fail({ kind: 'input', condition: 'password', field: 'password' });
      return;
    }
    this.#stopRetrying();
    // Only a running session makes this wait: a first sign-in opens its socket before the first render.
    const closing = this.#closeSession();
    if (closing) await closing;
    // Another account's contacts and history must not linger on screen.
    if (this.#account && this.#account !== jid) this.#dispatch({ type: 'connection/signed-out' });
    this.#lastSignIn = { ...options, jid };
    const saved = takeTabState(jid);
    this.#tab = isTabState(saved) ? saved : null;
    await this.#connect(true);
  }

  /** One attempt to open the session; `restoreHistory` on the first, which puts this device's history on screen. */
  async #connect(restoreHistory: boolean): Promise<void> {
    const options = this.#lastSignIn;
    if (!options) return;
    const { jid } = options;
    const tab = this.#tab && Date.now() - this.#tab.savedAt < this.#tab.stream.max * 1000 ? this.#tab : null;
    this.#dispatch({ type: 'connection/connecting', jid, retry: !restoreHistory });
    // The socket opens while IndexedDB does: what the session reports waits until history is on screen.
    const session = this.#openSession({ ...options, resume: tab?.stream });
    const restoring = { session, queue: [] as (() => void)[] };
    this.#restoring = restoring;
    const started = session.start().then(
      () => null,
      (error: unknown) => error,
    );
    try {
      if (restoreHistory) await this.#openHistory(jid, tab);
    } finally {
      if (this.#restoring === restoring) this.#restoring = null;
      for (const work of restoring.queue) work();
    }
    const error = await started;
    if (this.#session !== session) return;
    if (error === null) {
      this.#tab = null;
      this.#retryAttempt = 0;
      return;
    }
    this.#session = null;
    const failure = error instanceof SessionError ? error : new SessionError('protocol');
    if (failure.kind === 'unreachable') {
      // Not an answer to the credentials: the network or the server is down. Try again, as after a drop.
      this.#retryAttempt += 1;
      const delay = reconnectDelay(this.#retryAttempt);
      this.#dispatch({ type: 'connection/waiting', problem: { kind: failure.kind, condition: failure.condition }, retryAt: Date.now() + delay });
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = undefined;
        void this.#connect(false);
      }, delay);
      return;
    }
    this.#tab = null;
    this.#fail({ kind: failure.kind, condition: failure.condition });
    this.#emit({ type: 'disconnect', reason: 'failed' });
  }

  #stopRetrying() {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#retryAttempt = 0;
  }

  /**
   * Tries to reach the server now instead of at the next scheduled retry: the network came back, the page
   * became visible again, or the user asked.
   */
  retryNow() {
    if (this.#retryTimer !== undefined) {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = undefined;
      void this.#connect(false);
      return;
    }
    this.#session?.reconnectNow();
  }

  /**
   * Signs out: the server ends the stream and tells contacts we left. History stays on this device unless
   * `forget` is set, which deletes this account's database.
   */
  async signOut({ forget = false } = {}): Promise<void> {
    const wasConnected = this.#session !== null;
    const account = this.#account;
    this.#lastSignIn = null;
    this.#tab = null;
    this.#stopRetrying();
    await this.#closeSession();
    if (account) clearTabState(account);
    this.#db?.close();
    this.#db = null;
    if (forget && account) await HistoryDb.forget(account).catch(() => undefined);
    this.#account = '';
    this.#outbox.clear();
    this.#archive.complete.clear();
    this.#archive.older.clear();
    this.#archive.cursor = null;
    this.#dispatch({ type: 'connection/signed-out' });
    if (wasConnected) this.#emit({ type: 'disconnect', reason: 'signed-out' });
  }

  /**
   * Leaves the stream open on the server, for the next page load to resume (a reload, or navigating to
   * another page of the site): call when the page goes away.
   */
  suspend() {
    const session = this.#session;
    if (!session) return;
    this.#flushPresence();
    const stream = session.snapshot();
    if (stream) {
      const state: TabState = { stream, presence: this.#state.presence, savedAt: Date.now() };
      saveTabState(this.#account, state);
    }
    this.#session = null;
    session.suspend();
  }

  #closeSession(): Promise<void> | undefined {
    const session = this.#session;
    this.#session = null;
    this.#readyToSend = false;
    this.#inFlight.clear();
    this.#heldLive = null;
    this.#inbound = null;
    this.#presenceQueue = [];
    return session?.stop();
  }

  /** Puts what this device (and this tab, `tab`) remembers on screen, before the network answers. */
  async #openHistory(account: JidString, tab: TabState | null): Promise<void> {
    let createdNow = false;
    if (this.#account !== account) {
      this.#db?.close();
      this.#db = await HistoryDb.open(account, (problem) => this.#onStorageProblem(problem));
      this.#account = account;
      createdNow = this.#db?.created ?? false;
    }
    const db = this.#db;
    // A database created just now holds nothing: a first visit has nothing to read.
    if (!db || createdNow) {
      if (tab) this.#dispatch({ type: 'history/restored', history: { roster: null, conversations: [], activeChat: null, pages: {}, presence: tab.presence } });
      return;
    }
    const [roster, conversations, outbox, activeChat, cursor] = await Promise.all([
      db.loadRoster(),
      db.loadConversations(),
      db.loadOutbox(),
      db.getValue<string>('active-chat'),
      db.getArchiveCursor(),
    ]);
    this.#archive.cursor = cursor;
    const open = typeof activeChat === 'string' ? activeChat : null;
    const pages = open ? { [open]: await db.loadPage(open, PAGE_SIZE) } : {};
    for (const entry of outbox) this.#outbox.set(entry.id, entry);
    for (const record of conversations) if (record.historyComplete) this.#archive.complete.add(record.peer);
    this.#dispatch({
      type: 'history/restored',
      history: {
        roster: roster.contacts.length > 0 || roster.ver !== null ? roster : null,
        // Older pages may still be on this device: "complete" is only known once it runs out too.
        conversations: conversations.map((record) => ({ ...record, historyComplete: false })),
        activeChat: open,
        pages,
        presence: tab?.presence ?? null,
      },
    });
  }

  /** Runs `work` now, or once history is restored if the session reports before that. */
  #afterRestore(session: XmppSession, work: () => void) {
    if (this.#restoring?.session === session) this.#restoring.queue.push(work);
    else work();
  }

  #onStorageProblem(problem: StorageProblem) {
    if (problem === 'closed' || problem === 'unavailable') this.#db = null;
    this.#dispatch({ type: 'storage/problem', problem });
  }

  #openSession(options: SignInOptions & { resume?: StreamSnapshot }): XmppSession {
    const ownBareJid = options.jid;
    const session: XmppSession = new XmppSession(options, {
      stanza: (stanza) =>
        this.#afterRestore(session, () => {
          if (this.#session === session) this.#onStanza(session, stanza);
        }),
      ready: ({ jid, resumed }) =>
        this.#afterRestore(session, () => {
          if (this.#session === session) void this.#onReady(session, jid, resumed);
        }),
      connectionLost: ({ retryInMs }) =>
        this.#afterRestore(session, () => {
          if (this.#session !== session) return;
          this.#readyToSend = false;
          this.#inFlight.clear();
          const wasOnline = !this.#state.connection.reconnecting;
          this.#dispatch({ type: 'connection/lost', retryAt: Date.now() + retryInMs });
          // Once per loss, not once per failed attempt to get back.
          if (wasOnline) this.#emit({ type: 'disconnect', reason: 'connection-lost' });
        }),
      fatal: (error) =>
        this.#afterRestore(session, () => {
          if (this.#session !== session) return;
          this.#session = null;
          this.#fail({ kind: error.kind, condition: error.condition });
          this.#emit({ type: 'disconnect', reason: 'failed' });
        }),
      acked: (stanza) =>
        this.#afterRestore(session, () => {
          if (this.#session === session) void this.#onAcked(stanza);
        }),
      unacked: (stanza) => {
        // Its stream is gone; the outbox still holds it, and the catch-up decides whether to send it again.
        if (stanza.is('message')) this.#inFlight.delete(String(stanza.attrs.id));
      },
    });
    // XEP-0030: what we are and do is the caps feature's to say, from the registry.
    session.onIq('get', NS.DISCO_INFO, 'query', async (iq) => {
      const answer = await this.act('caps', { type: 'disco-info', iq });
      return typeof answer === 'object' ? answer : undefined;
    });
    session.onIq('set', NS.ROSTER, 'query', (iq) => {
      const push = parseRosterPush(iq, ownBareJid);
      if (!push) return false;
      this.#afterRestore(session, () => {
        this.#dispatch({ type: 'roster/pushed', ver: push.ver, contact: push.contact });
        void this.#db?.applyRosterPush(push.ver, push.contact);
      });
      return true;
    });
    this.#session = session;
    return session;
  }

  async #onReady(session: XmppSession, jid: JidString, resumed: boolean) {
    if (resumed) {
      // The server keeps roster, presence and carbons across a resume (XEP-0198 §5): nothing to fetch, unless
      // the page went away before the roster was written (it is, a frame after it came).
      this.#dispatch({ type: 'connection/online', jid, resumed });
      this.#emit({ type: 'connect', jid, resumed });
      this.#sendClientState(session);
      if (this.#state.roster.ver === null && this.#state.roster.contacts.length === 0) void this.#fetchRoster(session);
      await this.#flushOutbox(session, new Set());
      return;
    }
    this.#readyToSend = false;
    this.#heldLive = [];
    // Signed in: the chat can show itself while the roster is on its way.
    this.#dispatch({ type: 'connection/bound', jid });
    // The archive chunk comes while the roster does: the catch-up needs it once presence is out.
    const archive = import('./archive.js').catch(() => null);
    const requests = Promise.all([
      this.#fetchRoster(session),
      this.#discoverFeatures(session),
      ...FEATURES.filter((f) => f.online).map((f) =>
        loadFeature(f).then((module) => (module.service as FeatureService | undefined)?.online?.(this.#featureContext(session, f)), () => undefined),
      ),
    ]);
    // While the roster travels: what sorting it needs first, so that it does not delay showing it.
    nameOrder();
    await requests;
    // RFC 6121 §2.2: roster first, then initial presence, so no presence arrives for unknowns. Sent once the
    // roster is painted: the answers it draws, one per contact, would hold that first paint back.
    await new Promise<void>((painted) => afterPaint(painted));
    if (this.#session !== session) return;
    await session.send(this.#ownPresence(session)).catch(() => undefined);
    this.#sendClientState(session);
    if (this.#session !== session) return;
    this.#dispatch({ type: 'connection/online', jid, resumed });
    this.#emit({ type: 'connect', jid, resumed });
    const archivedOwn = await this.#catchUp(session, archive);
    await this.#flushOutbox(session, archivedOwn);
  }

  async #fetchRoster(session: XmppSession) {
    try {
      const result = parseRosterResult(await session.request(buildRosterGet(this.#state.roster.ver)));
      if (result && result.contacts) {
        this.#dispatch({ type: 'roster/loaded', ver: result.ver, contacts: result.contacts });
        // Writing hundreds of contacts costs a frame: let the roster paint first. Pushes that come in
        // meanwhile are in the state saved.
        const db = this.#db;
        afterPaint(() => {
          if (db && this.#db === db) void db.saveRoster(this.#state.roster.ver, this.#state.roster.contacts);
        });
      }
    } catch {
      // A roster that cannot be read leaves the cached one on screen; chatting still works.
    }
  }

  async #discoverFeatures(session: XmppSession) {
    try {
      const features = parseDiscoFeatures(await session.request(buildDiscoInfo(this.#ownBareJid())));
      // XEP-0359 §6 and XEP-0313 §3.5: trust stanza-ids only when our own archive says it stamps them.
      this.#stanzaIdsTrusted = features.has(NS.SID) && features.has(NS.MAM);
    } catch {
      this.#stanzaIdsTrusted = false;
    }
  }

  // ---- catch-up, history pages -----------------------------------------------------------------------

  /** The archive chunk's view of the store, for `session`. */
  #archiveContext(session: XmppSession | null): ArchiveContext {
    const read = () => this.#state;
    return {
      get state() {
        return read();
      },
      dispatch: (action) => this.#dispatch(action),
      db: this.#db,
      own: this.#ownBareJid(),
      memory: this.#archive,
      setCursor: (archiveId) => this.#setArchiveCursor(archiveId),
      isCurrent: (current) => this.#session === current,
      admit: (arrivals) => (session ? this.#admitAll(session, arrivals) : Promise.resolve([])),
      keep: (messages, how) => this.#store(messages, how),
      heldOffline: () =>
        (this.#heldLive ?? []).flatMap((stanza) => {
          const incoming = parseChatMessage(stanza);
          return incoming?.delayedAt ? [this.#toChatMessage(incoming, bareJid(incoming.from), 'in')] : [];
        }),
      saveConversation: (peer) => this.#saveConversation(peer),
    };
  }

  /**
   * The archive's catch-up (see archive.ts), then the live messages held meanwhile. Without the archive
   * chunk, or without an archive, nothing is caught up and the held messages go on as they are.
   * @returns origin-ids of our own messages found in the archive: those need no resend.
   */
  async #catchUp(session: XmppSession, chunk: Promise<typeof import('./archive.js') | null>): Promise<Set<string>> {
    try {
      const archive = await chunk;
      return (await archive?.catchUp(this.#archiveContext(session), session)) ?? new Set();
    } finally {
      const held = this.#heldLive ?? [];
      this.#heldLive = null;
      // Features saw these already, on arrival.
      for (const stanza of held) this.#route(stanza);
    }
  }

  #setArchiveCursor(archiveId: string) {
    if (archiveId === this.#archive.cursor) return;
    this.#archive.cursor = archiveId;
    void this.#db?.setArchiveCursor(archiveId);
  }

  /**
   * Shows older messages of a conversation: from this device first, then from the server's archive
   * (XEP-0313 `before`), until it says there is nothing older.
   */
  async loadOlder(peer: JidString): Promise<void> {
    const archive = await import('./archive.js').catch(() => null);
    const session = this.#state.connection.state === 'online' ? this.#session : null;
    await archive?.loadOlder(this.#archiveContext(session), session, peer);
  }

  /**
   * Saves messages (deduped, ordered) and puts them on screen. Live ones raise unread counts and tell the
   * host page. Without IndexedDB, orders are kept in memory.
   */
  async #store(messages: readonly ChatMessage[], { live, placement }: { live: boolean; placement: Placement }): Promise<ChatMessage[]> {
    if (messages.length === 0) return [];
    const saved = this.#db ? await this.#db.addMessages(messages, placement) : null;
    let stored: ChatMessage[];
    if (saved) {
      for (const message of saved.updated) this.#dispatch({ type: 'message/updated', message, patch: { stanzaId: message.stanzaId } });
      stored = saved.stored;
    } else {
      stored = await this.#orderInMemory(messages, placement);
    }
    if (placement === 'append' && live) {
      // Live messages come in archive order: the newest one held is where the next catch-up starts.
      // Not while our own messages await acks: the next catch-up must still see whether they got through.
      const newest = stored.findLast((m) => m.stanzaId)?.stanzaId;
      if (newest && this.#outbox.size === 0) this.#setArchiveCursor(newest);
    }
    if (placement !== 'prepend') {
      const before = this.#state.conversations;
      this.#dispatch({ type: 'messages/added', messages: stored, live });
      // Only what this page had not shown yet is news to the host page.
      const news = stored.filter((m) => !(before[m.peer]?.messages ?? []).some((known) => isSameMessage(known, m)));
      if (live && news.length > 0) {
        for (const message of news) {
          if (message.direction === 'in') this.#emit({ type: 'message-receive', message });
        }
        for (const peer of new Set(news.map((m) => m.peer))) this.#saveConversation(peer);
      }
    }
    return stored;
  }

  /** Without IndexedDB: the same placement as HistoryDb.addMessages, over the conversations in memory. */
  async #orderInMemory(messages: readonly ChatMessage[], placement: Placement): Promise<ChatMessage[]> {
    const loaded = (peer: JidString) => this.#state.conversations[peer]?.messages ?? [];
    const held = messages.map((message) => loaded(message.peer).find((m) => isSameMessage(m, message)));
    const orders = await planOrders(messages, held, placement, async (peer, order, direction) =>
      direction === 'prev' ? loaded(peer).findLast((m) => m.order < order)?.order : loaded(peer).find((m) => m.order > order)?.order,
    );
    return messages.map((message, i) => ({ ...message, order: orders[i] }));
  }

  #saveConversation(peer: JidString) {
    const conversation = this.#state.conversations[peer];
    if (!conversation) return;
    void this.#db?.saveConversation({ peer, unread: conversation.unread, historyComplete: this.#archive.complete.has(peer) });
  }

  // ---- inbound stanzas ---------------------------------------------------------------------------------

  #onStanza(session: XmppSession, stanza: Stanza) {
    // While a feature's chunk loads, every stanza waits behind the one that needs it: order holds.
    if (this.#inbound) {
      this.#inbound.push(stanza);
      return;
    }
    const claimants = claimantsOf(stanza);
    const missing = claimants.filter((f) => !loadedFeature(f));
    if (missing.length > 0) {
      const waiting = (this.#inbound = [stanza]);
      void Promise.allSettled(missing.map(loadFeature)).then(() => {
        this.#inbound = null;
        if (this.#session !== session) return;
        // Offline, a chunk cannot come: the features that are here and the core take what they can.
        this.#deliver(session, waiting.shift()!, claimants);
        for (const held of waiting) this.#onStanza(session, held);
      });
      return;
    }
    this.#deliver(session, stanza, claimants);
  }

  /** Each loaded feature whose namespace the stanza has sees it, in registry order, until one takes it. */
  #deliver(session: XmppSession, stanza: Stanza, claimants: readonly FeatureManifest[]) {
    for (const feature of claimants) {
      if (this.#serviceOf(feature)?.inbound?.(stanza, this.#featureContext(session, feature))) return;
    }
    this.#route(stanza);
  }

  /** Our available presence, as the loaded features extend it (caps). */
  #ownPresence(session: XmppSession): Stanza {
    const { show, status } = this.#state.own;
    return this.#extend(session, 'presence', buildPresence(show, status));
  }

  /** `stanza`, with what each loaded feature's `hook` adds to it (from its payload, for a message). */
  #extend(session: XmppSession, hook: 'presence' | 'outbound', stanza: Stanza, payloads?: Readonly<Record<string, unknown>>): Stanza {
    for (const feature of FEATURES) this.#serviceOf(feature)?.[hook]?.(stanza, this.#featureContext(session, feature), payloads?.[feature.id]);
    return stanza;
  }

  #serviceOf(feature: FeatureManifest): FeatureService | undefined {
    return loadedFeature(feature)?.service as FeatureService | undefined;
  }

  /** Features whose UI actions the host page turned off (`chat-states="off"`): their `act` is not called. */
  readonly silenced = new Set<string>();

  /**
   * Hands what the user did to a feature, loading its chunk on first use. Resolves to the feature's answer,
   * or to 'offline' when there is no session or the chunk cannot be fetched.
   */
  async act(featureId: string, action: FeatureAction): Promise<unknown> {
    const feature = featureById(featureId);
    const session = this.#session;
    if (!feature || this.silenced.has(featureId)) return null;
    const module = session && (await loadFeature(feature).catch(() => null));
    if (!module || this.#session !== session) return 'offline';
    return (module.service as FeatureService | undefined)?.act?.(action, this.#featureContext(session, feature));
  }

  /** What features left to the core; messages wait while a catch-up fills the gap before them. */
  #route(stanza: Stanza) {
    if (stanza.is('message')) {
      if (this.#heldLive) this.#heldLive.push(stanza);
      else this.#onMessage(stanza);
      return;
    }
    if (stanza.is('presence')) this.#onPresence(stanza);
  }

  #onMessage(stanza: Stanza) {
    const own = this.#ownBareJid();
    const failure = parseMessageError(stanza);
    if (failure) {
      // From the peer's server (their JID) or ours (no from): anyone else could fail messages at will.
      const error = failure.text ? `${failure.condition}: ${failure.text}` : failure.condition;
      void this.#markOwn(failure.id, { state: 'failed', error }, failure.from ? bareJid(failure.from) : null);
      return;
    }
    const peer = bareJid(String(stanza.attrs.from ?? ''));
    const session = this.#session;
    if (peer === own || !session) return;
    const message = this.#admit(session, { message: stanza, via: 'live', direction: 'in', peer });
    if (message) void this.#store([message], { live: true, placement: 'append' });
  }

  /**
   * A message that arrived, as the log keeps it: the loaded features whose namespaces it has see it first
   * and may take it or attach a payload; null when nothing is left to show (no body).
   */
  #admit(session: XmppSession, arrival: Arrival): ChatMessage | null {
    let payloads: Record<string, unknown> | undefined;
    for (const feature of claimantsOf(arrival.message)) {
      const taken = this.#serviceOf(feature)?.message?.(arrival, this.#featureContext(session, feature));
      if (taken === true) return null;
      if (taken && typeof taken === 'object') (payloads ??= {})[feature.id] = taken;
    }
    const incoming = parseChatMessage(arrival.message);
    if (!incoming) return null;
    const message = this.#toChatMessage(incoming, arrival.peer, arrival.direction);
    return payloads ? { ...message, payloads } : message;
  }

  /** {@link #admit} for a batch, once the chunks of the features it needs are here (or cannot come). */
  async #admitAll(session: XmppSession, arrivals: readonly Arrival[]): Promise<(ChatMessage | null)[]> {
    const missing = new Set(arrivals.flatMap((a) => claimantsOf(a.message)).filter((f) => !loadedFeature(f)));
    await Promise.allSettled([...missing].map(loadFeature));
    return arrivals.map((arrival) => this.#admit(session, arrival));
  }

  #toChatMessage(incoming: IncomingMessage, peer: JidString, direction: 'in' | 'out'): ChatMessage {
    return {
      id: incoming.id,
      peer,
      direction,
      from: direction === 'out' ? this.#ownBareJid() : peer,
      body: incoming.body,
      // A sender can claim any time; never let a message sort itself into the future.
      timestamp: Math.min(incoming.delayedAt ?? Date.now(), Date.now()),
      order: 0,
      state: direction === 'out' ? 'sent' : 'received',
      stanzaId: this.#stanzaIdsTrusted ? trustedStanzaId(incoming, this.#ownBareJid()) : null,
      originId: incoming.originId,
    };
  }

  #onPresence(stanza: Stanza) {
    const presence = parsePresence(stanza);
    if (!presence) return;
    const own = this.#ownBareJid();
    // Our own account's other devices may share presence, never a subscription with ourselves.
    if (presence.from === own && presence.kind !== 'available' && presence.kind !== 'unavailable') return;
    if (presence.kind === 'subscribe' && this.#weAskedFor(presence.from)) {
      // We asked them first: their request completes a mutual subscription, so no need to ask the user.
      void this.#send(buildSubscription('subscribed', presence.from));
      return;
    }
    this.#queuePresence(presence);
  }

  /** Presence is applied once per frame: a storm of stanzas re-renders the roster once, not per stanza. */
  #queuePresence(presence: PresenceEvent) {
    this.#presenceQueue.push(presence);
    if (this.#presenceQueue.length > 1) return;
    const flush = () => this.#flushPresence();
    // A hidden tab runs no animation frames: the timer takes over there.
    requestAnimationFrame(flush);
    setTimeout(flush, PRESENCE_BATCH_MS);
  }

  #flushPresence() {
    if (this.#presenceQueue.length === 0) return;
    const presences = this.#presenceQueue;
    this.#presenceQueue = [];
    this.#dispatch({ type: 'presence/received', presences });
  }

  #mayKnowWeAreOnline(jid: JidString): boolean {
    const subscription = this.#contact(jid)?.subscription;
    return subscription === 'from' || subscription === 'both';
  }

  #weAskedFor(jid: JidString): boolean {
    const contact = this.#contact(jid);
    return Boolean(contact && (contact.pending || contact.subscription === 'to' || contact.subscription === 'both'));
  }

  #contact(jid: JidString) {
    return this.#state.roster.contacts.find((c) => c.jid === jid);
  }

  async #send(stanza: Stanza): Promise<boolean> {
    const session = this.#session;
    if (!session || this.#state.connection.state !== 'online') return false;
    try {
      await session.send(stanza);
      return true;
    } catch {
      return false;
    }
  }

  // ---- outgoing messages ------------------------------------------------------------------------------

  /** Our message with this id, in any loaded conversation. */
  #findOwn(id: string): ChatMessage | undefined {
    const own = this.#ownBareJid();
    for (const conversation of Object.values(this.#state.conversations)) {
      const found = conversation.messages.find((m) => m.from === own && m.direction === 'out' && (m.id === id || m.originId === id));
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Moves our message forward (sending → sent → delivered), or to failed; never backwards. `peer`, when
   * given, must be whom the message went to (null: our own server speaking).
   */
  async #markOwn(id: string, patch: MessagePatch & { state: MessageState }, peer?: JidString | null) {
    const entry = this.#outbox.get(id);
    const message = this.#findOwn(id) ?? (entry ? this.#outboxMessage(entry) : undefined);
    // The answer must come from whom it went to, or from their server (bounces come from the domain).
    if (peer && message && peer !== message.peer && peer !== message.peer.slice(message.peer.indexOf('@') + 1)) return;
    if (patch.state !== 'sending' && entry) {
      this.#outbox.delete(id);
      this.#inFlight.delete(id);
      void this.#db?.deleteOutbox(id);
    }
    if (!message) return;
    if (patch.state !== 'failed' && STATE_RANK[patch.state] <= STATE_RANK[message.state]) return;
    this.#dispatch({ type: 'message/updated', message, patch });
    if (patch.state === 'delivered' || patch.state === 'failed') this.#emit({ type: 'message-state', message, state: patch.state });
    await this.#db?.updateMessage(message, patch);
  }

  #outboxMessage(entry: OutboxEntry): ChatMessage {
    return {
      id: entry.id,
      peer: entry.to,
      direction: 'out',
      from: this.#ownBareJid(),
      body: entry.body,
      timestamp: entry.createdAt,
      order: 0,
      state: 'sending',
      stanzaId: null,
      originId: entry.id,
    };
  }

  async #onAcked(stanza: Stanza) {
    if (!stanza.is('message')) return;
    const id = String(stanza.attrs.id ?? '');
    if (this.#outbox.has(id)) await this.#markOwn(id, { state: 'sent' });
  }

  #transmit(session: XmppSession, entry: OutboxEntry) {
    // sendMessage and a flush after reconnecting can both reach here for one entry: send it once.
    if (this.#inFlight.has(entry.id)) return;
    this.#inFlight.add(entry.id);
    session.send(this.#extend(session, 'outbound', buildChatMessage(entry.to, entry.body, entry.id), entry.payloads)).catch(() => this.#inFlight.delete(entry.id));
  }

  /**
   * Sends what the outbox holds and is not on the wire: messages written offline, or lost with a stream
   * that could not be resumed. Those the archive already holds were delivered; they are only marked sent.
   */
  async #flushOutbox(session: XmppSession, archivedOwn: ReadonlySet<string>) {
    // Entries may be added while this runs (the user keeps writing): take them in turn until none is left.
    for (;;) {
      if (this.#session !== session) return;
      const next = [...this.#outbox.values()]
        .filter((entry) => !this.#inFlight.has(entry.id))
        .sort((a, b) => a.createdAt - b.createdAt)[0];
      if (!next) break;
      if (archivedOwn.has(next.id)) await this.#markOwn(next.id, { state: 'sent' });
      else this.#transmit(session, next);
    }
    this.#readyToSend = true;
  }

  /**
   * Writes a message: it shows at once and enters the outbox before the first byte leaves, then goes out
   * now or as soon as the connection is back. Returns why it was refused (longer than
   * {@link MAX_OUTGOING_BODY}), or null.
   */
  async sendMessage(to: JidString, body: string): Promise<'too-long' | null> {
    if (!body.trim()) return null;
    if (body.length > MAX_OUTGOING_BODY) return 'too-long';
    const entry: OutboxEntry = { id: newId(), to, body, createdAt: Date.now() };
    // Saved before the first byte leaves, and on screen before any ack can arrive for it.
    await this.#db?.putOutbox(entry);
    await this.#store([this.#outboxMessage(entry)], { live: false, placement: 'append' });
    this.#outbox.set(entry.id, entry);
    const session = this.#session;
    if (session && this.#readyToSend) this.#transmit(session, entry);
    return null;
  }

  /** Sends a failed message again, with the same id, so a receiver that did get it shows it once. */
  async retryMessage(message: ChatMessage): Promise<void> {
    if (message.direction !== 'out' || message.state !== 'failed') return;
    const entry: OutboxEntry = { id: message.originId ?? message.id, to: message.peer, body: message.body, createdAt: Date.now() };
    await this.#db?.putOutbox(entry);
    this.#dispatch({ type: 'message/updated', message, patch: { state: 'sending', error: undefined } });
    await this.#db?.updateMessage(message, { state: 'sending', error: undefined });
    this.#outbox.set(entry.id, entry);
    const session = this.#session;
    if (session && this.#readyToSend) this.#transmit(session, entry);
  }

  // ---- roster and presence ----------------------------------------------------------------------------

  async setPresence(show: OwnShow, status: string): Promise<void> {
    this.#dispatch({ type: 'own/presence', show, status });
    const session = this.#session;
    if (session) await this.#send(this.#ownPresence(session));
  }

  /**
   * Tells the server whether anyone is looking (XEP-0352): while hidden, it holds back presence updates
   * and other chatter that can wait.
   */
  setPageVisible(visible: boolean) {
    if (this.#pageVisible === visible) return;
    this.#pageVisible = visible;
    // Someone is looking again: a connection that is down should not make them wait for its backoff.
    if (visible) this.retryNow();
    const session = this.#session;
    if (session && this.#state.connection.state === 'online') this.#sendClientState(session);
  }

  #sendClientState(session: XmppSession) {
    if (!session.supportsClientState()) return;
    void session.send(buildClientState(this.#pageVisible)).catch(() => undefined);
  }

  // ---- conversations --------------------------------------------------------------------------------

  openChat(jid: JidString) {
    this.#dispatch({ type: 'chat/opened', jid });
    this.#saveConversation(jid);
    const conversation = this.#state.conversations[jid];
    if (this.#db && (!conversation || conversation.messages.length < PAGE_SIZE)) void this.#loadNewest(jid);
  }

  /** The newest page from this device for a conversation not loaded yet. */
  async #loadNewest(jid: JidString) {
    const page = (await this.#db?.loadPage(jid, PAGE_SIZE)) ?? [];
    if (page.length > 0) this.#dispatch({ type: 'messages/older', peer: jid, messages: page, complete: false });
  }

  closeChat() {
    this.#dispatch({ type: 'chat/closed' });
  }
}
