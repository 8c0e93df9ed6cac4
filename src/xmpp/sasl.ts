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
  readonly _mechs: { name: string; mech: SaslMechanismClass }[] = [];

  use(mech: SaslMechanismClass): this {
    this._mechs.push({ name: mech.prototype.name, mech });
    return this;
  }

  create(offered: readonly string[]): SaslMechanism | null {
    const entry = this._mechs.find(({ name }) => offered.includes(name));
    return entry ? new entry.mech() : null;
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
