/**
 * SASL SCRAM-SHA-1 and SCRAM-SHA-256 (RFC 5802, RFC 7677) on WebCrypto, as mechanisms for the registry
 * @xmpp/sasl drives (sasl.ts), in a chunk of its own: session.ts fetches it while the socket opens.
 * The browser build of @xmpp/client leaves SCRAM out, so without these a browser can only use PLAIN.
 *
 * Every string crossing the factory interface is a "binary string" (one char per byte): @xmpp/sasl passes
 * `response()`'s result to `btoa` and hands `challenge()` the output of `atob`.
 */

import { type SaslCredentials, type SaslMechanism, bytesToBinary, isScramSupported, utf8ToBinary } from './sasl.js';

type ScramHash = 'SHA-1' | 'SHA-256';

/** Test hook: a fixed client nonce instead of a random one. Production code passes nothing. */
export interface ScramOptions {
  clientNonce?: string;
}

/** Fewer iterations than this are accepted (RFC 5802 sets no floor); more are refused as a denial of service. */
export const SCRAM_MAX_ITERATIONS = 1_000_000;

const MAX_SERVER_MESSAGE = 4096;
const NONCE_CHARS = /^[\x21-\x2b\x2d-\x7e]+$/; // printable ASCII except ',' (RFC 5802 §7)
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const ITERATIONS = /^[1-9][0-9]{0,9}$/;

function binaryToBytes(s: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i) & 0xff;
  return bytes;
}

function toBase64(bytes: Uint8Array): string {
  return btoa(bytesToBinary(bytes));
}

// RFC 4013 SASLprep, the parts that matter in practice: map non-ASCII spaces to SPACE and drop the
// "commonly mapped to nothing" characters (RFC 3454 C.1.2, B.1), then NFKC. Prohibited characters are left
// for the server to refuse.
const NON_ASCII_SPACE = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
// Combining marks (U+034F, variation selectors) sit outside the class so they cannot attach to a neighbour.
const MAPPED_TO_NOTHING = /[\u00AD\u1806\u200B-\u200D\u2060\uFEFF]|\u034F|[\u180B-\u180D]|[\uFE00-\uFE0F]/g;

function saslPrep(s: string): string {
  return s.replace(NON_ASCII_SPACE, ' ').replace(MAPPED_TO_NOTHING, '').normalize('NFKC');
}

/** RFC 5802 §5.1 saslname: '=' and ',' escaped, in that order. */
function saslName(s: string): string {
  return saslPrep(s).replace(/=/g, '=3D').replace(/,/g, '=2C');
}

function randomNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return toBase64(bytes); // 24 chars of [A-Za-z0-9+/]: no ',' and no padding
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('SCRAM: WebCrypto needs a secure context (https or localhost)');
  return s;
}

function hmacKey(hash: ScramHash, key: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return subtle().importKey('raw', key, { name: 'HMAC', hash }, false, ['sign']);
}

async function sign(key: CryptoKey | Promise<CryptoKey>, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await subtle().sign('HMAC', await key, data));
}

function importPassword(password: string): Promise<CryptoKey> {
  return subtle().importKey('raw', new TextEncoder().encode(saslPrep(password)), 'PBKDF2', false, ['deriveBits']);
}

/** Splits `a=1,b=2` into a map; null when an attribute is malformed or repeated. */
function parseAttributes(message: string): Map<string, string> | null {
  const attrs = new Map<string, string>();
  for (const part of message.split(',')) {
    if (part.length < 2 || part[1] !== '=' || !/^[A-Za-z]$/.test(part[0]) || attrs.has(part[0])) return null;
    attrs.set(part[0], part.slice(2));
  }
  return attrs;
}

type Stage = 'initial' | 'wait-server-first' | 'have-server-first' | 'wait-server-final' | 'done';

/** Shared SCRAM state machine; use {@link ScramSha1Mechanism} or {@link ScramSha256Mechanism}. */
export abstract class ScramMechanism implements SaslMechanism {
  /** SASL mechanism name, on the prototype, where the registry reads it. */
  declare readonly name: string;
  /** SCRAM sends the first message (RFC 5802 §5). */
  declare readonly clientFirst: boolean;

  readonly #hash: ScramHash;
  readonly #hashBits: number;
  #stage: Stage = 'initial';
  #clientNonce: string;
  #gs2Header = '';
  #clientFirstBare = '';
  #serverFirst = '';
  #serverNonce = '';
  #salt: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  #iterations = 0;
  #serverSignature: string | null = null;
  /** The password of client-first as a PBKDF2 key, imported while the server-first message is on its way. */
  #passwordKey: { password: string; key: Promise<CryptoKey> } | null = null;

  protected constructor(hash: ScramHash, hashBits: number, options: ScramOptions = {}) {
    this.#hash = hash;
    this.#hashBits = hashBits;
    const nonce = options.clientNonce;
    if (nonce !== undefined && !NONCE_CHARS.test(nonce)) throw new Error('SCRAM: the client nonce must be printable ASCII, no commas');
    this.#clientNonce = nonce ?? randomNonce();
  }

  /**
   * The next client message: client-first on the first call, client-final (with the proof) after the
   * server-first challenge, then `''` once the server-final challenge was verified.
   * @returns a binary string (UTF-8 bytes), ready for `btoa`.
   */
  response(cred: SaslCredentials): string | Promise<string> {
    switch (this.#stage) {
      case 'initial':
        return this.#clientFirst(cred);
      case 'have-server-first':
        return this.#clientFinal(cred);
      case 'done':
        return '';
      default:
        throw new Error('SCRAM: waiting for the server');
    }
  }

  /**
   * Takes a server challenge (the `atob` output): the server-first message, or the server-final one when
   * the server sends it as a challenge rather than with `<success/>`.
   * @throws when the challenge is malformed, out of turn, an `e=` error, or a server signature that does
   *   not match (the server does not know the password: it may be an impostor).
   */
  challenge(chal: string): this {
    if (this.#stage === 'wait-server-first') {
      this.#readServerFirst(chal);
      this.#stage = 'have-server-first';
    } else if (this.#stage === 'wait-server-final') {
      if (!this.verifyServerFinal(chal)) throw new Error(this.#finalError(chal));
      this.#stage = 'done';
    } else {
      throw new Error('SCRAM: unexpected challenge');
    }
    return this;
  }

  /** True once the server proved it knows the password (its server-final message was verified). */
  get complete(): boolean {
    return this.#stage === 'done';
  }

  /**
   * Checks the server-final message (`v=...`, RFC 5802 §3), as found in `<success/>` (decoded with `atob`).
   * @xmpp/sasl 0.14 does not hand `<success/>` data to mechanisms, so with it this only runs when the server
   * sends server-final as a challenge; @xmpp/sasl2 calls {@link final}.
   * @returns true when the server proved it knows the password; false for a wrong signature, an `e=`
   *   error, or before the client-final message was computed.
   */
  verifyServerFinal(data: string): boolean {
    if (this.#serverSignature === null || typeof data !== 'string' || data.length > MAX_SERVER_MESSAGE) return false;
    const attrs = parseAttributes(data);
    return attrs !== null && !attrs.has('e') && attrs.get('v') === this.#serverSignature;
  }

  #finalError(data: string): string {
    const e = parseAttributes(typeof data === 'string' ? data.slice(0, MAX_SERVER_MESSAGE) : '')?.get('e');
    return e !== undefined
      ? `SCRAM: the server refused the proof (${e.slice(0, 100)}).`
      : 'SCRAM: the server signature does not match';
  }

  #clientFirst(cred: SaslCredentials): string {
    const username = cred.username ?? '';
    if (username === '') throw new Error('SCRAM: no username');
    // No channel binding (RFC 5802 §6): browsers cannot read the TLS session, so 'n'.
    const authzid = cred.authzid ? `a=${saslName(cred.authzid)}` : '';
    this.#gs2Header = utf8ToBinary(`n,${authzid},`);
    this.#clientFirstBare = utf8ToBinary(`n=${saslName(username)},r=${this.#clientNonce}`);
    if (cred.password && isScramSupported()) {
      this.#passwordKey = { password: cred.password, key: importPassword(cred.password) };
      // Awaited (and any failure reported) in the client-final step; this only keeps it from going unhandled.
      this.#passwordKey.key.catch(() => undefined);
    }
    this.#stage = 'wait-server-first';
    return this.#gs2Header + this.#clientFirstBare;
  }

  #readServerFirst(chal: string): void {
    if (typeof chal !== 'string' || chal === '') throw new Error('SCRAM: empty server-first');
    if (chal.length > MAX_SERVER_MESSAGE) throw new Error('SCRAM: server-first too long');
    const attrs = parseAttributes(chal);
    if (!attrs) throw new Error('SCRAM: malformed server-first');
    if (attrs.has('e')) throw new Error(`SCRAM: the server reported an error (${attrs.get('e')!.slice(0, 100)}).`);
    // RFC 5802 §5.1: 'm' announces a mandatory extension we cannot know.
    if (attrs.has('m')) throw new Error('SCRAM: unsupported extension');

    const nonce = attrs.get('r');
    if (nonce === undefined) throw new Error('SCRAM: no nonce');
    if (!NONCE_CHARS.test(nonce)) throw new Error('SCRAM: nonce has invalid characters');
    if (!nonce.startsWith(this.#clientNonce) || nonce.length === this.#clientNonce.length) {
      throw new Error('SCRAM: nonce does not extend ours');
    }

    const salt = attrs.get('s');
    if (salt === undefined || salt === '') throw new Error('SCRAM: no salt');
    if (!BASE64.test(salt)) throw new Error('SCRAM: salt not base64');

    const i = attrs.get('i');
    if (i === undefined) throw new Error('SCRAM: no iteration count');
    if (!ITERATIONS.test(i)) throw new Error('SCRAM: iteration count not a positive integer');
    const iterations = Number(i);
    if (iterations > SCRAM_MAX_ITERATIONS) throw new Error('SCRAM: iteration count unreasonably high');

    this.#serverFirst = chal;
    this.#serverNonce = nonce;
    this.#salt = binaryToBytes(atob(salt));
    this.#iterations = iterations;
  }

  async #clientFinal(cred: SaslCredentials): Promise<string> {
    const password = cred.password ?? '';
    if (password === '') throw new Error('SCRAM: no password');
    const hash = this.#hash;
    const enc = new TextEncoder();

    const withoutProof = `c=${btoa(this.#gs2Header)},r=${this.#serverNonce}`;
    const authMessage = binaryToBytes(`${this.#clientFirstBare},${this.#serverFirst},${withoutProof}`);

    const early = this.#passwordKey;
    const passwordKey = await (early?.password === password ? early.key : importPassword(password));
    const salted = new Uint8Array(await subtle().deriveBits(
      { name: 'PBKDF2', hash, salt: this.#salt, iterations: this.#iterations }, passwordKey, this.#hashBits));
    const saltedKey = hmacKey(hash, salted);

    // The client proof and the server signature in parallel: every WebCrypto step waits for a free main thread.
    const [proof, serverSignature] = await Promise.all([
      (async () => {
        const clientKey = await sign(saltedKey, enc.encode('Client Key'));
        const storedKey = new Uint8Array(await subtle().digest(hash, clientKey));
        const clientSignature = await sign(hmacKey(hash, storedKey), authMessage);
        return clientKey.map((b, i) => b ^ clientSignature[i]);
      })(),
      (async () => sign(hmacKey(hash, await sign(saltedKey, enc.encode('Server Key'))), authMessage))(),
    ]);
    this.#serverSignature = toBase64(serverSignature);

    this.#stage = 'wait-server-final';
    return `${withoutProof},p=${toBase64(proof)}`;
  }
}

/** SCRAM-SHA-1 (RFC 5802). `new ScramSha1Mechanism()` is what the SASL factory calls. */
export class ScramSha1Mechanism extends ScramMechanism {
  constructor(options?: ScramOptions) {
    super('SHA-1', 160, options);
  }
}
Object.assign(ScramSha1Mechanism.prototype, { name: 'SCRAM-SHA-1', clientFirst: true });

/** SCRAM-SHA-256 (RFC 7677). `new ScramSha256Mechanism()` is what the SASL factory calls. */
export class ScramSha256Mechanism extends ScramMechanism {
  constructor(options?: ScramOptions) {
    super('SHA-256', 256, options);
  }
}
Object.assign(ScramSha256Mechanism.prototype, { name: 'SCRAM-SHA-256', clientFirst: true });
