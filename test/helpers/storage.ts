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

/**
 * An account's database as version 2 of the widget left it: ordered messages with their dedupe indexes and
 * an outbox; a message whose sender sent <unstyled/> has `unstyled: true`; one roster record per contact, its
 * version in `meta` under 'roster-ver'.
 */
export function openVersion2(account: string): Promise<IDBPDatabase> {
  return openVersion2Layout(account, 2);
}

/** Version 3: the stores of version 2; a message's feature payloads in `payloads`. */
export function openVersion3(account: string): Promise<IDBPDatabase> {
  return openVersion2Layout(account, 3);
}

function openVersion2Layout(account: string, version: number): Promise<IDBPDatabase> {
  return openDB(databaseName(account), version, {
    upgrade(db) {
      const messages = db.createObjectStore('messages', { keyPath: 'key', autoIncrement: true });
      messages.createIndex('by-conversation', ['peer', 'order']);
      messages.createIndex('by-stanza-id', 'stanzaId', { unique: true });
      messages.createIndex('by-origin-id', ['from', 'originId']);
      messages.createIndex('by-message-id', ['from', 'id']);
      db.createObjectStore('conversations', { keyPath: 'peer' });
      db.createObjectStore('roster', { keyPath: 'jid' });
      db.createObjectStore('meta');
      db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('by-created', 'createdAt');
    },
  });
}
