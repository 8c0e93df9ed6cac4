import { FEATURES, featureById, loadFeature, loadedFeature } from '../features/registry.js';
import type { JidString } from '../model/types.js';
import { clearTabState, saveTabState, takeTabState } from '../storage/tab-state.js';
import { normalizeBareJid } from '../xmpp/jid.js';
import { SessionError, type StreamSnapshot, XmppSession, reconnectDelay } from '../xmpp/session.js';
import { type StoreCore, afterPaint } from './core.js';
import type { FeatureService } from './features.js';
import type { ArchiveChunk, RestoredTab } from './history.js';
import { nameOrder } from './reducers.js';
import type { ConnectionProblem } from './state.js';

export interface SignInOptions {
  /** WebSocket URL of the server (RFC 7395). */
  service: string;
  jid: string;
  password: string;
}

/** What one tab keeps across a reload (see storage/tab-state.ts). */
interface TabState extends RestoredTab {
  stream: StreamSnapshot;
  savedAt: number;
  /** The slices of the features that keep theirs across pages (manifest `keepsTab`), by feature id. */
  features?: Record<string, unknown>;
}

function isTabState(value: unknown): value is TabState {
  const v = value as TabState | null;
  return Boolean(v && typeof v.savedAt === 'number' && v.stream && typeof v.stream.id === 'string' && v.presence);
}

/**
 * Signing in and out, and the session's life: history on screen while the socket opens, retries with
 * backoff while the server cannot be reached, a stream resumed (XEP-0198) across drops and reloads, and
 * after a fresh sign-in the roster, our presence, the archive's catch-up and the outbox, in that order.
 */
export class ConnectionService {
  readonly #core: StoreCore;
  #lastSignIn: SignInOptions | null = null;
  /** A stream the previous page load left to resume, until a session takes it up. */
  #tab: TabState | null = null;
  /** The next attempt to reach a server that could not be reached, and how many came before it. */
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #retryAttempt = 0;
  /** Set while a sign-in restores history: what its session reports meanwhile waits in `queue`. */
  #restoring: { session: XmppSession; queue: (() => void)[] } | null = null;
  #archive: Promise<ArchiveChunk | null> | undefined;

  constructor(core: StoreCore) {
    this.#core = core;
  }

  #fail(problem: ConnectionProblem) {
    this.#core.dispatch({ type: 'connection/failed', problem });
  }

  /**
   * Signs in. A server that cannot be reached is tried again by itself, with backoff, until it answers;
   * a refused sign-in leaves `connection.state === 'error'` with a problem to show.
   */
  async signIn(options: SignInOptions): Promise<void> {
    const jid = normalizeBareJid(options.jid);
    if (!jid) return this.#fail({ kind: 'input', condition: 'address', field: 'address' });
    if (!options.service) return this.#fail({ kind: 'input', condition: 'service' });
    if (!options.password) return this.#fail({ kind: 'input', condition: 'password', field: 'password' });
    this.#stopRetrying();
    // Only a running session makes this wait: a first sign-in opens its socket before the first render.
    const closing = this.#closeSession();
    if (closing) await closing;
    const core = this.#core;
    // Another account's contacts and history must not linger on screen.
    if (core.account && core.account !== jid) core.dispatch({ type: 'connection/signed-out' });
    this.#lastSignIn = { ...options, jid };
    const saved = takeTabState(jid);
    this.#tab = isTabState(saved) ? saved : null;
    await this.#connect(true);
  }

  /** One attempt to open the session; `restoreHistory` on the first, which puts this device's history on screen. */
  async #connect(restoreHistory: boolean): Promise<void> {
    const options = this.#lastSignIn;
    if (!options) return;
    const core = this.#core;
    const { jid } = options;
    const tab = this.#tab && Date.now() - this.#tab.savedAt < this.#tab.stream.max * 1000 ? this.#tab : null;
    core.dispatch({ type: 'connection/connecting', jid, retry: !restoreHistory });
    // What features kept in this tab comes back with their chunks, before the stream says anything.
    for (const [id, slice] of Object.entries((restoreHistory && tab?.features) || {})) {
      const feature = featureById(id);
      if (!feature?.keepsTab) continue;
      core.dispatch({ type: 'feature/slice', id, slice });
      void loadFeature(feature).catch(() => undefined);
    }
    // The socket opens while IndexedDB does: what the session reports waits until history is on screen.
    const session = this.#openSession({ ...options, resume: tab?.stream });
    const restoring = { session, queue: [] as (() => void)[] };
    this.#restoring = restoring;
    const started = session.start().then(
      () => null,
      (error: unknown) => error,
    );
    // Unless a stream is to be resumed, the chunks that a fresh sign-in runs come while the socket opens:
    // fetched after the roster request, they were evaluated while its answer waited to be read.
    if (!tab) {
      setTimeout(() => {
        for (const feature of FEATURES) if (feature.online) loadFeature(feature).catch(() => undefined);
        void this.#archiveChunk();
      });
    }
    try {
      if (restoreHistory) await core.history.open(jid, tab);
    } finally {
      if (this.#restoring === restoring) this.#restoring = null;
      for (const work of restoring.queue) work();
    }
    const error = await started;
    if (core.session !== session) return;
    if (error === null) {
      this.#tab = null;
      this.#retryAttempt = 0;
      return;
    }
    core.session = null;
    const failure = error instanceof SessionError ? error : new SessionError('protocol');
    if (failure.kind === 'unreachable') {
      // Not an answer to the credentials: the network or the server is down. Try again, as after a drop.
      this.#retryAttempt += 1;
      const delay = reconnectDelay(this.#retryAttempt);
      core.dispatch({ type: 'connection/waiting', problem: { kind: failure.kind, condition: failure.condition }, retryAt: Date.now() + delay });
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = undefined;
        void this.#connect(false);
      }, delay);
      return;
    }
    this.#tab = null;
    this.#fail({ kind: failure.kind, condition: failure.condition });
    core.emit({ type: 'disconnect', reason: 'failed' });
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
    this.#core.session?.reconnectNow();
  }

  /**
   * Signs out: the server ends the stream and tells contacts we left. History stays on this device unless
   * `forget` is set, which deletes every database of the account.
   */
  async signOut(forget: boolean): Promise<void> {
    const core = this.#core;
    const wasConnected = core.session !== null;
    this.#lastSignIn = null;
    this.#tab = null;
    this.#stopRetrying();
    await this.#closeSession();
    if (core.account) clearTabState(core.account);
    await core.history.close(forget);
    core.account = '';
    core.outbox.clear();
    core.dispatch({ type: 'connection/signed-out' });
    if (wasConnected) core.emit({ type: 'disconnect', reason: 'signed-out' });
  }

  /**
   * Leaves the stream open on the server, for the next page load to resume (a reload, or navigating to
   * another page of the site): call when the page goes away.
   */
  suspend() {
    const core = this.#core;
    const session = core.session;
    if (!session) return;
    core.roster.flush();
    const stream = session.snapshot();
    if (stream) {
      const features = Object.fromEntries(FEATURES.filter((f) => f.keepsTab && core.state.features[f.id] !== undefined).map((f) => [f.id, core.state.features[f.id]]));
      const state: TabState = { stream, presence: core.state.presence, savedAt: Date.now(), features };
      saveTabState(core.account, state);
    }
    core.session = null;
    session.suspend();
  }

  #closeSession(): Promise<void> | undefined {
    const core = this.#core;
    const session = core.session;
    core.session = null;
    core.outbox.pause();
    core.inbound.reset();
    core.roster.drop();
    return session?.stop();
  }

  /** Runs `work` now, or once history is restored if the session reports before that. */
  #afterRestore(session: XmppSession, work: () => void) {
    if (this.#restoring?.session === session) this.#restoring.queue.push(work);
    else work();
  }

  #openSession(options: SignInOptions & { resume?: StreamSnapshot }): XmppSession {
    const core = this.#core;
    // What the session reports counts only while it is the store's, and once history is on screen.
    const whileCurrent = (work: () => void) =>
      this.#afterRestore(session, () => {
        if (core.session === session) work();
      });
    const session: XmppSession = new XmppSession(options, {
      stanza: (stanza) => whileCurrent(() => core.inbound.received(session, stanza)),
      ready: ({ jid, resumed }) => whileCurrent(() => void this.#onReady(session, jid, resumed)),
      connectionLost: ({ retryInMs }) =>
        whileCurrent(() => {
          core.outbox.pause();
          const wasOnline = !core.state.connection.reconnecting;
          core.dispatch({ type: 'connection/lost', retryAt: Date.now() + retryInMs });
          // Once per loss, not once per failed attempt to get back.
          if (wasOnline) core.emit({ type: 'disconnect', reason: 'connection-lost' });
        }),
      fatal: (error) =>
        whileCurrent(() => {
          core.session = null;
          this.#fail({ kind: error.kind, condition: error.condition });
          core.emit({ type: 'disconnect', reason: 'failed' });
        }),
      acked: (stanza) => whileCurrent(() => void core.outbox.acked(stanza)),
      unacked: (stanza) => core.outbox.unacked(stanza),
    });
    core.inbound.answerDisco(session);
    core.roster.listen(session, options.jid, (work) => this.#afterRestore(session, work));
    core.session = session;
    return session;
  }

  /** The archive's catch-up chunk, fetched once; one that could not be fetched is tried again next time. */
  #archiveChunk(): Promise<ArchiveChunk | null> {
    return (this.#archive ??= import('./archive.js').catch(() => {
      this.#archive = undefined;
      return null;
    }));
  }

  async #onReady(session: XmppSession, jid: JidString, resumed: boolean) {
    const core = this.#core;
    const { roster, outbox, inbound } = core;
    if (resumed) {
      // The server keeps roster, presence and carbons across a resume (XEP-0198 §5): nothing to fetch, unless
      // the page went away before the roster was written (it is, a frame after it came).
      core.dispatch({ type: 'connection/online', jid, resumed });
      core.emit({ type: 'connect', jid, resumed });
      roster.sendClientState(session);
      if (core.state.roster.ver === null && core.state.roster.contacts.length === 0) void roster.fetch(session);
      await outbox.flush(session, new Set());
      return;
    }
    outbox.pause();
    inbound.hold();
    // Signed in: the chat can show itself while the roster is on its way.
    core.dispatch({ type: 'connection/bound', jid });
    // The catch-up needs the archive's chunk once presence is out.
    const archive = this.#archiveChunk();
    const requests = Promise.all([
      roster.fetch(session),
      inbound.discover(session),
      // Those that sign-in loads, and any loaded already (an element asked for one before the sign-in) or
      // holding state (kept in this tab across a reload, whose stream could not be resumed).
      ...FEATURES.filter((f) => f.online || loadedFeature(f) || core.state.features[f.id] !== undefined).map((f) =>
        loadFeature(f).then((module) => (module.service as FeatureService | undefined)?.online?.(inbound.featureContext(session, f)), () => undefined),
      ),
    ]);
    // While the server reads the roster (tens of ms for hundreds of contacts), the main thread waits: the time
    // to make what sorts it, as the page's first Intl object loads the locale's data (50 to 100 ms here).
    nameOrder();
    await requests;
    // RFC 6121 §2.2: roster first, then initial presence, so no presence arrives for unknowns. Sent once the
    // roster is painted: the answers it draws, one per contact, would hold that first paint back.
    await new Promise<void>((painted) => afterPaint(painted));
    if (core.session !== session) return;
    await session.send(roster.ownPresence(session)).catch(() => undefined);
    roster.sendClientState(session);
    if (core.session !== session) return;
    core.dispatch({ type: 'connection/online', jid, resumed });
    core.emit({ type: 'connect', jid, resumed });
    for (const feature of FEATURES) (loadedFeature(feature)?.service as FeatureService | undefined)?.ready?.(inbound.featureContext(session, feature));
    const archivedOwn = await core.history.catchUp(session, archive).finally(() => inbound.release());
    await outbox.flush(session, archivedOwn);
  }
}
