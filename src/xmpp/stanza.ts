/**
 * Small readers shared by the stanza parsers, and the generic iq replies (RFC 6120 §8.2.3).
 * Everything here tolerates hostile input: missing attributes, foreign namespaces, odd children.
 */
import xml, { Element } from '@xmpp/xml';
import * as NS from './ns.js';

/** The attribute's value when it is present and a string, else `undefined`. */
export function attr(el: Element, name: string): string | undefined {
  const attrs = el.attrs as Record<string, unknown> | undefined;
  if (!attrs || !Object.prototype.hasOwnProperty.call(attrs, name)) return undefined;
  const v = attrs[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * True when `el` is a top-level stanza named `name` (`message`, `presence`, `iq`) in the client namespace.
 * Stanzas over WebSocket carry `xmlns="jabber:client"` (RFC 7395 §3.3.1); ones built in tests have none.
 */
export function isStanza(el: unknown, name: 'message' | 'presence' | 'iq'): el is Element {
  if (typeof el !== 'object' || el === null) return false;
  const e = el as Element;
  if (e.name !== name || typeof e.getNS !== 'function' || typeof e.attrs !== 'object' || e.attrs === null) return false;
  const ns = e.getNS();
  return ns === undefined || ns === NS.CLIENT;
}

/**
 * True when `el` is an element named `name` (no prefix) in namespace `ns`, for payloads handed over on their
 * own (what `iqCaller.get()` returns) rather than inside a stanza. Tolerates any value.
 */
export function isElementIn(el: unknown, name: string, ns: string): el is Element {
  if (typeof el !== 'object' || el === null) return false;
  const e = el as Element;
  if (e.name !== name || typeof e.getNS !== 'function' || typeof e.attrs !== 'object' || e.attrs === null) return false;
  return e.getNS() === ns;
}

/** Child elements of `el` named `name` in the same namespace as `el` (RFC 6120 §8.1: stanza children). */
export function ownChildren(el: Element, name: string): Element[] {
  const ns = el.getNS();
  return el.getChildren(name).filter((c) => c.name === name && c.getNS() === ns);
}

/**
 * The one child element of `el` named `name` (no prefix) in namespace `ns`.
 * Wrappers such as XEP-0297 `<forwarded/>` carry exactly one payload; two would leave us guessing which one
 * the server vouched for, so that case gives `null` too.
 * @returns the child, or `null` when there is none or more than one.
 */
export function soleChild(el: Element, name: string, ns: string): Element | null {
  let found: Element | null = null;
  for (const child of el.getChildElements()) {
    if (child.name !== name || child.getNS() !== ns) continue;
    if (found) return null;
    found = child;
  }
  return found;
}

/**
 * Text of the `name` child in the stanza namespace, preferring the one without `xml:lang`
 * (RFC 6121 §5.2.3 allows one per language).
 * @returns `null` when there is no such child.
 */
export function ownChildText(el: Element, name: string): string | null {
  const all = ownChildren(el, name);
  const chosen = all.find((c) => attr(c, 'xml:lang') === undefined) ?? all[0];
  return chosen ? chosen.getText() : null;
}

/** At most `max` code points of `s`, never splitting a surrogate pair. */
export function clampText(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  let n = 0;
  for (const ch of s) {
    if (n++ >= max) break;
    out += ch;
  }
  return out;
}

/**
 * Acknowledges an iq `set` or `get` (RFC 6120 §8.2.3): `type="result"`, same `id`, addressed to the sender.
 * `to` is left out when the request had no `from` (it came from our own account).
 */
export function buildIqResult(iq: Element): Element {
  return xml('iq', { type: 'result', id: attr(iq, 'id'), to: attr(iq, 'from') });
}

/**
 * Refuses an iq (RFC 6120 §8.3): `type="error"` with a defined condition, e.g. `service-unavailable`
 * for a request we do not handle, or `forbidden`.
 */
export function buildIqError(
  iq: Element,
  condition: string = 'service-unavailable',
  type: 'cancel' | 'continue' | 'modify' | 'auth' | 'wait' = 'cancel',
): Element {
  return xml('iq', { type: 'error', id: attr(iq, 'id'), to: attr(iq, 'from') },
    xml('error', { type }, xml(condition, { xmlns: NS.STANZAS })));
}

const CONDITION = /^[a-z][a-z-]{0,63}$/;

/**
 * The defined condition of a stanza `<error/>` child (RFC 6120 §8.3.3), e.g. `item-not-found`.
 * @returns `'undefined-condition'` when the error names none we can read, or `null` when there is no `<error/>`.
 */
export function stanzaErrorCondition(stanza: Element): string | null {
  const error = ownChildren(stanza, 'error')[0];
  if (!error) return null;
  const cond = error.getChildElements().find((c) => c.getNS() === NS.STANZAS && c.name !== 'text');
  return cond && CONDITION.test(cond.name) ? cond.name : 'undefined-condition';
}
