/**
 * XEP-0313 Message Archive Management (v1.1, `urn:xmpp:mam:2`) on our own account's archive, paged with
 * XEP-0059 Result Set Management.
 */
import xml, { Element } from '@xmpp/xml';

import * as NS from './ns.js';
import { bareJid, formatJid, parseJid, sameBareJid } from './jid.js';
import { parseDelay } from './delay.js';
import { MAX_SID_LENGTH, parseMessageEnvelope } from './message.js';
import { attr, isElementIn, isStanza, soleChild } from './stanza.js';

/** What to ask the archive for. `after` and `before` exclude each other (RSM defines no meaning for both). */
export type MamQuery = {
  /** Echoed in every result (§4), so results of another query, or forged ones, can be told apart. */
  queryId: string;
  /** Only messages to or from this JID (§4.1.1); a bare JID matches all its resources. */
  with?: string;
  /** Page size (XEP-0059 §2.1); the server may lower it. Truncated to an integer; omitted if not finite. */
  max: number;
} & (
  /** The page after this archive id (XEP-0059 §2.2, forwards). An empty string is left out. */
  | { after?: string; before?: undefined }
  /** The page before this archive id (XEP-0059 §2.3), or with `true` the last page (§2.5, XEP-0313 §4.3.3). */
  | { before?: string | true; after?: undefined }
);

/**
 * A query of our own archive (XEP-0313 §4): an iq `set` with no `to` (the archive is our account's) and no
 * `id` (`iqCaller.request()` assigns one), a `jabber:x:data` submit form (XEP-0004 §3) whose hidden
 * `FORM_TYPE` is `urn:xmpp:mam:2`, with the optional `with` field (§4.1.1), and an RSM `<set/>` with
 * `<max/>` and `<after/>` or `<before/>`. `before: true` (or `''`) sends an empty `<before/>`: the last page.
 * If a caller passes both `after` and `before` anyway, `after` wins.
 */
export function buildMamQuery(query: MamQuery): Element {
  const fields = [
    xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, NS.MAM)),
  ];
  if (query.with) fields.push(xml('field', { var: 'with' }, xml('value', {}, query.with)));

  const rsm: Element[] = [];
  if (Number.isFinite(query.max)) rsm.push(xml('max', {}, String(Math.max(0, Math.trunc(query.max)))));
  if (typeof query.after === 'string' && query.after !== '') rsm.push(xml('after', {}, query.after));
  else if (query.before === true) rsm.push(xml('before'));
  else if (typeof query.before === 'string') rsm.push(xml('before', {}, query.before));

  return xml('iq', { type: 'set' },
    xml('query', { xmlns: NS.MAM, queryid: query.queryId },
      xml('x', { xmlns: NS.DATA, type: 'submit' }, ...fields),
      xml('set', { xmlns: NS.RSM }, ...rsm)));
}

/** One archived message. */
export interface MamResult {
  /** The archive's id for the message (XEP-0313 §4.2), to page with and to deduplicate against stanza-ids. */
  archiveId: string;
  /** The archived message, for the inbound pipeline to read like any other (XEP-0184 §5.5: never answered). */
  message: Element;
  /** `out` when we wrote it (its `from` is our account), else `in`. */
  direction: 'in' | 'out';
  /** Bare JID of the other side: the `to` of an outgoing message, the `from` of an incoming one. */
  peer: string;
  /** When the server received it: the `<delay/>` of the `<forwarded/>` (§4.2), in ms; `null` without one. */
  stamp: number | null;
}

/**
 * Reads one result of a query of our own archive (XEP-0313 §4.2): a message holding one
 * `<result xmlns="urn:xmpp:mam:2" queryid id>`, holding one `<forwarded/>` (XEP-0297), holding one
 * `<message xmlns="jabber:client">`.
 *
 * Gives `null` unless: the wrapper has no `from` or exactly our bare JID (§8.2: results from anyone else are
 * forged; our own archive answers from our account), and is not `type="error"`; `queryid` equals
 * `queryId` (which must be non-empty: we always send one); the archive id is 1 to 256 characters; the
 * forwarded message has a one-to-one envelope (`parseMessageEnvelope`: groupchat and error ones are
 * skipped; a body is not needed); an outgoing message has a valid `to`.
 * Never throws.
 */
export function parseMamResult(el: Element, queryId: string, ownBareJid: string, room = ''): MamResult | null {
  if (!isStanza(el, 'message') || attr(el, 'type') === 'error') return null;
  const own = bareJid(typeof ownBareJid === 'string' ? ownBareJid : '');
  if (own === '' || typeof queryId !== 'string' || queryId === '') return null;

  const from = attr(el, 'from');
  // A room's archive answers from the room (XEP-0313 §5.1.2 via XEP-0045); ours from our bare JID, or unstamped.
  if (from !== undefined || room) {
    const parts = parseJid(from ?? '');
    // formatJid keeps a resource, so our own full JID does not pass either.
    if (!parts || formatJid(parts) !== (room || own)) return null;
  }

  const result = soleChild(el, 'result', NS.MAM);
  if (!result || attr(result, 'queryid') !== queryId) return null;
  const archiveId = attr(result, 'id');
  if (archiveId === undefined || archiveId === '' || archiveId.length > MAX_SID_LENGTH) return null;

  const forwarded = soleChild(result, 'forwarded', NS.FORWARD);
  const message = forwarded && soleChild(forwarded, 'message', NS.CLIENT);
  const envelope = message && parseMessageEnvelope(message, Boolean(room));
  if (!forwarded || !envelope) return null;
  // In a room's archive, every message is the room's: which are ours, the caller tells by nick.
  if (room) return envelope.type === 'groupchat' && sameBareJid(envelope.from, room) ? { archiveId, message: message!, direction: 'in', peer: room, stamp: parseDelay(forwarded) } : null;

  const direction = sameBareJid(envelope.from, own) ? 'out' : 'in';
  const peer = bareJid(direction === 'out' ? envelope.to : envelope.from);
  if (peer === '') return null;

  return {
    archiveId,
    message: message!,
    direction,
    peer,
    stamp: parseDelay(forwarded),
  };
}

/** The end of one page of results (XEP-0313 §4.3.2). */
export interface MamFin {
  /** True when there is nothing more to fetch in the direction paged (`complete="true"` or `"1"`). */
  complete: boolean;
  /** Archive id of the first result of the page (RSM `<first/>`), `null` when absent (an empty page). */
  first: string | null;
  /** Archive id of the last result of the page (RSM `<last/>`), `null` when absent. */
  last: string | null;
}

function rsmId(set: Element | null, name: 'first' | 'last'): string | null {
  const el = set ? soleChild(set, name, NS.RSM) : null;
  const text = el ? el.getText() : '';
  return text !== '' && text.length <= MAX_SID_LENGTH ? text : null;
}

/**
 * Reads the answer that ends a query (XEP-0313 §4): an iq `result` holding
 * `<fin xmlns="urn:xmpp:mam:2">` with an RSM `<set/>` (XEP-0059 §2.2). The `<fin/>` element itself is
 * accepted too. `complete` is an XML Schema boolean, so `"true"` and `"1"` mean true.
 * @returns the page end, or `null` when `el` is neither (an iq error, another payload, junk).
 */
export function parseMamFin(el: Element): MamFin | null {
  let fin: Element | null = null;
  if (isStanza(el, 'iq')) {
    if (attr(el, 'type') !== 'result') return null;
    fin = soleChild(el, 'fin', NS.MAM);
  } else if (isElementIn(el, 'fin', NS.MAM)) {
    fin = el;
  }
  if (!fin) return null;
  const complete = attr(fin, 'complete');
  const set = soleChild(fin, 'set', NS.RSM);
  return { complete: complete === 'true' || complete === '1', first: rsmId(set, 'first'), last: rsmId(set, 'last') };
}
