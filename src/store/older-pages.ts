// Paging back through a conversation, loaded the first time someone scrolls up: a chat works without it.
import { newId } from '../model/id.js';
import type { ChatMessage, JidString } from '../model/types.js';
import type { HistoryDb } from '../storage/history-db.js';
import { buildMamQuery, parseMamFin } from '../xmpp/mam.js';
import type { Stanza, XmppSession } from '../xmpp/session.js';
import { PAGE_SIZE } from './chat-store.js';
import type { ChatAction } from './reducers.js';
import { emptyConversation, type ChatState } from './state.js';

/** What paging back needs of the store. */
export interface PagingContext {
  readonly state: ChatState;
  dispatch(action: ChatAction): void;
  readonly db: HistoryDb | null;
  /** The session while online, else null. */
  readonly session: XmppSession | null;
  /** Per conversation, where the next older archive page starts (RSM `first`). */
  readonly cursors: Map<JidString, string>;
  /** Conversations whose archive has nothing older than what this device holds. */
  readonly complete: Set<JidString>;
  fromArchive(results: readonly Stanza[], queryId: string): ChatMessage[];
  /** Keeps older messages, placed before the oldest shown. */
  store(messages: readonly ChatMessage[]): Promise<ChatMessage[]>;
  saveConversation(peer: JidString): void;
}

/** One older page of `peer`'s conversation: from this device, else from the server's archive. */
export async function loadOlder(context: PagingContext, peer: JidString): Promise<void> {
  const conversation = context.state.conversations[peer] ?? emptyConversation(peer);
  if (conversation.loadingOlder || conversation.historyComplete) return;
  const done = (messages: readonly ChatMessage[], complete: boolean) => context.dispatch({ type: 'messages/older', peer, messages, complete });
  context.dispatch({ type: 'messages/loading', peer });
  const oldest = conversation.messages[0];
  const local = context.db ? await context.db.loadPage(peer, PAGE_SIZE, oldest?.order ?? Infinity) : [];
  if (local.length > 0) return done(local, false);
  if (context.complete.has(peer)) return done([], true);
  const { session } = context;
  if (!session) return done([], false);
  // A page may hold only receipts and no bodies; RSM `first` still moves us back past it.
  const before = context.cursors.get(peer) ?? conversation.messages.find((m) => m.stanzaId)?.stanzaId ?? true;
  const queryId = newId();
  try {
    const { results, reply } = await session.queryArchive(buildMamQuery({ queryId, with: peer, before, max: PAGE_SIZE }), queryId);
    const fin = parseMamFin(reply);
    const complete = fin?.complete ?? true;
    if (fin?.first) context.cursors.set(peer, fin.first);
    done(await context.store(context.fromArchive(results, queryId)), complete);
    if (complete) {
      context.complete.add(peer);
      context.saveConversation(peer);
    }
  } catch {
    done([], false);
  }
}
