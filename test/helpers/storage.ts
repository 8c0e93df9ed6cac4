import { openDB, type IDBPDatabase } from 'idb';
import { databaseName } from '../../src/storage/history-db.js';

/**
 * An account's database as version 1 of the widget left it: messages ordered by [peer, timestamp], no
 * outbox, no XEP-0359 ids. The connection stays open; close it when done (or hold it, as another tab would).
 */
export function openVersion1(account: string): Promise<IDBPDatabase> {
  return openDB(databaseName(account), 1, {
    upgrade(db) {
      db.createObjectStore('messages', { keyPath: 'key', autoIncrement: true }).createIndex('by-conversation', ['peer', 'timestamp']);
      db.createObjectStore('conversations', { keyPath: 'peer' });
      db.createObjectStore('roster', { keyPath: 'jid' });
      db.createObjectStore('meta');
    },
  });
}
