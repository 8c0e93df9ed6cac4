/**
 * XMPP addresses (RFC 7622), validated the way common servers do, without PRECIS tables.
 *
 * We do not use `@xmpp/jid` to parse: it accepts anything with a domain (`a@b@c` gives the domain `b@c`)
 * and silently applies XEP-0106 escaping to locals with spaces, so it cannot tell a valid JID from junk.
 * xmpp.js itself gets {@link Jid} from this module in its place (the build and the tests resolve `@xmpp/jid`
 * here), so the widget carries one JID implementation.
 */

/** The three parts of a JID; `local` and `resource` are `''` when absent. */
export interface JidParts {
  local: string;
  domain: string;
  resource: string;
}

// RFC 7622 §3.1: each part is at most 1023 octets, so a longer string cannot be a JID.
const MAX_PART_BYTES = 1023;
const MAX_JID_CHARS = MAX_PART_BYTES * 3 + 2;

// RFC 7622 §3.3.1 forbids " & ' / : < > @ in the localpart; PRECIS IdentifierClass also forbids spaces and controls.
const LOCAL_FORBIDDEN = /["&'/:<>@\s\p{Cc}]/u;
// Domain labels: letters and digits of any script (IDN U-labels), hyphen, underscore (seen in the wild).
const DOMAIN_LABEL = /^[\p{L}\p{M}\p{N}_-]+$/u;
const IP_LITERAL = /^\[[0-9a-f:.]+\]$/i;
const RESOURCE_FORBIDDEN = /\p{Cc}/u;

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

// Most JIDs a client sees share a few domains: those found valid are remembered (a roster of 500 parses in
// a third of the time). Bounded, so junk cannot grow it.
const validDomains = new Set<string>();

function validDomain(domain: string): boolean {
  if (validDomains.has(domain)) return true;
  if (domain === '' || utf8Length(domain) > MAX_PART_BYTES) return false;
  const valid = domain.startsWith('[') ? IP_LITERAL.test(domain) : domain.split('.').every((label) => DOMAIN_LABEL.test(label));
  if (valid && validDomains.size < 64) validDomains.add(domain);
  return valid;
}

/**
 * Splits and validates a JID. Local and domain parts come back NFC-normalized and lowercased (what servers
 * do for comparison); a trailing dot on the domain is dropped (RFC 7622 §3.2). The resource is kept as is.
 * @returns the parts, or `null` when `s` is not a valid JID. Never throws.
 */
export function parseJid(s: string): JidParts | null {
  if (typeof s !== 'string' || s === '' || s.length > MAX_JID_CHARS) return null;
  const { local, domain, resource } = splitJid(s);
  const at = s.indexOf('@');
  const slash = s.indexOf('/');
  // An '@' before the resource with nothing in front of it, or a '/' with nothing after it.
  if (at !== -1 && (slash === -1 || at < slash) && local === '') return null;
  if (slash !== -1 && resource === '') return null;

  if (local !== '' && (LOCAL_FORBIDDEN.test(local) || utf8Length(local) > MAX_PART_BYTES)) return null;
  if (!validDomain(domain)) return null;
  if (resource !== '' && (RESOURCE_FORBIDDEN.test(resource) || utf8Length(resource) > MAX_PART_BYTES)) return null;

  return { local, domain, resource };
}

/** The parts of `s` (RFC 7622 §3.1 order), local and domain normalized as by {@link parseJid}; no checks. */
function splitJid(s: string): JidParts {
  // The first '/' starts the resource; the first '@' before it ends the local part.
  const slash = s.indexOf('/');
  const head = slash === -1 ? s : s.slice(0, slash);
  const at = head.indexOf('@');
  const domain = (at === -1 ? head : head.slice(at + 1)).normalize('NFC').toLowerCase();
  return {
    local: at === -1 ? '' : head.slice(0, at).normalize('NFC').toLowerCase(),
    domain: domain.endsWith('.') ? domain.slice(0, -1) : domain,
    resource: slash === -1 ? '' : s.slice(slash + 1),
  };
}

/**
 * The JID object xmpp.js works with, in place of `@xmpp/jid`'s. As lenient as that one: xmpp.js makes one of
 * every stanza's `to` and `from`, and junk there must not throw; telling valid from junk is parseJid's job.
 */
export class Jid implements JidParts {
  readonly local: string;
  readonly domain: string;
  readonly resource: string;

  constructor({ local, domain, resource }: JidParts) {
    this.local = local;
    this.domain = domain;
    this.resource = resource;
  }

  bare(): Jid {
    return new Jid({ ...this, resource: '' });
  }

  toString(): string {
    return formatJid(this);
  }
}

/** `jid('local@domain/resource')` or `jid(local, domain, resource)`, as `@xmpp/jid` takes them. */
export default function jid(address: string, domain?: string, resource = ''): Jid {
  return new Jid(domain ? splitJid(`${address}@${domain}/${resource}`) : splitJid(address));
}

/** Joins parts back into a JID string; with `bare`, the resource is left out. */
export function formatJid(parts: JidParts, bare = false): string {
  const b = parts.local ? `${parts.local}@${parts.domain}` : parts.domain;
  return parts.resource && !bare ? `${b}/${parts.resource}` : b;
}

/**
 * The bare form (`local@domain`, or `domain`) of a JID, normalized as by {@link parseJid}.
 * @returns `''` when `jid` is not a valid JID.
 */
export function bareJid(jid: string): string {
  const p = parseJid(jid);
  return p ? formatJid(p, true) : '';
}

/**
 * The resource of a full JID.
 * @returns `''` for a bare JID or an invalid one.
 */
export function resourceOf(jid: string): string {
  return parseJid(jid)?.resource ?? '';
}

/** True when `s` is a valid JID without a resource (a domain alone counts, as in RFC 7622). */
export function isBareJid(s: string): boolean {
  const p = parseJid(s);
  return p !== null && p.resource === '';
}

/** True when both are valid JIDs with the same bare part. */
export function sameBareJid(a: string, b: string): boolean {
  const bareA = bareJid(a);
  return bareA !== '' && bareA === bareJid(b);
}

/**
 * Normalizes an address the user typed (a contact to add, an account to log in as): trims it, and
 * lowercases local and domain parts. A local part is required; a resource is refused.
 * @returns `local@domain`, or `null` when the input is empty, has a resource, or is not a valid JID.
 */
export function normalizeBareJid(input: string): string | null {
  if (typeof input !== 'string') return null;
  const s = input.trim();
  if (s.includes('/')) return null;
  const p = parseJid(s);
  if (!p || p.local === '') return null;
  return formatJid(p);
}
