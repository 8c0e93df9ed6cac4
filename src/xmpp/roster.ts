/**
 * Roster management (RFC 6121 §2): fetch with versioning, add or rename, remove, and roster pushes.
 */
import xml, { Element } from '@xmpp/xml';
import type { Contact, Subscription } from '../model/types.js';
import * as NS from './ns.js';
import { formatJid, parseJid, sameBareJid } from './jid.js';
import { attr, clampText, isStanza } from './stanza.js';

export { buildIqResult } from './stanza.js';

/**
 * A roster fetch answer: either the full roster, or "unchanged since the version you sent" (§2.6.3),
 * in which case `ver` and `contacts` are null and the changes, if any, follow as roster pushes.
 */
export type RosterResult =
  | { unchanged: false; ver: string | null; contacts: Contact[] }
  | { unchanged: true; ver: null; contacts: null };

/** One roster push (§2.1.6): a single changed item; `contact.subscription === 'remove'` means deleted. */
export interface RosterPush {
  ver: string | null;
  contact: Contact;
}

const SUBSCRIPTIONS: ReadonlySet<string> = new Set(['none', 'to', 'from', 'both', 'remove']);
const MAX_GROUPS = 100;
const MAX_NAME = 1024;

/**
 * Asks for the roster (§2.1.3). `ver` follows roster versioning (§2.6):
 * - `undefined`: no `ver` attribute (the server does not support versioning);
 * - `null`: `ver=""`, versioning wanted but nothing stored yet (the server sends the whole roster);
 * - a string: the version we hold (the server may answer with an empty result, then pushes).
 * The iq has no `id`: `iqCaller.request()` assigns one.
 */
export function buildRosterGet(ver?: string | null): Element {
  const attrs: Record<string, string> = { xmlns: NS.ROSTER };
  if (ver !== undefined) attrs.ver = ver ?? '';
  return xml('iq', { type: 'get' }, xml('query', attrs));
}

/** Reads one `<item/>`; null when its JID is missing, invalid or not bare. */
function parseItem(item: Element): Contact | null {
  const parts = parseJid(attr(item, 'jid') ?? '');
  if (!parts || parts.resource !== '') return null;
  const sub = attr(item, 'subscription');
  const groups = new Set<string>();
  for (const g of item.getChildren('group')) {
    if (groups.size >= MAX_GROUPS) break;
    const text = g.getText().trim();
    if (text) groups.add(clampText(text, MAX_NAME));
  }
  return {
    jid: formatJid(parts),
    name: clampText((attr(item, 'name') ?? '').trim(), MAX_NAME),
    // §2.1.2.5: a missing or unknown value means "none".
    subscription: sub !== undefined && SUBSCRIPTIONS.has(sub) ? (sub as Subscription) : 'none',
    pending: attr(item, 'ask') === 'subscribe',
    groups: [...groups],
  };
}

function readVer(query: Element): string | null {
  return attr(query, 'ver') ?? null;
}

/**
 * Reads the answer to {@link buildRosterGet}.
 * @returns the contacts (items with invalid JIDs skipped, duplicates merged, `remove` items dropped);
 *   `{ unchanged: true, ver: null, contacts: null }` for an empty result (§2.6.3: the version we sent is current);
 *   `null` when `iq` is not a roster result.
 */
export function parseRosterResult(iq: Element): RosterResult | null {
  if (!isStanza(iq, 'iq') || attr(iq, 'type') !== 'result') return null;
  const query = iq.getChild('query', NS.ROSTER);
  if (!query) return iq.getChildElements().length === 0 ? { unchanged: true, ver: null, contacts: null } : null;
  const byJid = new Map<string, Contact>();
  for (const item of query.getChildren('item', NS.ROSTER)) {
    const contact = parseItem(item);
    if (contact && contact.subscription !== 'remove') byJid.set(contact.jid, contact);
  }
  return { unchanged: false, ver: readVer(query), contacts: [...byJid.values()] };
}

/**
 * Reads a roster push (§2.1.6). Only our own server may push: the stanza must have no `from`, or `from`
 * equal to our bare JID; anything else is a spoofing attempt and gives `null` (the RFC says to ignore it).
 * Exactly one valid item is required.
 * @param ownBareJid the account's JID (a full JID is reduced to its bare part).
 * @returns the version and the changed contact, or `null`. Acknowledge a non-null push with `buildIqResult`.
 */
export function parseRosterPush(iq: Element, ownBareJid: string): RosterPush | null {
  if (!isStanza(iq, 'iq') || attr(iq, 'type') !== 'set') return null;
  const from = attr(iq, 'from');
  if (from !== undefined) {
    if (!sameBareJid(from, ownBareJid) || parseJid(from)?.resource !== '') return null;
  }
  const query = iq.getChild('query', NS.ROSTER);
  if (!query) return null;
  const items = query.getChildren('item', NS.ROSTER);
  if (items.length !== 1) return null;
  const contact = parseItem(items[0]);
  return contact ? { ver: readVer(query), contact } : null;
}
