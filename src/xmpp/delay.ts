/**
 * XEP-0203 delayed delivery, and the XEP-0082 date-time format its `stamp` uses.
 */
import type { Element } from '@xmpp/xml';
import * as NS from './ns.js';
import { parseJid } from './jid.js';
import { attr } from './stanza.js';

// XEP-0082 §3.2 DateTime: CCYY-MM-DDThh:mm:ss[.sss]TZD
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Reads a XEP-0082 DateTime such as `2024-03-01T12:30:00.123Z` or `2024-03-01T13:30:00+01:00`.
 * Stricter than `Date.parse`, which accepts many other shapes and reads some as local time.
 * @returns milliseconds since the epoch, or `null` when `stamp` is not such a date-time or names an
 *   impossible date (February 30th, hour 25).
 */
export function parseDateTime(stamp: string): number | null {
  if (typeof stamp !== 'string' || stamp.length > 40) return null;
  const m = DATE_TIME.exec(stamp);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const offsetMinutes = m[8] === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  // 60 is a leap second (XEP-0082 allows it); Date rolls it into the next minute, which is close enough.
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return null;
  if (Number(m[10] ?? 0) > 23 || Number(m[11] ?? 0) > 59) return null;
  const d = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCDate() !== day) return null;
  d.setUTCHours(hour, minute, second, ms);
  const t = d.getTime() - offsetMinutes * 60_000;
  return Number.isFinite(t) ? t : null;
}

/**
 * The XEP-0203 `<delay/>` stamp of a stanza, in ms. When there are several, the one added by the
 * recipient's server (`from` = the domain of the stanza's `to`) wins, since the sender can add its own.
 * @returns `null` when there is no delay or its stamp is invalid.
 */
export function parseDelay(stanza: Element): number | null {
  const delays = stanza.getChildren('delay', NS.DELAY);
  if (delays.length === 0) return null;
  const ourDomain = parseJid(attr(stanza, 'to') ?? '')?.domain;
  const fromServer = ourDomain ? delays.find((d) => parseJid(attr(d, 'from') ?? '')?.domain === ourDomain) : undefined;
  return parseDateTime(attr(fromServer ?? delays[0], 'stamp') ?? '');
}
