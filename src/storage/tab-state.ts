import type { JidString } from '../model/types.js';

/**
 * State that belongs to this browser tab and must outlive a reload or a navigation within the site: the
 * resumable stream (XEP-0198) and the presence the server will not send again after a resume.
 *
 * sessionStorage, not IndexedDB: it is per tab, as a stream is (two tabs are two resources), and its writes
 * are synchronous, so they complete in `pagehide`, where an IndexedDB transaction may be cut short.
 */
function key(account: JidString): string {
  return `xmpp-chat:stream:${account}`;
}

export function saveTabState(account: JidString, state: unknown): void {
  try {
    sessionStorage.setItem(key(account), JSON.stringify(state));
  } catch {
    // Full or blocked storage: the next load signs in afresh, which loses nothing but time.
  }
}

/** The saved state, once: it is removed as it is read, so a second tab opened from this one cannot reuse it. */
export function takeTabState(account: JidString): unknown {
  try {
    const raw = sessionStorage.getItem(key(account));
    sessionStorage.removeItem(key(account));
    return raw === null ? null : JSON.parse(raw);
  } catch {
    return null;
  }
}

export function clearTabState(account: JidString): void {
  try {
    sessionStorage.removeItem(key(account));
  } catch {
    // Nothing to clear.
  }
}
