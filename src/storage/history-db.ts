import { deleteDB, openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { type Placement, planOrders } from '../model/ordering.js';
import { type ChatMessage, type Contact, type JidString, isSameMessage } from '../model/types.js';

/**
 * One IndexedDB database per account. Version 1 held messages ordered by timestamp; version 2 orders them
 * by arrival and archive order, dedupes them by XEP-0359 ids, and adds the outbox.
 */
export const SCHEMA_VERSION = 4;

export interface ConversationRecord {
  peer: JidString;
  unread: number;
  /** True once the server's archive has no older messages for this conversation. */
  historyComplete: boolean;
  /** The name the peer gave themselves, when not a contact (XEP-0172). */
  name?: string;
}

/** A message waiting for the server's ack (XEP-0198), kept across reloads. */
export interface OutboxEntry {
  id: string;
  to: JidString;
  body: string;
  createdAt: number;
  /** What features attach to the message (ChatMessage.payloads), kept until it leaves. */
  payloads?: Readonly<Record<string, unknown>>;
}

export type StoredMessage = ChatMessage & { key?: number };

/** The roster as this device keeps it: one record, under {@link ROSTER_KEY} in `meta`. */
export interface RosterRecord {
  ver: string | null;
  contacts: Contact[];
}
export const ROSTER_KEY = 'roster';
const EMPTY_ROSTER: RosterRecord = { ver: null, contacts: [] };

export interface HistorySchema extends DBSchema {
  messages: {
    key: number;
    value: StoredMessage;
    indexes: {
      'by-conversation': [string, number];
      'by-stanza-id': string;
      'by-origin-id': [string, string];
      'by-message-id': [string, string];
    };
  };
  conversations: { key: string; value: ConversationRecord };
  /** Versions 1 to 3 kept one record per contact; version 4 keeps the roster as one record in `meta`. */
  roster: { key: string; value: Contact };
  outbox: { key: string; value: OutboxEntry; indexes: { 'by-created': number } };
  meta: { key: string; value: unknown };
}

/** Why history cannot be kept on this device; the widget keeps chatting in memory. */
export type StorageProblem = 'unavailable' | 'blocked' | 'full' | 'closed';

export type ProblemListener = (problem: StorageProblem, error?: unknown) => void;

type MessageTx = IDBPTransaction<HistorySchema, ('messages' | 'conversations')[], 'readwrite'>;

export function databaseName(account: JidString): string {
  return `xmpp-chat:${account}`;
}

const OPEN_TIMEOUT_MS = 5_000;

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'QuotaExceededError' || error.name === 'UnknownError');
}

export type UpgradeTx = IDBPTransaction<HistorySchema, ('messages' | 'conversations' | 'roster' | 'outbox' | 'meta')[], 'versionchange'>;

/** The migrations of older versions, a lazy chunk: only a device that still has an old database fetches it. */
type Migrations = typeof import('./history-migrations.js');

/** Version 2's indexes and outbox, on a new database or on one migrated from version 1. */
export function addVersion2Parts(db: IDBPDatabase<HistorySchema>, tx: UpgradeTx) {
  const messages = tx.objectStore('messages');
  messages.createIndex('by-conversation', ['peer', 'order']);
  // Records without the id (null) are simply not in the index, so unique holds for those that have one.
  messages.createIndex('by-stanza-id', 'stanzaId', { unique: true });
  messages.createIndex('by-origin-id', ['from', 'originId']);
  messages.createIndex('by-message-id', ['from', 'id']);
  db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('by-created', 'createdAt');
}

/**
 * Creates or upgrades the schema. An upgrade from an older version without its {@link Migrations} at hand
 * aborts, leaving the database as it was, and returns false: the caller fetches them and opens it again.
 */
function upgrade(db: IDBPDatabase<HistorySchema>, oldVersion: number, tx: UpgradeTx, migrations: Migrations | null): Promise<void> | boolean {
  if (oldVersion === 0) {
    db.createObjectStore('messages', { keyPath: 'key', autoIncrement: true });
    db.createObjectStore('conversations', { keyPath: 'peer' });
    db.createObjectStore('meta');
    addVersion2Parts(db, tx);
    return true;
  }
  if (migrations) return migrations.migrate(db, oldVersion, tx);
  // Aborting rejects the transaction's `done`, which nothing else awaits.
  tx.done.catch(() => undefined);
  tx.abort();
  return false;
}

/**
 * An account's history on this device. Every method reports storage failures through the problem
 * listener and resolves anyway (reads with nothing), so the widget keeps working in memory.
 */
export class HistoryDb {
  readonly #db: IDBPDatabase<HistorySchema>;
  readonly #onProblem: ProblemListener;
  #broken = false;
  /** Created by this open: nothing in it to read yet. */
  readonly created: boolean;

  private constructor(db: IDBPDatabase<HistorySchema>, onProblem: ProblemListener, created: boolean) {
    this.#db = db;
    this.#onProblem = onProblem;
    this.created = created;
  }

  /**
   * Opens (creating or upgrading) the account's database. Resolves null when IndexedDB is unavailable or
   * another tab blocks the upgrade past a few seconds.
   */
  static async open(account: JidString, onProblem: ProblemListener, migrations: Migrations | null = null): Promise<HistoryDb | null> {
    if (typeof indexedDB === 'undefined') {
      onProblem('unavailable');
      return null;
    }
    let history: HistoryDb | null = null;
    let timedOut = false;
    let created = false;
    let needsMigrations = false;
    const opening = openDB<HistorySchema>(databaseName(account), SCHEMA_VERSION, {
      upgrade: (db, oldVersion, _newVersion, tx) => {
        created = oldVersion === 0;
        const upgrading = upgrade(db, oldVersion, tx, migrations);
        needsMigrations = upgrading === false;
        return upgrading === false ? undefined : upgrading;
      },
      blocked: () => onProblem('blocked'),
      // Another tab wants to upgrade: let it, and go on in memory here.
      blocking: () => {
        history?.close();
        onProblem('closed');
      },
      terminated: () => onProblem('closed'),
    });
    const timeout = new Promise<null>((resolve) =>
      setTimeout(() => {
        timedOut = true;
        resolve(null);
      }, OPEN_TIMEOUT_MS),
    );
    try {
      const db = await Promise.race([opening, timeout]);
      if (!db) {
        // Blocked for too long: close it if it opens later, so we never hold a stale schema.
        void opening.then((late) => late.close()).catch(() => undefined);
        onProblem('blocked');
        return null;
      }
      history = new HistoryDb(db, onProblem, created);
      return history;
    } catch (error) {
      if (needsMigrations && !migrations) {
        const fetched = await import('./history-migrations.js').catch(() => null);
        if (fetched) return HistoryDb.open(account, onProblem, fetched);
      }
      if (!timedOut) onProblem(isQuotaError(error) ? 'full' : 'unavailable', error);
      return null;
    }
  }

  /**
   * Deletes the account's history from this device ("sign out and forget this device"), and every feature's
   * own database of the account (storage/feature-db.ts).
   */
  static async forget(account: JidString): Promise<void> {
    const features = ((await indexedDB.databases?.().catch(() => undefined)) ?? []).filter((d) => d.name?.startsWith(`${databaseName(account)}#`));
    await Promise.all([databaseName(account), ...features.map((d) => d.name!)].map((name) => deleteDB(name)));
  }

  close() {
    this.#broken = true;
    this.#db.close();
  }

  async #guard<T>(fallback: T, work: () => Promise<T>): Promise<T> {
    if (this.#broken) return fallback;
    try {
      return await work();
    } catch (error) {
      if (isQuotaError(error)) this.#onProblem('full', error);
      else if (error instanceof DOMException && error.name === 'InvalidStateError') this.#onProblem('closed', error);
      else this.#onProblem('unavailable', error);
      return fallback;
    }
  }

  // ---- roster -------------------------------------------------------------------------------------

  loadRoster(): Promise<RosterRecord> {
    return this.#guard(EMPTY_ROSTER, async () => ((await this.#db.get('meta', ROSTER_KEY)) as RosterRecord | undefined) ?? EMPTY_ROSTER);
  }

  /** Replaces the whole roster (a full roster result). */
  saveRoster(ver: string | null, contacts: readonly Contact[]): Promise<void> {
    // One record: one structured clone, where a record per contact cost 40 ms of main thread for 500
    // contacts and 600 ms for 10,000 (put() clones synchronously, and each request has its own overhead).
    return this.#guard(undefined, () => this.#db.put('meta', { ver, contacts }, ROSTER_KEY).then(() => undefined));
  }

  /** Applies one roster push (RFC 6121 §2.1.6) and its version. */
  applyRosterPush(ver: string | null, contact: Contact): Promise<void> {
    return this.#guard(undefined, async () => {
      const meta = this.#db.transaction('meta', 'readwrite').store;
      const roster = ((await meta.get(ROSTER_KEY)) as RosterRecord | undefined) ?? EMPTY_ROSTER;
      const contacts = roster.contacts.filter((c) => c.jid !== contact.jid);
      if (contact.subscription !== 'remove') contacts.push(contact);
      await meta.put({ ver: ver ?? roster.ver, contacts }, ROSTER_KEY);
    });
  }

  // ---- messages -----------------------------------------------------------------------------------

  /** The newest `limit` messages of a conversation older than `beforeOrder`, oldest first. */
  loadPage(peer: JidString, limit: number, beforeOrder = Infinity): Promise<ChatMessage[]> {
    return this.#guard([], async () => {
      const range = IDBKeyRange.bound([peer, -Infinity], [peer, beforeOrder], false, true);
      const page: ChatMessage[] = [];
      let cursor = await this.#db.transaction('messages').store.index('by-conversation').openCursor(range, 'prev');
      while (cursor && page.length < limit) {
        page.push(withoutKey(cursor.value));
        cursor = await cursor.continue();
      }
      return page.reverse();
    });
  }

  async #findSame(tx: MessageTx, message: ChatMessage): Promise<StoredMessage | undefined> {
    const store = tx.objectStore('messages');
    const candidates = await Promise.all([
      message.stanzaId ? store.index('by-stanza-id').get(message.stanzaId) : undefined,
      message.originId ? store.index('by-origin-id').get([message.from, message.originId]) : undefined,
      message.id ? store.index('by-message-id').getAll([message.from, message.id]) : [],
    ]);
    const [byStanzaId, byOriginId, byMessageId] = candidates;
    return [byStanzaId, byOriginId, ...(byMessageId ?? [])].find((c): c is StoredMessage => !!c && isSameMessage(c, message));
  }

  /**
   * Stores messages at the end of their conversations (live), at the start (older pages), or among what
   * is held by archive order (catch-up), skipping any already held (another tab may have stored it first). A message known without
   * its archive id gains it. All in one transaction: tabs writing the same message at once cannot double it.
   * @returns each message as stored (with its order), in the order given; and those that gained an id.
   */
  addMessages(messages: readonly ChatMessage[], placement: Placement): Promise<{ stored: ChatMessage[]; updated: ChatMessage[] } | null> {
    return this.#guard(null, async () => {
      const tx = this.#db.transaction(['messages', 'conversations'], 'readwrite');
      const store = tx.objectStore('messages');
      const same: (StoredMessage | undefined)[] = [];
      for (const message of messages) same.push(await this.#findSame(tx, message));
      const index = tx.objectStore('messages').index('by-conversation');
      const orders = await planOrders(messages, same, placement, async (peer, order, direction) => {
        const range = direction === 'prev' ? IDBKeyRange.bound([peer, -Infinity], [peer, order], false, true) : IDBKeyRange.bound([peer, order], [peer, Infinity], true, false);
        return (await index.openCursor(range, direction))?.value.order;
      });
      const stored: ChatMessage[] = [];
      const updated: ChatMessage[] = [];
      for (const [i, message] of messages.entries()) {
        const known = same[i];
        if (known) {
          const merged = mergeKnown(known, message);
          if (merged !== known) {
            await store.put(merged);
            updated.push(withoutKey(merged));
          }
          stored.push(withoutKey(merged));
          continue;
        }
        const { key: _key, ...record } = { ...message, order: orders[i] } as StoredMessage;
        await store.add(record);
        stored.push(record);
      }
      await tx.done;
      return { stored, updated };
    });
  }

  /** Changes a stored message's delivery state (and error), found by its identity. */
  updateMessage(message: ChatMessage, patch: Partial<Pick<ChatMessage, 'state' | 'error' | 'stanzaId' | 'body' | 'payloads'>>): Promise<void> {
    return this.#guard(undefined, async () => {
      const tx = this.#db.transaction(['messages', 'conversations'], 'readwrite');
      const same = await this.#findSame(tx, message);
      if (same) await tx.objectStore('messages').put({ ...same, ...patch });
      await tx.done;
    });
  }

  /** The newest archive id we hold: where the next catch-up starts (XEP-0313 with RSM `after`). */
  getArchiveCursor(): Promise<string | null> {
    return this.#getMeta('mam-last').then((v) => (typeof v === 'string' ? v : null));
  }

  setArchiveCursor(archiveId: string): Promise<void> {
    return this.#setMeta('mam-last', archiveId);
  }

  // ---- conversations ------------------------------------------------------------------------------

  loadConversations(): Promise<ConversationRecord[]> {
    return this.#guard([], () => this.#db.getAll('conversations'));
  }

  saveConversation(record: ConversationRecord): Promise<void> {
    return this.#guard(undefined, async () => {
      await this.#db.put('conversations', record);
    });
  }

  // ---- outbox -------------------------------------------------------------------------------------

  loadOutbox(): Promise<OutboxEntry[]> {
    return this.#guard([], () => this.#db.getAllFromIndex('outbox', 'by-created'));
  }

  putOutbox(entry: OutboxEntry): Promise<void> {
    return this.#guard(undefined, async () => {
      await this.#db.put('outbox', entry);
    });
  }

  deleteOutbox(id: string): Promise<void> {
    return this.#guard(undefined, () => this.#db.delete('outbox', id));
  }

  // ---- small values -------------------------------------------------------------------------------

  getValue<T>(key: string): Promise<T | undefined> {
    return this.#getMeta(key) as Promise<T | undefined>;
  }

  setValue(key: string, value: unknown): Promise<void> {
    return this.#setMeta(key, value);
  }

  deleteValue(key: string): Promise<void> {
    return this.#guard(undefined, () => this.#db.delete('meta', key));
  }

  #getMeta(key: string): Promise<unknown> {
    return this.#guard(undefined, () => this.#db.get('meta', key));
  }

  #setMeta(key: string, value: unknown): Promise<void> {
    return this.#guard(undefined, async () => {
      await this.#db.put('meta', value, key);
    });
  }
}

function withoutKey(record: StoredMessage): ChatMessage {
  const { key: _key, ...message } = record;
  return message;
}

/** Fills in what a later sighting knows that the stored copy did not (its archive id). */
function mergeKnown(stored: StoredMessage, seen: ChatMessage): StoredMessage {
  if (!stored.stanzaId && seen.stanzaId) return { ...stored, stanzaId: seen.stanzaId };
  return stored;
}
