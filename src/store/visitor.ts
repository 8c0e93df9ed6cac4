import { newId } from '../model/id.js';
import { type VisitorAccount, loadVisitorAccount, saveVisitorAccount } from '../storage/visitor-account.js';
import { RegistrationError, register } from '../xmpp/register.js';

export { RegistrationError };

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The visitor account of this device on `host`: the saved one, or a new one registered now (XEP-0077). The
 * account is saved before the registration is sent, so that a page closed meanwhile does not leave an
 * account on the server that this device has forgotten. A name taken already gets another one, once.
 * Rejects with a {@link RegistrationError} when the server refuses visitors.
 */
export async function visitorAccount(service: string, host: string, { fresh = false } = {}): Promise<VisitorAccount> {
  const saved = fresh ? null : loadVisitorAccount(service, host);
  if (saved?.registered) return saved;
  for (let attempt = 0; ; attempt++) {
    const account = saved && attempt === 0 ? saved : { jid: `visitor-${randomHex(10)}@${host}`, password: `${newId()}-${randomHex(8)}`, registered: false };
    saveVisitorAccount(service, host, account);
    try {
      await register({ service, host, username: account.jid.slice(0, account.jid.indexOf('@')), password: account.password });
    } catch (error) {
      // A saved account that the server made already (the answer was lost with the page): it signs in.
      if (error instanceof RegistrationError && error.condition === 'conflict' && account === saved) return { ...saved, registered: true };
      if (error instanceof RegistrationError && error.condition === 'conflict' && attempt === 0) continue;
      throw error;
    }
    const registered = { ...account, registered: true };
    saveVisitorAccount(service, host, registered);
    return registered;
  }
}

/** Forgets the device's visitor account (the visitor ended for good, or the server no longer knows it). */
export function forgetVisitorAccount(service: string, host: string) {
  saveVisitorAccount(service, host, null);
}
