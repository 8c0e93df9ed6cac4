// Migrations of the account database from older versions (history-db.ts `upgrade`), fetched only by a
// device whose database is older than the code.
import type { StoredMessage, UpgradeTx } from './history-db.js';

// Version 1 → 2: number each conversation's messages in the order version 1 showed them (by timestamp),
// then build the indexes that dedupe. Runs inside the upgrade transaction: a failure leaves version 1 intact.
export async function migrateFromV1(tx: UpgradeTx) {
  const messages = tx.objectStore('messages');
  const rows: StoredMessage[] = [];
  let cursor = await messages.openCursor();
  while (cursor) {
    rows.push(cursor.value);
    cursor = await cursor.continue();
  }
  rows.sort((a, b) => (a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : a.timestamp - b.timestamp || (a.key ?? 0) - (b.key ?? 0)));
  const counters = new Map<string, number>();
  for (const row of rows) {
    const order = (counters.get(row.peer) ?? 0) + 1;
    counters.set(row.peer, order);
    await messages.put({
      ...row,
      order,
      state: row.state ?? (row.direction === 'out' ? 'sent' : 'received'),
      stanzaId: row.stanzaId ?? null,
      originId: row.originId ?? null,
    });
  }
  if (messages.indexNames.contains('by-conversation')) messages.deleteIndex('by-conversation');
}

