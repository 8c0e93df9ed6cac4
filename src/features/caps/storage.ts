import type { DBSchema } from 'idb';
import type { JidString } from '../../model/types.js';
import { openFeatureDb } from '../../storage/feature-db.js';

/** What an entity advertises, stored under the verification string that stands for it (XEP-0115 §5.4). */
export interface CapsEntry {
  ver: string;
  features: string[];
}

interface CapsSchema extends DBSchema {
  entries: { key: string; value: CapsEntry };
}

/** The caps cache of one account on this device: what a verification string stands for. */
export interface CapsCache {
  get(ver: string): Promise<CapsEntry | undefined>;
  put(entry: CapsEntry): Promise<void>;
}

/** Version 1: one store of entries by `ver`. Falls back to memory where IndexedDB is not there. */
export async function openCapsCache(account: JidString): Promise<CapsCache> {
  const db = await openFeatureDb<CapsSchema>(account, 'caps', 1, (upgrading, oldVersion) => {
    if (oldVersion < 1) upgrading.createObjectStore('entries', { keyPath: 'ver' });
  });
  const memory = new Map<string, CapsEntry>();
  return {
    async get(ver) {
      return memory.get(ver) ?? (await db?.get('entries', ver).catch(() => undefined));
    },
    async put(entry) {
      memory.set(entry.ver, entry);
      await db?.put('entries', entry).catch(() => undefined);
    },
  };
}
