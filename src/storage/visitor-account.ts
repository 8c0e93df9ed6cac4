/**
 * A support desk visitor's account on this device: registered once per server and visitor host, and used
 * again on every page of the site and every later visit, so the agent's replies wait for the visitor.
 *
 * localStorage: it outlives the tab (the replies come back the next day) and is read synchronously, before
 * the first byte leaves. It holds a generated password for an account that only this device uses.
 */
export interface VisitorAccount {
  jid: string;
  password: string;
  /** True once the server confirmed the registration; a saved but unconfirmed account is registered again. */
  registered: boolean;
}

function key(service: string, host: string): string {
  return `xmpp-chat:visitor:${host}:${service}`;
}

export function loadVisitorAccount(service: string, host: string): VisitorAccount | null {
  try {
    const value = JSON.parse(localStorage.getItem(key(service, host)) ?? 'null') as VisitorAccount | null;
    return value && typeof value.jid === 'string' && typeof value.password === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** Saves the account; false when storage is full or blocked (then this visit's account lasts for this page only). */
export function saveVisitorAccount(service: string, host: string, account: VisitorAccount | null): boolean {
  try {
    if (account) localStorage.setItem(key(service, host), JSON.stringify(account));
    else localStorage.removeItem(key(service, host));
    return true;
  } catch {
    return false;
  }
}
