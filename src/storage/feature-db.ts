import { openDB, type DBSchema, type IDBPDatabase, type OpenDBCallbacks } from 'idb';
import type { JidString } from '../model/types.js';
import { databaseName } from './history-db.js';

/** A feature database's name; "Forget this device" deletes every name with the account's prefix (HistoryDb.forget). */
export function featureDbName(account: JidString, feature: string): string {
  return `${databaseName(account)}#${feature}`;
}

/**
 * A feature's own IndexedDB database, beside the account's history (`xmpp-chat:<account>#<feature>`), with
 * its own version and upgrades: a feature that loads later adds its stores without a change to the core
 * schema. Resolves null where IndexedDB is unavailable, blocked or broken: callers keep working in memory.
 */
export async function openFeatureDb<Schema extends DBSchema>(
  account: JidString,
  feature: string,
  version: number,
  upgrade: NonNullable<OpenDBCallbacks<Schema>['upgrade']>,
): Promise<IDBPDatabase<Schema> | null> {
  if (typeof indexedDB === 'undefined') return null;
  try {
    const db = await openDB<Schema>(featureDbName(account, feature), version, {
      upgrade,
      // Another tab has a newer version of this feature: it wins, this page goes on without the store.
      blocking: () => db.close(),
    });
    return db;
  } catch {
    return null;
  }
}
