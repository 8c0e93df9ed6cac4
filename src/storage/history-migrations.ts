// Migrations of the account database from older versions (history-db.ts `upgrade`), fetched only by a
// device whose database is older than the code.
import type { IDBPDatabase } from 'idb';
import { type HistorySchema, ROSTER_KEY, type RosterRecord, type StoredMessage, type UpgradeTx, addVersion2Parts } from './history-db.js';

/** Brings a database of `oldVersion` to the current one, inside the upgrade transaction. */
export async function migrate(db: IDBPDatabase<HistorySchema>, oldVersion: number, tx: UpgradeTx) {
  if (oldVersion < 2) {
    await migrateFromV1(tx);
    addVersion2Parts(db, tx);
  }
  if (oldVersion < 3) await migrateFromV2(tx);
  if (oldVersion < 4) await migrateFromV3(db, tx);
}

// Version 1 → 2: number each conversation's messages in the order version 1 showed them (by timestamp),
// then build the indexes that dedupe. Runs inside the upgrade transaction: a failure leaves version 1 intact.
async function migrateFromV1(tx: UpgradeTx) {
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


// Version 2 → 3: what features attach to a message moved to its payloads; version 2 kept the sender's
// <unstyled/> (XEP-0393) as a field of its own.
async function migrateFromV2(tx: UpgradeTx) {
  let cursor = await tx.objectStore('messages').openCursor();
  while (cursor) {
    const { unstyled, ...row } = cursor.value as StoredMessage & { unstyled?: boolean };
    if (unstyled !== undefined) {
      await cursor.update(unstyled ? { ...row, payloads: { ...row.payloads, styling: { unstyled: true } } } : row);
    }
    cursor = await cursor.continue();
  }
}

// Version 3 → 4: the roster, one record per contact until now, becomes one record in `meta`, with its version.
async function migrateFromV3(db: IDBPDatabase<HistorySchema>, tx: UpgradeTx) {
  const meta = tx.objectStore('meta');
  const roster: RosterRecord = { ver: ((await meta.get('roster-ver')) as string | null | undefined) ?? null, contacts: await tx.objectStore('roster').getAll() };
  await meta.put(roster, ROSTER_KEY);
  await meta.delete('roster-ver');
  db.deleteObjectStore('roster');
}
