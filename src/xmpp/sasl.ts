/**
 * The SASL mechanism registry @xmpp/sasl drives (the API of the `saslmechanisms` factory: `_mechs`, `use`,
 * `create`) and PLAIN (RFC 4616); SCRAM is in scram.ts. Strings crossing it are binary strings, one char
 * per byte, as @xmpp/sasl hands them to `btoa` and gets them from `atob`.
 */

/** What @xmpp/sasl passes to `response()`; only `username`, `password` and `authzid` are read. */
export interface SaslCredentials {
  username?: string | null;
  password?: string | null;
  authzid?: string | null;
}

export interface SaslMechanism {
  readonly name: string;
  /** Whether the client speaks first. */
  readonly clientFirst: boolean;
  response(cred: SaslCredentials): string | Promise<string>;
  challenge(data: string): unknown;
}

/** A mechanism class; its `name` is on the prototype, where the registry reads it. */
export type SaslMechanismClass = new () => SaslMechanism;

/** The mechanisms this client can use, in order of preference: `create` gives the first one offered. */
export class SaslFactory {
  // The name @xmpp/sasl reads to learn what is registered.
  readonly _mechs: { name: string; mech?: SaslMechanismClass; load?: () => Promise<SaslMechanismClass> }[] = [];

  use(mech: SaslMechanismClass): this {
    this._mechs.push({ name: mech.prototype.name, mech });
    return this;
  }

  /** A mechanism offered by `name` now, whose class `load` brings later (a chunk of its own): see {@link ready}. */
  useLater(name: string, load: () => Promise<SaslMechanismClass>): this {
    this._mechs.push({ name, load });
    return this;
  }

  /** Loads `name`'s class if it comes later; `create` needs it (@xmpp/sasl calls it synchronously). */
  async ready(name: string): Promise<void> {
    const entry = this._mechs.find((m) => m.name === name);
    if (entry && !entry.mech && entry.load) entry.mech = await entry.load();
  }

  create(offered: readonly string[]): SaslMechanism | null {
    const entry = this._mechs.find(({ name, mech }) => mech && offered.includes(name));
    return entry?.mech ? new entry.mech() : null;
  }
}

/** RFC 4616 PLAIN: authzid, username and password, NUL-separated, sent at once. */
export class PlainMechanism implements SaslMechanism {
  declare readonly name: string;
  declare readonly clientFirst: boolean;

  response({ authzid, username, password }: SaslCredentials): string {
    return `${authzid ?? ''}\0${username ?? ''}\0${password ?? ''}`;
  }

  challenge(): void {
    // PLAIN gets no challenge.
  }
}
Object.assign(PlainMechanism.prototype, { name: 'PLAIN', clientFirst: true });

/**
 * The UTF-8 bytes of `s`, one char per byte: what `btoa` needs to carry non-Latin-1 text
 * (@xmpp/base64 encodes with `btoa`, which throws on anything above U+00FF).
 */
export function utf8ToBinary(s: string): string {
  return bytesToBinary(new TextEncoder().encode(s));
}

/** `bytes`, one char per byte. */
export function bytesToBinary(bytes: Uint8Array): string {
  let out = '';
  // fromCharCode takes its arguments on the stack: go in chunks.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return out;
}

/** True when this page can run SCRAM (WebCrypto exists only in secure contexts). */
export function isScramSupported(): boolean {
  return typeof globalThis.crypto?.subtle?.deriveBits === 'function';
}

/**
 * Picks the SASL mechanism to use among those offered (and registered with the factory):
 * SCRAM-SHA-256, then SCRAM-SHA-1, then PLAIN only when the transport is secure (wss: or loopback),
 * since PLAIN sends the password itself. ANONYMOUS only, and only, without credentials.
 * @returns the mechanism name, or `null` when none is acceptable.
 */
export function chooseMechanism(offered: readonly string[], secure: boolean, hasCredentials = true): string | null {
  const names = new Set(offered.map((m) => String(m).trim().toUpperCase()));
  if (!hasCredentials) return names.has('ANONYMOUS') ? 'ANONYMOUS' : null;
  for (const m of ['SCRAM-SHA-256', 'SCRAM-SHA-1']) if (names.has(m)) return m;
  return secure && names.has('PLAIN') ? 'PLAIN' : null;
}
