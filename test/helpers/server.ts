/**
 * Test access to the local Prosody started by scripts/test.sh (or scripts/prosody.sh).
 *
 * The service URL is injected into every test page by web-test-runner.config.mjs as
 * `window.__XMPP_TEST__ = { service, domain }` (port from XMPP_CHAT_TEST_HTTP_PORT, default 15280),
 * so tests never hard-code a port.
 *
 * Accounts are created with XEP-0077 in-band registration over a raw browser WebSocket using
 * RFC 7395 framing, independent of the code under test.
 */

export interface TestService {
  /** e.g. ws://localhost:15280/xmpp-websocket */
  service: string;
  /** XMPP domain of normal accounts, "localhost" */
  domain: string;
}

export interface TestUser {
  /** bare JID, e.g. u-lx2k3-9f8a@localhost */
  jid: string;
  username: string;
  password: string;
}

declare global {
  interface Window {
    __XMPP_TEST__?: Partial<TestService>;
  }
}

import { NativeWebSocket } from './socket-spy.js';

const FRAMING_NS = 'urn:ietf:params:xml:ns:xmpp-framing';
const STANZAS_NS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
const DEFAULT_TIMEOUT = 10_000;

/** The test XMPP service injected by the test runner. */
export function testService(): TestService {
  const cfg = window.__XMPP_TEST__;
  if (!cfg?.service || !cfg.domain) {
    throw new Error(
      'window.__XMPP_TEST__ is not set: run the tests through web-test-runner.config.mjs ' +
        '(npm test, or npx web-test-runner with a Prosody from scripts/prosody.sh)',
    );
  }
  return { service: cfg.service, domain: cfg.domain };
}

/** Escape text for use in XML character data or attribute values. */
export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function randomId(bytes = 4): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** A fresh, valid, lower-case localpart: `${prefix}-${time}-${random}`. */
export function uniqueUsername(prefix = 'u'): string {
  return `${prefix}-${Date.now().toString(36)}-${randomId()}`.toLowerCase();
}

interface Frame {
  text: string;
  /** Root element of the frame, or null if the frame did not parse as XML. */
  el: Element | null;
}

function parseFrame(text: string): Frame {
  const doc = new DOMParser().parseFromString(text, 'text/xml');
  const bad = doc.getElementsByTagName('parsererror').length > 0;
  return { text, el: bad ? null : doc.documentElement };
}

function stanzaError(el: Element): string {
  const error = Array.from(el.children).find((c) => c.localName === 'error');
  if (!error) return 'unknown error';
  const parts = Array.from(error.children).filter((c) => c.namespaceURI === STANZAS_NS);
  const condition = parts.find((c) => c.localName !== 'text')?.localName ?? 'undefined-condition';
  const text = parts.find((c) => c.localName === 'text')?.textContent;
  return text ? `${condition} (${text})` : condition;
}

/**
 * A minimal RFC 7395 client: one WebSocket, frames queued as they arrive, `next()` waits for a
 * matching frame. Only for test set-up; deliberately does not use @xmpp/client.
 */
class RawXmpp {
  private ws: WebSocket;
  private frames: Frame[] = [];
  private waiters: Array<() => void> = [];
  private closed: CloseEvent | null = null;
  private failed = false;

  private constructor(
    ws: WebSocket,
    readonly label: string,
  ) {
    this.ws = ws;
    ws.addEventListener('open', () => this.wake());
    ws.addEventListener('message', (e) => {
      this.frames.push(parseFrame(typeof e.data === 'string' ? e.data : String(e.data)));
      this.wake();
    });
    ws.addEventListener('close', (e) => {
      this.closed = e;
      this.wake();
    });
    ws.addEventListener('error', () => {
      this.failed = true;
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Open the socket and the XMPP stream; resolves with the <stream:features> frame. */
  static async open(label: string, domain: string, service: string, timeout: number): Promise<{ x: RawXmpp; features: Frame }> {
    // The browser's own WebSocket, so set-up traffic never shows up in an installed socket spy.
    let ws: WebSocket;
    try {
      ws = new NativeWebSocket(service, 'xmpp');
    } catch (e) {
      throw new Error(`${label}: cannot open WebSocket ${service}: ${(e as Error).message}`, { cause: e });
    }
    const x = new RawXmpp(ws, label);
    await x.until(() => ws.readyState === WebSocket.OPEN, timeout, `WebSocket ${service} to open`);
    x.send(`<open xmlns="${FRAMING_NS}" to="${escapeXml(domain)}" version="1.0"/>`);
    const features = await x.next((f) => f.el?.localName === 'features', timeout, '<stream:features>');
    return { x, features };
  }

  send(xml: string): void {
    this.ws.send(xml);
  }

  private async until(cond: () => boolean, timeout: number, what: string): Promise<void> {
    const deadline = Date.now() + timeout;
    for (;;) {
      if (cond()) return;
      if (this.failed || this.closed) {
        const c = this.closed;
        const detail = c ? `closed (code ${c.code}${c.reason ? `, ${c.reason}` : ''})` : 'errored';
        const streamError = this.frames.find((f) => f.el?.localName === 'error' || f.el?.localName === 'close');
        throw new Error(
          `${this.label}: socket ${detail} while waiting for ${what}` +
            (streamError ? `; last frame: ${streamError.text}` : '') +
            ' (is the test Prosody running? see scripts/prosody.sh)',
        );
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.label}: timed out after ${timeout} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Wait for (and consume) the first queued or future frame matching `pred`. */
  async next(pred: (f: Frame) => boolean, timeout: number, what: string): Promise<Frame> {
    let found: Frame | undefined;
    await this.until(
      () => {
        const i = this.frames.findIndex(pred);
        if (i < 0) return false;
        found = this.frames.splice(i, 1)[0];
        return true;
      },
      timeout,
      what,
    );
    return found!;
  }

  /** Send an iq and wait for its result; throws with the stanza error condition on type="error". */
  async iq(type: 'get' | 'set', body: string, timeout: number, what: string): Promise<Element> {
    const id = `t-${randomId()}`;
    this.send(`<iq xmlns="jabber:client" type="${type}" id="${id}">${body}</iq>`);
    const reply = await this.next((f) => f.el?.localName === 'iq' && f.el.getAttribute('id') === id, timeout, what);
    const el = reply.el!;
    if (el.getAttribute('type') === 'error') throw new Error(`${this.label}: ${what} failed: ${stanzaError(el)}`);
    return el;
  }

  /** Close the XMPP stream (RFC 7395 <close/>) and the socket; never throws. */
  async close(): Promise<void> {
    try {
      if (this.ws.readyState === WebSocket.OPEN) {
        this.send(`<close xmlns="${FRAMING_NS}"/>`);
        await this.next((f) => f.el?.localName === 'close', 2000, '<close/>').catch(() => undefined);
      }
    } finally {
      if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
    }
  }
}

/**
 * Register `username` with `password` on the test server (XEP-0077). Throws a clear error when the
 * name is taken ("conflict"), registration is refused, or the server does not answer in time.
 */
export async function registerAccount(
  username: string,
  password: string,
  { timeout = DEFAULT_TIMEOUT, service = testService().service, domain = testService().domain }: { timeout?: number; service?: string; domain?: string } = {},
): Promise<TestUser> {
  const label = `registerUser(${username}@${domain})`;
  const { x, features } = await RawXmpp.open(label, domain, service, timeout);
  try {
    const offered = Array.from(features.el!.children).some((c) => c.localName === 'register');
    if (!offered) throw new Error(`${label}: server does not offer in-band registration: ${features.text}`);
    await x.iq(
      'set',
      `<query xmlns="jabber:iq:register"><username>${escapeXml(username)}</username>` +
        `<password>${escapeXml(password)}</password></query>`,
      timeout,
      'registration',
    );
  } finally {
    await x.close();
  }
  return { jid: `${username}@${domain}`, username, password };
}

/**
 * Register a fresh random user (`${prefix}-<time>-<random>@localhost`). The password defaults to a
 * random ASCII string; any Unicode password may be given.
 */
export function registerUser(prefix = 'u', password?: string, opts?: { timeout?: number; service?: string; domain?: string }): Promise<TestUser> {
  return registerAccount(uniqueUsername(prefix), password ?? `pw-${randomId(8)}`, opts);
}

/** Register `n` fresh users in parallel. */
export function registerUsers(n: number, prefix = 'u'): Promise<TestUser[]> {
  return Promise.all(Array.from({ length: n }, () => registerUser(prefix)));
}

function base64Utf8(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  bytes.forEach((b) => (bin += String.fromCharCode(b)));
  return btoa(bin);
}

/**
 * True when SASL PLAIN login with these credentials succeeds (raw socket, no resource bound).
 * Lets tests check an account independently of the code under test.
 */
export async function canLogin(
  username: string,
  password: string,
  { timeout = DEFAULT_TIMEOUT }: { timeout?: number } = {},
): Promise<boolean> {
  const { service, domain } = testService();
  const { x } = await RawXmpp.open(`canLogin(${username}@${domain})`, domain, service, timeout);
  try {
    x.send(
      `<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">${base64Utf8(`\0${username}\0${password}`)}</auth>`,
    );
    const reply = await x.next(
      (f) => f.el?.localName === 'success' || f.el?.localName === 'failure',
      timeout,
      'SASL result',
    );
    return reply.el!.localName === 'success';
  } finally {
    await x.close();
  }
}

/** A bare-bones signed-in client that sends hand-written stanzas, for what the widget would never send. */
export interface RawClient {
  /** The bound full JID. */
  jid: string;
  send(xml: string): void;
  close(): Promise<void>;
}

export async function rawClient(user: TestUser, { timeout = DEFAULT_TIMEOUT }: { timeout?: number } = {}): Promise<RawClient> {
  const { service, domain } = testService();
  const label = `rawClient(${user.jid})`;
  const { x } = await RawXmpp.open(label, domain, service, timeout);
  x.send(`<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">${base64Utf8(`\0${user.username}\0${user.password}`)}</auth>`);
  const auth = await x.next((f) => f.el?.localName === 'success' || f.el?.localName === 'failure', timeout, 'SASL result');
  if (auth.el!.localName !== 'success') throw new Error(`${label}: authentication failed`);
  x.send(`<open xmlns="${FRAMING_NS}" to="${escapeXml(domain)}" version="1.0"/>`);
  await x.next((f) => f.el?.localName === 'features', timeout, 'features after authentication');
  const bound = await x.iq('set', '<bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/>', timeout, 'resource binding');
  const jid = bound.getElementsByTagName('jid')[0]?.textContent ?? '';
  return { jid, send: (xml) => x.send(xml), close: () => x.close() };
}
