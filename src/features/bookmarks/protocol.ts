/**
 * Room bookmarks: XEP-0402 (PEP Native Bookmarks, v1.2), one PEP item per room, and XEP-0048 (Bookmarks, in
 * private XML storage, XEP-0049), the whole list in one element, where the server does not say it keeps the
 * two in step (`urn:xmpp:bookmarks:1#compat`).
 */
import xml, { type Element } from '@xmpp/xml';
import { DATA } from '../../xmpp/ns.js';
import { normalizeBareJid } from '../../xmpp/jid.js';
import { attr, clampText } from '../../xmpp/stanza.js';

export const BOOKMARKS = 'urn:xmpp:bookmarks:1';
/** The server keeps XEP-0048's private storage and the PEP node in step: PEP alone is enough. */
export const BOOKMARKS_COMPAT = `${BOOKMARKS}#compat`;
export const PUBSUB = 'http://jabber.org/protocol/pubsub';
export const PUBSUB_EVENT = 'http://jabber.org/protocol/pubsub#event';
const PRIVATE = 'jabber:iq:private';
const LEGACY = 'storage:bookmarks';

/** Longest name, nick and password kept (code points). */
const MAX_TEXT = 200;

export interface Bookmark {
  /** The room's bare JID. */
  jid: string;
  name: string;
  autojoin: boolean;
  /** Empty: the widget picks one (the account's local part). */
  nick: string;
  password: string;
}

const isTrue = (value: string | undefined) => value === 'true' || value === '1';

/** A `<conference/>` of either XEP as a bookmark, with `jid` from the item id (0402) or its attribute (0048). */
function readConference(conference: Element, jid: string | undefined): Bookmark | null {
  const room = normalizeBareJid(jid ?? '');
  if (!room || !room.includes('@')) return null;
  return {
    jid: room,
    name: clampText(attr(conference, 'name') ?? '', MAX_TEXT),
    autojoin: isTrue(attr(conference, 'autojoin')),
    nick: clampText(conference.getChildText('nick') ?? '', MAX_TEXT),
    password: clampText(conference.getChildText('password') ?? '', MAX_TEXT),
  };
}

function conference(bookmark: Bookmark, ns: string, withJid: boolean): Element {
  const element = xml('conference', { xmlns: ns, name: bookmark.name || undefined, autojoin: String(bookmark.autojoin), jid: withJid ? bookmark.jid : undefined });
  if (bookmark.nick) element.append(xml('nick', {}, bookmark.nick));
  if (bookmark.password) element.append(xml('password', {}, bookmark.password));
  return element;
}

/** XEP-0402 §5.1: every bookmark, from our own PEP node. */
export function buildFetch(): Element {
  return xml('iq', { type: 'get' }, xml('pubsub', { xmlns: PUBSUB }, xml('items', { node: BOOKMARKS })));
}

/** The items of a PEP answer or notification, as bookmarks (unreadable ones left out). */
function readItems(items: Element | undefined): Bookmark[] {
  return (items?.getChildren('item') ?? []).flatMap((item) => {
    const found = item.getChild('conference', BOOKMARKS);
    const bookmark = found && readConference(found, attr(item, 'id'));
    return bookmark ? [bookmark] : [];
  });
}

export function parseFetched(iq: Element): Bookmark[] {
  return readItems(iq.getChild('pubsub', PUBSUB)?.getChild('items'));
}

/**
 * XEP-0402 §5.2: adds or replaces one bookmark, in a node only we can read that keeps every item (the
 * publish options create it so, or make a differently configured node refuse).
 */
export function buildPublish(bookmark: Bookmark): Element {
  const field = (name: string, value: string, type?: string) => xml('field', { var: name, type }, xml('value', {}, value));
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'pubsub',
      { xmlns: PUBSUB },
      xml('publish', { node: BOOKMARKS }, xml('item', { id: bookmark.jid }, conference(bookmark, BOOKMARKS, false))),
      xml(
        'publish-options',
        {},
        xml(
          'x',
          { xmlns: DATA, type: 'submit' },
          field('FORM_TYPE', `${PUBSUB}#publish-options`, 'hidden'),
          field('pubsub#persist_items', 'true'),
          field('pubsub#max_items', 'max'),
          field('pubsub#send_last_published_item', 'never'),
          field('pubsub#access_model', 'whitelist'),
        ),
      ),
    ),
  );
}

/** XEP-0402 §5.3: removes one bookmark, telling our other clients. */
export function buildRetract(room: string): Element {
  return xml('iq', { type: 'set' }, xml('pubsub', { xmlns: PUBSUB }, xml('retract', { node: BOOKMARKS, notify: 'true' }, xml('item', { id: room }))));
}

/**
 * A change to our bookmarks from our own PEP service (XEP-0402 §5.4): what was added or changed, and what was
 * retracted. Null for anything else, and for a notification from anyone but our own account (a forgery).
 */
export function parseEvent(message: Element, account: string): { set: Bookmark[]; retracted: string[] } | null {
  const from = attr(message, 'from');
  if (from !== undefined && normalizeBareJid(from) !== account) return null;
  const items = message.getChild('event', PUBSUB_EVENT)?.getChild('items');
  if (!items || attr(items, 'node') !== BOOKMARKS) return null;
  const retracted = items.getChildren('retract').flatMap((r) => normalizeBareJid(attr(r, 'id') ?? '') ?? []);
  return { set: readItems(items), retracted };
}

/** XEP-0048 §3.2 (XEP-0049): the whole list from private storage. */
export function buildLegacyFetch(): Element {
  return xml('iq', { type: 'get' }, xml('query', { xmlns: PRIVATE }, xml('storage', { xmlns: LEGACY })));
}

export function parseLegacy(iq: Element): Bookmark[] {
  const storage = iq.getChild('query', PRIVATE)?.getChild('storage', LEGACY);
  return (storage?.getChildren('conference') ?? []).flatMap((c) => readConference(c, attr(c, 'jid')) ?? []);
}

/** XEP-0048 §3.3: the whole list again; private storage replaces it at once. */
export function buildLegacyStore(bookmarks: readonly Bookmark[]): Element {
  return xml('iq', { type: 'set' }, xml('query', { xmlns: PRIVATE }, xml('storage', { xmlns: LEGACY }, ...bookmarks.map((b) => conference(b, LEGACY, true)))));
}
