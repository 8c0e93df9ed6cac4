// The parts of xmpp.js a browser chat needs, composed as @xmpp/client does, without what we never use
// (TCP, TLS, SASL2, FAST, bind2, DNS resolution): the widget's weight is borrowed from its host page.
import { Client, jid as parseClientJid, xml } from '@xmpp/client-core';
import iqCallee from '@xmpp/iq/callee.js';
import iqCaller from '@xmpp/iq/caller.js';
import middleware from '@xmpp/middleware';
import resourceBinding from '@xmpp/resource-binding';
import sasl from '@xmpp/sasl';
import streamFeatures from '@xmpp/stream-features';
import streamManagement from '@xmpp/stream-management';
import websocket from '@xmpp/websocket';
import type { Element } from '@xmpp/xml';
import { newId } from '../model/id.js';
import { loadFastParser } from './frame-parser.js';
import * as NS from './ns.js';
import { PlainMechanism, SaslFactory, chooseMechanism, isScramSupported, utf8ToBinary } from './sasl.js';
import type { ScramMechanism } from './scram.js';
import { serverSupportsCsi } from './csi.js';

/** A stanza as the layers above see it. */
export type Stanza = Element;

/** Why a session could not be opened or kept. */
export type SessionFailure = 'auth' | 'unreachable' | 'protocol';

/** A failure as a kind and a condition (a SASL or stream error, or one of ours): the UI words it. */
export class SessionError extends Error {
  constructor(
    readonly kind: SessionFailure,
    readonly condition = '',
  ) {
    super(`${kind}: ${condition}`);
    this.name = 'SessionError';
  }
}

export interface SessionOptions {
  /** WebSocket URL (RFC 7395). */
  service: string;
  /** Bare JID to sign in as. */
  jid: string;
  password: string;
  resource?: string;
  /** A stream to resume (XEP-0198), as {@link XmppSession.snapshot} left it before a reload. */
  resume?: StreamSnapshot;
}

/** A stanza in a form that survives `JSON.stringify`, for the unacked queue of a snapshot. */
export interface PlainElement {
  name: string;
  attrs: Record<string, string>;
  children: (PlainElement | string)[];
}

/** What a XEP-0198 stream needs to be resumed from another page load. */
export interface StreamSnapshot {
  /** The stream id the server gave in `<enabled/>`. */
  id: string;
  /** Full JID bound to the stream. */
  jid: string;
  /** Stanzas we handled (`h` we send), and stanzas the server acked. */
  inbound: number;
  outbound: number;
  /** Sent but not acked yet, oldest first. */
  queue: PlainElement[];
  /** How long the server keeps the stream after the socket drops (`max` of `<enabled/>`), in seconds. */
  max: number;
}

function toPlain(element: Element): PlainElement {
  return {
    name: element.name,
    attrs: Object.fromEntries(Object.entries(element.attrs).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
    children: element.children.map((child) => (typeof child === 'string' ? child : toPlain(child as Element))),
  };
}

function fromPlain(plain: PlainElement): Element {
  return xml(plain.name, plain.attrs, ...plain.children.map((child) => (typeof child === 'string' ? child : fromPlain(child))));
}

interface SmInternals {
  id: string;
  inbound: number;
  outbound: number;
  max: number | null;
  enabled: boolean;
  outbound_q: { stanza: Element; stamp: string }[];
  on(event: 'resumed', listener: () => void): void;
  on(event: 'ack' | 'fail', listener: (stanza: Element) => void): void;
}

/** What the session reports to its owner. Every callback is optional to handle, none may throw. */
export interface SessionListener {
  stanza(stanza: Element): void;
  /** Bound and ready to send: a fresh session (`resumed: false`) or a XEP-0198 resumption. */
  ready(info: { jid: string; resumed: boolean }): void;
  /** The socket dropped; a new attempt is scheduled. */
  connectionLost(info: { attempt: number; retryInMs: number }): void;
  /** The session ended for good (for example the password stopped working). */
  fatal(error: SessionError): void;
  /** The server acknowledged a stanza we sent (XEP-0198 `<a h/>`). */
  acked(stanza: Element): void;
  /** A stanza we sent will never be acked: its stream could not be resumed. */
  unacked(stanza: Element): void;
}

const START_TIMEOUT_MS = 15_000;
const ATTEMPT_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 2_000;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

/** Exponential backoff with "equal jitter": spreads reconnect storms after a server restart. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Stream errors (RFC 6120 §4.9.3) that say the server is away for now, not that the sign-in is wrong. */
const TRANSIENT_STREAM_ERRORS = new Set([
  'connection-timeout',
  'internal-server-error',
  'remote-connection-failed',
  'reset',
  'resource-constraint',
  'system-shutdown',
]);

function classify(error: unknown): SessionError {
  if (error instanceof SessionError) return error;
  const e = error as { name?: string; condition?: string; code?: string; message?: string } | undefined;
  if (e?.name === 'SASLError') {
    return new SessionError('auth', e.condition ?? 'not-authorized');
  }
  if (e?.code === 'ECONNERROR' || e?.name === 'TimeoutError') {
    return new SessionError('unreachable', e.code ?? e.name);
  }
  if (e?.name === 'StreamError') {
    const condition = e.condition ?? '';
    return new SessionError(TRANSIENT_STREAM_ERRORS.has(condition) ? 'unreachable' : 'protocol', condition);
  }
  return new SessionError('protocol');
}

function randomResource(): string {
  return `xmpp-chat-${newId().slice(0, 8)}`;
}

/**
 * One XMPP account's connection. The only module that touches xmpp.js: everything else speaks in
 * stanzas (built and parsed by the pure modules beside this one) and in the listener's callbacks.
 */
export class XmppSession {
  readonly #listener: SessionListener;
  readonly #xmpp: Client;
  #stopping = false;
  #everOnline = false;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** A dropped stream waits for its next reconnect attempt (not one under way). */
  #waitingToReconnect = false;
  #smOffered = false;
  #smSettled: (() => void) | undefined;
  #pendingStart: { resolve: () => void; reject: (error: SessionError) => void } | undefined;
  /** The SCRAM exchange under way, kept to check the server's proof in `<success/>`. */
  #scram: ScramMechanism | undefined;
  #features: Element | undefined;
  readonly #archiveQueries = new Map<string, Element[]>();
  readonly #iqCaller: IqCaller;
  readonly #iqCallee: IqCallee;
  readonly #streamManagement: unknown;

  constructor(options: SessionOptions, listener: SessionListener) {
    this.#listener = listener;
    const at = options.jid.indexOf('@');
    const username = options.jid.slice(0, at);
    const domain = options.jid.slice(at + 1);
    const { password } = options;
    // The faster frame parser's chunk comes while the socket opens; frames that come first use the browser's.
    void loadFastParser();
    const xmpp = new Client({ service: options.service, domain });
    this.#xmpp = xmpp;
    (xmpp as unknown as { jid: unknown }).jid = parseClientJid(username, domain);
    // Wired as @xmpp/client wires them; the order of the stream features is their priority.
    websocket({ entity: xmpp });
    const pipeline = middleware({ entity: xmpp });
    const features = streamFeatures({ middleware: pipeline });
    const caller = iqCaller({ middleware: pipeline, entity: xmpp });
    this.#iqCaller = caller as unknown as IqCaller;
    this.#iqCallee = iqCallee({ middleware: pipeline, entity: xmpp }) as unknown as IqCallee;
    // SCRAM on WebCrypto (xmpp.js's own is Node-only), PLAIN where the transport is secure.
    const saslFactory = new SaslFactory();
    const track = (mechanism: ScramMechanism) => (this.#scram = mechanism);
    // WebCrypto exists only in secure contexts (https: or localhost); elsewhere only PLAIN over wss: remains.
    if (isScramSupported()) {
      // SCRAM is a chunk of its own, fetched now, while the socket opens; a resumed stream never needs it.
      const scram = () => import('./scram.js');
      if (password) void scram().catch(() => undefined);
      // In preference order; each instance is kept so that its server proof can be checked.
      for (const [name, pick] of [
        ['SCRAM-SHA-256', (m: typeof import('./scram.js')) => m.ScramSha256Mechanism],
        ['SCRAM-SHA-1', (m: typeof import('./scram.js')) => m.ScramSha1Mechanism],
      ] as const) {
        saslFactory.useLater(name, async () => {
          const Scram = pick(await scram());
          return class extends Scram {
            constructor() {
              super();
              track(this);
            }
          };
        });
      }
    }
    saslFactory.use(PlainMechanism);
    sasl({ streamFeatures: features, saslFactory: saslFactory as never }, async (authenticate: Authenticate, offered: string[], _fast: unknown, entity: Client) => {
      const mechanism = chooseMechanism(offered, entity.isSecure());
      if (!mechanism) {
        throw new SessionError('auth', 'no-mechanism');
      }
      await saslFactory.ready(mechanism).catch(() => {
        throw new SessionError('unreachable', 'scram-chunk');
      });
      // @xmpp/base64 encodes with btoa, which only takes Latin-1: hand PLAIN its UTF-8 bytes.
      const credentials =
        mechanism === 'PLAIN' ? { username: utf8ToBinary(username), password: utf8ToBinary(password) } : { username, password };
      await authenticate(credentials, mechanism);
    });
    this.#streamManagement = streamManagement({ streamFeatures: features, entity: xmpp, middleware: pipeline });
    resourceBinding({ iqCaller: caller, streamFeatures: features }, options.resource ?? randomResource());
    // XEP-0199: answer pings, or the server may think us gone.
    this.#iqCallee.get(NS.PING, 'ping', () => ({}));

    xmpp.on('error', (error: unknown) => this.#onError(error));
    xmpp.on('disconnect', () => this.#onDisconnect());
    xmpp.on('nonza', (element: Element) => this.#onNonza(element));
    xmpp.on('online', () => void this.#onOnline());
    xmpp.on('stanza', (stanza: Element) => this.#onStanza(stanza));
    const sm = this.#sm;
    sm.on('resumed', () => {
      clearTimeout(this.#retryTimer);
      this.#waitingToReconnect = false;
      this.#everOnline = true;
      this.#attempt = 0;
      this.#pendingStart?.resolve();
      this.#listener.ready({ jid: this.jid, resumed: true });
    });
    sm.on('ack', (stanza) => this.#listener.acked(stanza));
    sm.on('fail', (stanza) => this.#listener.unacked(stanza));
    if (options.resume) this.#restore(options.resume);
  }

  get #sm(): SmInternals {
    return this.#streamManagement as SmInternals;
  }

  #restore(snapshot: StreamSnapshot) {
    const sm = this.#sm;
    sm.id = snapshot.id;
    sm.inbound = snapshot.inbound;
    sm.outbound = snapshot.outbound;
    sm.outbound_q = snapshot.queue.map((plain) => ({ stanza: fromPlain(plain), stamp: new Date().toISOString() }));
    // A resumed stream keeps its full JID; xmpp.js only learns it from a bind.
    (this.#xmpp as unknown as { jid: unknown }).jid = parseClientJid(snapshot.jid);
  }

  /** The stream's resumable state, or null when it cannot be resumed (not enabled, or closed cleanly). */
  snapshot(): StreamSnapshot | null {
    const sm = this.#sm;
    if (!sm.id || !this.jid) return null;
    return {
      id: sm.id,
      jid: this.jid,
      inbound: sm.inbound,
      outbound: sm.outbound,
      queue: sm.outbound_q.map((item) => toPlain(item.stanza)),
      max: sm.max ?? 60,
    };
  }

  /**
   * Drops the socket without closing the stream, as a page unload does: the server keeps the stream for
   * {@link StreamSnapshot.max} seconds, so the next page load can resume it.
   */
  suspend() {
    this.#stopping = true;
    clearTimeout(this.#retryTimer);
    this.#socket()?.close();
  }

  /** True when the server takes client state indication (XEP-0352) on this stream. */
  supportsClientState(): boolean {
    return this.#features !== undefined && serverSupportsCsi(this.#features);
  }

  /**
   * Runs an archive query (XEP-0313) and gathers its results, which arrive as messages before the iq result.
   * @returns the result messages in archive order, and the reply with `<fin/>`.
   */
  async queryArchive(iq: Element, queryId: string): Promise<{ results: Element[]; reply: Element }> {
    const results: Element[] = [];
    this.#archiveQueries.set(queryId, results);
    try {
      const reply = await this.request(iq);
      return { results, reply };
    } finally {
      this.#archiveQueries.delete(queryId);
    }
  }

  #onStanza(stanza: Element) {
    const queryId = stanza.is('message') ? stanza.getChild('result', NS.MAM)?.attrs.queryid : undefined;
    const gathering = typeof queryId === 'string' ? this.#archiveQueries.get(queryId) : undefined;
    if (gathering) gathering.push(stanza);
    else this.#listener.stanza(stanza);
  }

  /** The full JID once bound, else ''. */
  get jid(): string {
    return this.#xmpp.jid?.toString() ?? '';
  }

  /** Opens the session; resolves when it is ready to send, rejects with a {@link SessionError}. */
  async start(): Promise<void> {
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new SessionError('unreachable', 'timeout')),
        START_TIMEOUT_MS,
      );
      const settle = () => {
        clearTimeout(timer);
        this.#pendingStart = undefined;
      };
      this.#pendingStart = {
        resolve: () => (settle(), resolve()),
        reject: (error) => (settle(), reject(error)),
      };
      this.#xmpp.start().catch((error: unknown) => this.#pendingStart?.reject(classify(error)));
    });
    try {
      await ready;
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async send(stanza: Element): Promise<void> {
    await this.#xmpp.send(stanza);
  }

  /** Sends an iq and resolves with the whole reply (iqCaller.get/set would lose `<fin/>`-style replies). */
  async request(iq: Element): Promise<Element> {
    return this.#iqCaller.request(iq);
  }

  /**
   * Answers inbound iqs of one type and payload, at once or later: true for an empty result, an element for
   * a result with it (or an `<error/>` element for that error), anything else for service-unavailable.
   */
  onIq(type: 'get' | 'set', xmlns: string, name: string, handler: (iq: Element) => unknown) {
    this.#iqCallee[type](xmlns, name, (context: { stanza: Element }) => handler(context.stanza));
  }

  /** Ends the session cleanly; the server then tells our contacts we went offline. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#retryTimer);
    const xmpp = this.#xmpp;
    if (xmpp.status === 'offline') return;
    await Promise.race([xmpp.stop().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS))]);
  }

  #onNonza(element: Element) {
    if (element.is('features', NS.STREAMS)) {
      this.#features = element;
      this.#smOffered = Boolean(element.getChild('sm', NS.SM));
    } else if (element.is('success', NS.SASL)) {
      this.#checkServerProof(element.text());
    } else if (element.getNS() === NS.SM && (element.name === 'enabled' || element.name === 'failed')) {
      this.#smSettled?.();
    }
  }

  // RFC 5802 §5: the server proves it knows the password too; @xmpp/sasl ignores that proof, so we check it.
  #checkServerProof(successData: string) {
    const scram = this.#scram;
    this.#scram = undefined;
    if (!scram || scram.complete) return;
    let serverFinal = '';
    try {
      serverFinal = atob(successData);
    } catch {
      // Not base64: fails the check below.
    }
    if (scram.verifyServerFinal(serverFinal)) return;
    const error = new SessionError('auth', 'server-proof');
    const pending = this.#pendingStart;
    void this.stop();
    if (pending) pending.reject(error);
    else this.#listener.fatal(error);
  }

  // xmpp.js emits `online` right after bind, before it sends XEP-0198 <enable/>. A stanza sent in that gap
  // is not counted and Prosody then kills the stream for acking more than it sent: wait for <enabled/>.
  async #onOnline() {
    if (this.#smOffered) {
      await new Promise<void>((resolve) => {
        this.#smSettled = () => {
          this.#smSettled = undefined;
          // <enabled/> is handled by xmpp.js in a promise continuation; let it run first.
          setTimeout(resolve, 0);
        };
      });
    }
    if (this.#stopping) return;
    clearTimeout(this.#retryTimer);
    this.#waitingToReconnect = false;
    this.#everOnline = true;
    this.#attempt = 0;
    this.#pendingStart?.resolve();
    this.#listener.ready({ jid: this.jid, resumed: false });
  }

  #onDisconnect() {
    if (this.#stopping) return;
    if (!this.#everOnline) {
      // The socket closed during sign-in: the server went away, which is no answer to the credentials.
      this.#pendingStart?.reject(new SessionError('unreachable', 'closed'));
      return;
    }
    this.#attempt += 1;
    const retryInMs = reconnectDelay(this.#attempt);
    clearTimeout(this.#retryTimer);
    this.#waitingToReconnect = true;
    this.#retryTimer = setTimeout(() => this.#attemptReconnect(), retryInMs);
    this.#listener.connectionLost({ attempt: this.#attempt, retryInMs });
  }

  /** Starts the next reconnect attempt now rather than after its backoff (the network is back, say). */
  reconnectNow() {
    if (this.#stopping || !this.#waitingToReconnect) return;
    clearTimeout(this.#retryTimer);
    this.#attemptReconnect();
  }

  // A failed attempt ends in another `disconnect`, which schedules the next one. An attempt that hangs (a
  // socket open but a stream that never answers) is cut after a while, so that the next one can start.
  #attemptReconnect() {
    this.#waitingToReconnect = false;
    if (this.#stopping) return;
    this.#retryTimer = setTimeout(() => {
      if (this.#xmpp.status === 'disconnect') this.#onDisconnect();
      else this.#socket()?.close();
    }, ATTEMPT_TIMEOUT_MS);
    // What @xmpp/reconnect does, without its own retry loop (every second, forever): ours backs off with jitter.
    const { service = '', domain = '', lang } = this.#xmpp.options;
    this.#xmpp
      .connect(service)
      .then(() => this.#xmpp.open({ domain, lang }))
      .catch(() => undefined);
  }

  #socket(): WebSocket | undefined {
    return (this.#xmpp as unknown as { socket?: { socket?: WebSocket } }).socket?.socket;
  }

  #onError(error: unknown) {
    const failure = classify(error);
    // Before the first success, start() reports failures; afterwards only a refused sign-in is final.
    if (!this.#everOnline || this.#stopping || failure.kind !== 'auth') return;
    void this.stop();
    this.#listener.fatal(failure);
  }
}

type Authenticate = (credentials: { username: string; password: string }, mechanism: string) => Promise<void>;
type IqCaller = { request(iq: Element): Promise<Element> };
type IqCallee = {
  get(xmlns: string, name: string, handler: (context: { stanza: Element }) => unknown): void;
  set(xmlns: string, name: string, handler: (context: { stanza: Element }) => unknown): void;
};
