// Our account's archive (XEP-0313): the catch-up after each fresh sign-in, and paging back through a
// conversation. A lazy chunk, fetched at sign-in while the roster travels: a chat shows and sends without it.
import { newId } from '../model/id.js';
import type { Placement } from '../model/ordering.js';
import { type ChatMessage, type JidString, isSameMessage } from '../model/types.js';
import type { HistoryDb } from '../storage/history-db.js';
import { buildMamQuery, parseMamFin, parseMamResult } from '../xmpp/mam.js';
import type { Stanza, XmppSession } from '../xmpp/session.js';
import { PAGE_SIZE } from './core.js';
import type { Arrival } from './features.js';
import type { ChatAction } from './reducers.js';
import { type ChatState, emptyConversation } from './state.js';

/**
 * A first visit's newest page is history, except what the archive got in the last moments: sent as we signed
 * in, its live copy may come after the page, and it must count as news (unread, the conversation opened).
 */
const RECENT_MS = 10_000;

/** Bounds a catch-up after a long absence; what is older stays in the archive, reachable by scrolling. */
const MAX_CATCH_UP_PAGES = 20;

/** What the store remembers of the archive for one account. */
export interface ArchiveMemory {
  /** The newest archive id held: where the next catch-up starts; null on a first visit. */
  cursor: string | null;
  /** Per conversation, the oldest archive id seen (RSM `first`): where the next older page starts. */
  readonly older: Map<JidString, string>;
  /** Conversations whose archive has nothing older than what this device holds. */
  readonly complete: Set<JidString>;
}

/** What the archive needs of the store. */
export interface ArchiveContext {
  readonly state: ChatState;
  dispatch(action: ChatAction): void;
  readonly db: HistoryDb | null;
  readonly own: JidString;
  readonly memory: ArchiveMemory;
  /** Moves the catch-up cursor, here and on this device. */
  setCursor(archiveId: string): void;
  /** False once `session` is no longer the store's: its answers are stale. */
  isCurrent(session: XmppSession): boolean;
  /** Archived messages through the inbound pipeline, as the log keeps them (null: nothing to show). */
  admit(arrivals: readonly Arrival[]): Promise<(ChatMessage | null)[]>;
  keep(messages: readonly ChatMessage[], how: { live: boolean; placement: Placement }): Promise<ChatMessage[]>;
  /** Live messages held while catching up; `delayed`: the server delivered it from offline storage. */
  held(): { message: ChatMessage; delayed: boolean }[];
  saveConversation(peer: JidString): void;
  /** Where `peer`'s history is archived when not in ours: a room's archive, and our nick there. */
  archiveOf(peer: JidString): { archive: JidString; nick: string } | undefined;
}

/** Archive results as the log keeps them; our own messages' origin-ids go into `archivedOwn`. */
async function fromArchive(
  context: ArchiveContext,
  results: readonly Stanza[],
  queryId: string,
  archivedOwn?: Set<string>,
  room?: { archive: JidString; nick: string },
): Promise<ChatMessage[]> {
  const found = results.map((result) => parseMamResult(result, queryId, context.own, room?.archive)).filter((r) => r !== null);
  // In a room's archive, ours are those from our nick.
  const ours = (message: Stanza) => Boolean(room) && String(message.attrs.from) === `${room!.archive}/${room!.nick}`;
  const admitted = await context.admit(
    found.map(({ message, direction, peer, archiveId, stamp }) => ({ message, via: 'archive', direction: ours(message) ? 'out' : direction, peer, archived: { id: archiveId, stamp } })),
  );
  const messages = admitted.filter((m) => m !== null);
  for (const message of messages) if (message.direction === 'out' && message.originId) archivedOwn?.add(message.originId);
  return messages;
}

/**
 * Fills the gap since the newest archived message we hold (XEP-0313 with RSM `after`); on a first visit,
 * fetches the newest page. The store holds live messages until it is done, so order holds.
 * @returns origin-ids of our own messages found in the archive: those need no resend.
 */
export async function catchUp(context: ArchiveContext, session: XmppSession): Promise<Set<string>> {
  const archivedOwn = new Set<string>();
  const { cursor } = context.memory;
  if (cursor === null) await catchUpFirstVisit(context, session, archivedOwn);
  else await catchUpSince(context, session, cursor, archivedOwn);
  return archivedOwn;
}

/** Every page after `after` ('' : from the start of the archive), in archive order, each placed as it comes. */
async function catchUpSince(context: ArchiveContext, session: XmppSession, after: string, archivedOwn: Set<string>) {
  for (let page = 0; page < MAX_CATCH_UP_PAGES; page++) {
    const queryId = newId();
    let round: { results: Stanza[]; reply: Stanza };
    try {
      round = await session.queryArchive(buildMamQuery({ queryId, after: after || undefined, max: 100 }), queryId);
    } catch {
      // The archive forgot our cursor (it expired): read what it still has, from its start.
      if (after === '') return;
      after = '';
      continue;
    }
    if (!context.isCurrent(session)) return;
    // Among what we hold, by the archive's order: a gap fills in where it was, not at the end.
    await context.keep(await fromArchive(context, round.results, queryId, archivedOwn), { live: true, placement: 'archive' });
    const fin = parseMamFin(round.reply);
    after = fin?.last ?? after;
    context.setCursor(after);
    if (!fin || fin.complete || round.results.length === 0) return;
  }
}

/**
 * Nothing on this device yet: the newest page, and older pages as long as messages the server delivered
 * from offline storage (held meanwhile) are older than what came, so they take their archive place too.
 */
async function catchUpFirstVisit(context: ArchiveContext, session: XmppSession, archivedOwn: Set<string>) {
  // What the archive got while we were signing in is news, even when its page comes before the message itself.
  const recent = Date.now() - RECENT_MS;
  const pages: ChatMessage[][] = [];
  let before: string | true = true;
  let newest: string | null = null;
  for (let page = 0; page < MAX_CATCH_UP_PAGES; page++) {
    const queryId = newId();
    let round: { results: Stanza[]; reply: Stanza };
    try {
      round = await session.queryArchive(buildMamQuery({ queryId, before, max: PAGE_SIZE }), queryId);
    } catch {
      break;
    }
    if (!context.isCurrent(session)) return;
    pages.unshift(await fromArchive(context, round.results, queryId, archivedOwn));
    const fin = parseMamFin(round.reply);
    newest ??= fin?.last ?? '';
    const fetched = pages.flat();
    const heldOlder = context.held().some(({ message, delayed }) => delayed && !fetched.some((known) => isSameMessage(known, message)));
    if (!fin?.first || fin.complete || round.results.length === 0 || !heldOlder) break;
    before = fin.first;
  }
  // What arrived live meanwhile is news, told to the page once released, not history: leave it out here.
  const arrived = context.held().filter(({ delayed }) => !delayed);
  const history = pages.flat().filter((known) => !arrived.some(({ message }) => isSameMessage(known, message)));
  await context.keep(history.filter((m) => m.timestamp < recent), { live: false, placement: 'archive' });
  await context.keep(history.filter((m) => m.timestamp >= recent), { live: true, placement: 'archive' });
  if (newest !== null) context.setCursor(newest);
}

/** One older page of `peer`'s conversation: from this device, else from the archive (`session`, while online). */
export async function loadOlder(context: ArchiveContext, session: XmppSession | null, peer: JidString): Promise<void> {
  const conversation = context.state.conversations[peer] ?? emptyConversation(peer);
  if (conversation.loadingOlder || conversation.historyComplete) return;
  const done = (messages: readonly ChatMessage[], complete: boolean) => context.dispatch({ type: 'messages/older', peer, messages, complete });
  context.dispatch({ type: 'messages/loading', peer });
  const oldest = conversation.messages[0];
  const local = context.db ? await context.db.loadPage(peer, PAGE_SIZE, oldest?.order ?? Infinity) : [];
  if (local.length > 0) return done(local, false);
  const { complete, older } = context.memory;
  if (complete.has(peer)) return done([], true);
  if (!session) return done([], false);
  // A page may hold only receipts and no bodies; RSM `first` still moves us back past it.
  const before = older.get(peer) ?? conversation.messages.find((m) => m.stanzaId)?.stanzaId ?? true;
  const queryId = newId();
  // A room's history is in the room's archive, not ours.
  const room = context.archiveOf(peer);
  const query = buildMamQuery(room ? { queryId, before, max: PAGE_SIZE } : { queryId, with: peer, before, max: PAGE_SIZE });
  if (room) query.attrs.to = room.archive;
  try {
    const { results, reply } = await session.queryArchive(query, queryId);
    const fin = parseMamFin(reply);
    const noneOlder = fin?.complete ?? true;
    if (fin?.first) older.set(peer, fin.first);
    done(await context.keep(await fromArchive(context, results, queryId, undefined, room), { live: false, placement: 'prepend' }), noneOlder);
    if (noneOlder) {
      complete.add(peer);
      context.saveConversation(peer);
    }
  } catch {
    done([], false);
  }
}
