// The bookmarks service (see manifest.ts): no elements of its own; rooms appear in the contact list by name.
import type { FeatureContext, FeatureService } from '../../store/features.js';
import { buildDiscoInfo, parseDiscoFeatures } from '../../xmpp/disco.js';
import type { Stanza } from '../../xmpp/session.js';
import {
  BOOKMARKS_COMPAT,
  type Bookmark,
  buildFetch,
  buildLegacyFetch,
  buildLegacyStore,
  buildPublish,
  buildRetract,
  parseEvent,
  parseFetched,
  parseLegacy,
} from './protocol.js';

export type { Bookmark } from './protocol.js';

/**
 * The slice (`state.features.bookmarks`): where they are kept (`pep`: XEP-0402; `private`: XEP-0048 only),
 * and the bookmarks by room.
 */
export interface BookmarksSlice {
  readonly store: 'pep' | 'private';
  readonly rooms: Readonly<Record<string, Bookmark>>;
}

function sliceOf(context: FeatureContext): BookmarksSlice | undefined {
  return context.state.features.bookmarks as BookmarksSlice | undefined;
}

/** Names the rooms in the contact list, and hands them to the rooms feature (which joins the autojoin ones). */
function learned(context: FeatureContext, bookmarks: readonly Bookmark[]) {
  if (bookmarks.length === 0) return;
  for (const b of bookmarks) {
    if (b.name && context.state.conversations[b.jid]?.name !== b.name) context.dispatch({ type: 'conversation/named', peer: b.jid, name: b.name });
  }
  void context.act('rooms', { type: 'bookmarked', bookmarks });
}

function setRooms(context: FeatureContext, store: BookmarksSlice['store'], rooms: Record<string, Bookmark>) {
  context.updateSlice(() => ({ store, rooms }) satisfies BookmarksSlice);
}

/** Adds, changes or (null) removes the bookmark of `room` on the server; the slice follows once it is kept. */
async function save(context: FeatureContext, room: string, bookmark: Bookmark | null): Promise<boolean> {
  const slice = sliceOf(context);
  if (!slice) return false;
  const rooms = { ...slice.rooms };
  if (bookmark) rooms[room] = bookmark;
  else delete rooms[room];
  const request = slice.store === 'private' ? buildLegacyStore(Object.values(rooms)) : bookmark ? buildPublish(bookmark) : buildRetract(room);
  const kept = await context.request(request).then(
    () => true,
    () => false,
  );
  if (kept) {
    const now = sliceOf(context)!;
    const next = { ...now.rooms };
    if (bookmark) next[room] = bookmark;
    else delete next[room];
    setRooms(context, now.store, next);
  }
  return kept;
}

/** Our bookmarks: from PEP where the server keeps both in step, else from private storage. */
async function read(context: FeatureContext) {
  const features = await context.request(buildDiscoInfo(context.account)).then(parseDiscoFeatures, () => new Set<string>());
  const store = features.has(BOOKMARKS_COMPAT) ? 'pep' : 'private';
  // PEP: no node yet (item-not-found) is no bookmarks yet, and each is written alone. Private storage is
  // written whole: unread, writing it would lose what it holds, so nothing is saved (the slice stays unset).
  const fetched = context.request(store === 'pep' ? buildFetch() : buildLegacyFetch());
  const bookmarks = await fetched.then(store === 'pep' ? parseFetched : parseLegacy, () => (store === 'pep' ? [] : null));
  if (!bookmarks) return;
  setRooms(context, store, Object.fromEntries(bookmarks.map((b) => [b.jid, b])));
  learned(context, bookmarks);
}

export const service: FeatureService = {
  /** Reads the bookmarks while the sign-in goes on (the initial presence does not wait for them). */
  online(context) {
    void read(context);
    return Promise.resolve();
  },

  /** A change from one of our clients (this one included: its own publish comes back). */
  inbound(stanza: Stanza, context) {
    const event = stanza.is('message') ? parseEvent(stanza, context.account) : null;
    const slice = sliceOf(context);
    if (!event) return false;
    if (!slice) return true;
    const rooms = { ...slice.rooms };
    for (const jid of event.retracted) delete rooms[jid];
    const changed = event.set.filter((b) => JSON.stringify(rooms[b.jid]) !== JSON.stringify(b));
    for (const b of changed) rooms[b.jid] = b;
    setRooms(context, slice.store, rooms);
    learned(context, changed);
    return true;
  },

  act(action, context) {
    // keep: a room joined (autojoin) or left (not), with its nick; the server is asked only on a change.
    if (action.type !== 'keep') return undefined;
    const room = String(action.room);
    const before = sliceOf(context)?.rooms[room];
    const bookmark: Bookmark = {
      jid: room,
      name: before?.name ?? '',
      autojoin: Boolean(action.autojoin),
      nick: typeof action.nick === 'string' ? action.nick : (before?.nick ?? ''),
      password: typeof action.password === 'string' ? action.password : (before?.password ?? ''),
    };
    if (before && JSON.stringify(before) === JSON.stringify(bookmark)) return true;
    return save(context, room, bookmark);
  },
};
