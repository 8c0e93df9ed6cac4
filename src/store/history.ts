import { type Placement, planOrders } from '../model/ordering.js';
import { type ChatMessage, type JidString, isSameMessage } from '../model/types.js';
import { HistoryDb } from '../storage/history-db.js';
import type { XmppSession } from '../xmpp/session.js';
import type { ArchiveContext, ArchiveMemory } from './archive.js';
import { PAGE_SIZE, type StoreCore } from './core.js';
import type { ChatState, StorageProblem } from './state.js';

export type ArchiveChunk = typeof import('./archive.js');

/** What one tab remembers of its conversations across a reload (the stream's part is the connection's). */
export interface RestoredTab {
  presence: ChatState['presence'];
}

/**
 * Conversations and their history: on this device (IndexedDB, or memory when that fails), and in the
 * account's archive (archive.ts, a lazy chunk). Every message the log shows is kept through {@link keep}.
 */
export class HistoryService {
  readonly #core: StoreCore;
  readonly #archive: ArchiveMemory = { cursor: null, older: new Map(), complete: new Set() };

  constructor(core: StoreCore) {
    this.#core = core;
  }

  /** Settles once the account's history is open: a message written meanwhile is kept in it, not before it. */
  opened: Promise<void> = Promise.resolve();

  /** Puts what this device (and this tab, `tab`) remembers on screen, before the network answers. */
  open(account: JidString, tab: RestoredTab | null): Promise<void> {
    return (this.opened = this.#open(account, tab));
  }

  async #open(account: JidString, tab: RestoredTab | null): Promise<void> {
    const core = this.#core;
    let createdNow = false;
    if (core.account !== account) {
      core.db?.close();
      core.db = await HistoryDb.open(account, (problem) => this.#onProblem(problem));
      core.account = account;
      createdNow = core.db?.created ?? false;
    }
    const db = core.db;
    // A database created just now holds nothing: a first visit has nothing to read.
    if (!db || createdNow) {
      if (tab) core.dispatch({ type: 'history/restored', history: { roster: null, conversations: [], activeChat: null, pages: {}, presence: tab.presence } });
      return;
    }
    const [roster, conversations, outbox, activeChat, cursor] = await Promise.all([
      db.loadRoster(),
      db.loadConversations(),
      db.loadOutbox(),
      db.getValue<string>('active-chat'),
      db.getArchiveCursor(),
    ]);
    this.#archive.cursor = cursor;
    const open = typeof activeChat === 'string' ? activeChat : null;
    const pages = open ? { [open]: await db.loadPage(open, PAGE_SIZE) } : {};
    core.outbox.restore(outbox);
    for (const record of conversations) if (record.historyComplete) this.#archive.complete.add(record.peer);
    core.dispatch({
      type: 'history/restored',
      history: {
        roster: roster.contacts.length > 0 || roster.ver !== null ? roster : null,
        // Older pages may still be on this device: "complete" is only known once it runs out too.
        conversations: conversations.map((record) => ({ ...record, historyComplete: false })),
        activeChat: open,
        pages,
        presence: tab?.presence ?? null,
      },
    });
  }

  #onProblem(problem: StorageProblem) {
    if (problem === 'closed' || problem === 'unavailable') this.#core.db = null;
    this.#core.dispatch({ type: 'storage/problem', problem });
  }

  /** Signed out: closes the database, and with `forget` deletes every database of the account. */
  async close(forget: boolean) {
    const core = this.#core;
    core.db?.close();
    core.db = null;
    if (forget && core.account) await HistoryDb.forget(core.account).catch(() => undefined);
    this.#archive.complete.clear();
    this.#archive.older.clear();
    this.#archive.cursor = null;
  }

  /**
   * Saves messages (deduped, ordered) and puts them on screen. Live ones raise unread counts and tell the
   * host page. Without IndexedDB, orders are kept in memory.
   */
  keep(messages: readonly ChatMessage[], how: { live: boolean; placement: Placement }): Promise<ChatMessage[]> {
    const kept = this.#keep(messages, how);
    this.#keeping.add(kept);
    void kept.finally(() => this.#keeping.delete(kept)).catch(() => undefined);
    return kept;
  }

  /** Resolves once the messages being kept now are in the state (their stanza-ids too). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#keeping]);
  }

  readonly #keeping = new Set<Promise<unknown>>();

  async #keep(messages: readonly ChatMessage[], { live, placement }: { live: boolean; placement: Placement }): Promise<ChatMessage[]> {
    if (messages.length === 0) return [];
    const core = this.#core;
    const saved = core.db ? await core.db.addMessages(messages, placement) : null;
    let stored: ChatMessage[];
    if (saved) {
      for (const message of saved.updated) core.dispatch({ type: 'message/updated', message, patch: { stanzaId: message.stanzaId } });
      stored = saved.stored;
    } else {
      stored = await this.#orderInMemory(messages, placement);
    }
    if (placement === 'append' && live) {
      // Live messages come in archive order: the newest one held is where the next catch-up starts.
      // Not while our own messages await acks: the next catch-up must still see whether they got through.
      const newest = stored.findLast((m) => m.stanzaId)?.stanzaId;
      if (newest && !core.outbox.busy) this.#setArchiveCursor(newest);
    }
    if (placement !== 'prepend') {
      const before = core.state.conversations;
      core.dispatch({ type: 'messages/added', messages: stored, live });
      // Only what this page had not shown yet is news to the host page.
      const news = stored.filter((m) => !(before[m.peer]?.messages ?? []).some((known) => isSameMessage(known, m)));
      if (live && news.length > 0) {
        for (const message of news) {
          if (message.direction === 'in') core.emit({ type: 'message-receive', message });
        }
        for (const peer of new Set(news.map((m) => m.peer))) this.saveConversation(peer);
      }
    }
    return stored;
  }

  /** Without IndexedDB: the same placement as HistoryDb.addMessages, over the conversations in memory. */
  async #orderInMemory(messages: readonly ChatMessage[], placement: Placement): Promise<ChatMessage[]> {
    const loaded = (peer: JidString) => this.#core.state.conversations[peer]?.messages ?? [];
    const held = messages.map((message) => loaded(message.peer).find((m) => isSameMessage(m, message)));
    const orders = await planOrders(messages, held, placement, async (peer, order, direction) =>
      direction === 'prev' ? loaded(peer).findLast((m) => m.order < order)?.order : loaded(peer).find((m) => m.order > order)?.order,
    );
    return messages.map((message, i) => ({ ...message, order: orders[i] }));
  }

  saveConversation(peer: JidString) {
    const conversation = this.#core.state.conversations[peer];
    if (!conversation) return;
    void this.#core.db?.saveConversation({ peer, unread: conversation.unread, historyComplete: this.#archive.complete.has(peer), name: conversation.name });
  }

  openChat(jid: JidString) {
    const core = this.#core;
    core.dispatch({ type: 'chat/opened', jid });
    this.saveConversation(jid);
    const conversation = core.state.conversations[jid];
    if (core.db && (!conversation || conversation.messages.length < PAGE_SIZE)) void this.#loadNewest(jid);
  }

  /** The newest page from this device for a conversation not loaded yet. */
  async #loadNewest(jid: JidString) {
    const page = (await this.#core.db?.loadPage(jid, PAGE_SIZE)) ?? [];
    if (page.length > 0) this.#core.dispatch({ type: 'messages/older', peer: jid, messages: page, complete: false });
  }

  // ---- the archive (archive.ts) ---------------------------------------------------------------------------

  /** The archive chunk's view of the store, for `session`. */
  #archiveContext(session: XmppSession | null): ArchiveContext {
    const core = this.#core;
    return {
      get state() {
        return core.state;
      },
      dispatch: (action) => core.dispatch(action),
      db: core.db,
      own: core.account,
      memory: this.#archive,
      setCursor: (archiveId) => this.#setArchiveCursor(archiveId),
      isCurrent: (current) => core.session === current,
      admit: (arrivals) => (session ? core.inbound.admitAll(session, arrivals) : Promise.resolve([])),
      keep: (messages, how) => this.keep(messages, how),
      held: () => core.inbound.held(),
      saveConversation: (peer) => this.saveConversation(peer),
      archiveOf: (peer) => core.inbound.archiveOf(peer),
    };
  }

  /**
   * The archive's catch-up after a fresh sign-in, from its chunk (fetched meanwhile: `chunk`). Without the
   * chunk, nothing is caught up.
   * @returns origin-ids of our own messages found in the archive: those need no resend.
   */
  async catchUp(session: XmppSession, chunk: Promise<ArchiveChunk | null>): Promise<Set<string>> {
    const archive = await chunk;
    return (await archive?.catchUp(this.#archiveContext(session), session)) ?? new Set();
  }

  #setArchiveCursor(archiveId: string) {
    if (archiveId === this.#archive.cursor) return;
    this.#archive.cursor = archiveId;
    void this.#core.db?.setArchiveCursor(archiveId);
  }

  /**
   * Shows older messages of a conversation: from this device first, then from the server's archive
   * (XEP-0313 `before`), until it says there is nothing older.
   */
  async loadOlder(peer: JidString): Promise<void> {
    const core = this.#core;
    const archive = await import('./archive.js').catch(() => null);
    const session = core.state.connection.state === 'online' ? core.session : null;
    await archive?.loadOlder(this.#archiveContext(session), session, peer);
  }
}
