import { client, type Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { NS } from './ns.js';
import { ScramMechanism, ScramSha1Mechanism, ScramSha256Mechanism, chooseMechanism, utf8ToBinary } from './scram.js';

/** A stanza as the layers above see it. */
export type Stanza = Element;

/** Why a session could not be opened or kept. */
export type SessionFailure = 'auth' | 'unreachable' | 'protocol';

export class SessionError extends Error {
  constructor(
    readonly kind: SessionFailure,
    message: string,
    readonly condition = '',
  ) {
    super(message);
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
}

const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 2_000;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

/** Exponential backoff with "equal jitter": spreads reconnect storms after a server restart. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function classify(error: unknown): SessionError {
  if (error instanceof SessionError) return error;
  const e = error as { name?: string; condition?: string; code?: string; message?: string } | undefined;
  if (e?.name === 'SASLError') {
    return new SessionError('auth', 'The address or password is not correct.', e.condition ?? 'not-authorized');
  }
  if (e?.code === 'ECONNERROR' || e?.name === 'TimeoutError') {
    return new SessionError('unreachable', 'The chat server cannot be reached.', e.code ?? e.name);
  }
  if (e?.name === 'StreamError') {
    const condition = e.condition ?? '';
    const message =
      condition === 'host-unknown' ? 'This server does not serve that address.' : `The server closed the connection (${condition}).`;
    return new SessionError('protocol', message, condition);
  }
  return new SessionError('protocol', e?.message || 'The connection failed.', e?.name ?? '');
}

function randomResource(): string {
  return `xmpp-chat-${crypto.randomUUID().slice(0, 8)}`;
}

/**
 * One XMPP account's connection. The only module that touches @xmpp/client: everything else speaks in
 * stanzas (built and parsed by the pure modules beside this one) and in the listener's callbacks.
 */
export class XmppSession {
  readonly #listener: SessionListener;
  readonly #xmpp: Client;
  #stopping = false;
  #everOnline = false;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #smOffered = false;
  #smSettled: (() => void) | undefined;
  #pendingStart: { resolve: () => void; reject: (error: SessionError) => void } | undefined;
  /** The SCRAM exchange under way, kept to check the server's proof in `<success/>`. */
  #scram: ScramMechanism | undefined;

  constructor(options: SessionOptions, listener: SessionListener) {
    this.#listener = listener;
    const at = options.jid.indexOf('@');
    const username = options.jid.slice(0, at);
    const domain = options.jid.slice(at + 1);
    const { password } = options;
    const xmpp = client({
      service: options.service,
      domain,
      resource: options.resource ?? randomResource(),
      credentials: async (authenticate: Authenticate, offered: string[], _fast: unknown, entity: Client) => {
        const mechanism = chooseMechanism(offered, entity.isSecure());
        if (!mechanism) {
          throw new SessionError('auth', 'The server offers no sign-in method that is safe on this connection.', 'no-mechanism');
        }
        // @xmpp/base64 encodes with btoa, which only takes Latin-1: hand PLAIN its UTF-8 bytes.
        const credentials =
          mechanism === 'PLAIN' ? { username: utf8ToBinary(username), password: utf8ToBinary(password) } : { username, password };
        await authenticate(credentials, mechanism);
      },
    } as Parameters<typeof client>[0]);
    this.#xmpp = xmpp;
    // The browser build of @xmpp/client leaves SCRAM out; ours runs on WebCrypto. @types lack saslFactory.
    const { saslFactory } = xmpp as unknown as { saslFactory: { use(mechanism: unknown): void } };
    const track = (mechanism: ScramMechanism) => (this.#scram = mechanism);
    saslFactory.use(
      class extends ScramSha256Mechanism {
        constructor() {
          super();
          track(this);
        }
      },
    );
    saslFactory.use(
      class extends ScramSha1Mechanism {
        constructor() {
          super();
          track(this);
        }
      },
    );
    // The built-in reconnect retries every second forever; ours backs off with jitter and knows when to give up.
    xmpp.reconnect.stop();

    xmpp.on('error', (error: unknown) => this.#onError(error));
    xmpp.on('disconnect', () => this.#onDisconnect());
    xmpp.on('nonza', (element: Element) => this.#onNonza(element));
    xmpp.on('stanza', (stanza: Element) => this.#listener.stanza(stanza));
    xmpp.on('online', () => void this.#onOnline());
    (xmpp.streamManagement as unknown as { on(event: 'resumed', listener: () => void): void }).on('resumed', () => {
      this.#attempt = 0;
      this.#listener.ready({ jid: this.jid, resumed: true });
    });
  }

  /** The full JID once bound, else ''. */
  get jid(): string {
    return this.#xmpp.jid?.toString() ?? '';
  }

  /** Opens the session; resolves when it is ready to send, rejects with a {@link SessionError}. */
  async start(): Promise<void> {
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new SessionError('unreachable', 'The chat server did not answer in time.', 'timeout')),
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
    return this.#xmpp.iqCaller.request(iq);
  }

  /** Answers inbound iq sets of one payload: return true (or an element) for a result; false gives an error. */
  onIqSet(xmlns: string, name: string, handler: (iq: Element) => boolean | Element) {
    this.#xmpp.iqCallee.set(xmlns, name, (context: { stanza: Element }) => {
      const reply = handler(context.stanza);
      return reply === false ? undefined : reply;
    });
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
    const error = new SessionError(
      'auth',
      'The server could not prove that it knows your password, so the connection was closed. It may be intercepted.',
      'server-proof',
    );
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
    this.#everOnline = true;
    this.#attempt = 0;
    this.#pendingStart?.resolve();
    this.#listener.ready({ jid: this.jid, resumed: false });
  }

  #onDisconnect() {
    if (this.#stopping || !this.#everOnline) return;
    this.#attempt += 1;
    const retryInMs = reconnectDelay(this.#attempt);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      if (this.#stopping || this.#xmpp.status !== 'disconnect') return;
      // A failed attempt ends in another `disconnect`, which schedules the next one.
      this.#xmpp.reconnect.reconnect().catch(() => undefined);
    }, retryInMs);
    this.#listener.connectionLost({ attempt: this.#attempt, retryInMs });
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
