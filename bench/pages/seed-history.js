/* global window, indexedDB */
// Scenario 3's set-up: fills the widget's own IndexedDB database with a long conversation, as if it had been
// received over years. The schema comes from the widget's storage module itself (HistoryDb.open creates or
// upgrades it); the records are then written in bulk, in the shape that module stores (one transaction per
// 10,000, far faster than storing them one message at a time through its dedupe checks).
import { HistoryDb, databaseName } from '../../src/storage/history-db.ts';

const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna ' +
  'aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.';

/** The body of message `i` (1-based): starts with a marker the bench looks for, then 0 to 220 characters. */
export function body(i) {
  return `m${i}. ${LOREM.slice(0, (i * 37) % 221)}`;
}

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Adds `count` messages with `peer` to `account`'s history; resolves with the time it took. */
async function seed(account, conversations) {
  const started = performance.now();
  const history = await HistoryDb.open(account, () => undefined);
  if (!history) throw new Error('HistoryDb.open gave no database');
  history.close();
  const db = await request(indexedDB.open(databaseName(account)));
  const now = Date.now();
  for (const { peer, count } of conversations) {
    for (let from = 1; from <= count; from += 10_000) {
      const tx = db.transaction(['messages', 'conversations'], 'readwrite');
      const store = tx.objectStore('messages');
      for (let i = from; i < Math.min(count + 1, from + 10_000); i++) {
        const incoming = i % 3 !== 0;
        store.add({
          id: `seed-${peer}-${i}`,
          peer,
          direction: incoming ? 'in' : 'out',
          from: incoming ? peer : account,
          body: body(i),
          timestamp: now - (count - i) * 60_000,
          order: i,
          state: incoming ? 'received' : 'delivered',
          stanzaId: null,
          originId: null,
        });
      }
      tx.objectStore('conversations').put({ peer, unread: 0, historyComplete: true });
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    }
  }
  db.close();
  return performance.now() - started;
}

window.__seed = seed;
