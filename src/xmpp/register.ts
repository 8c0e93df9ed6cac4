// In-band registration (XEP-0077) of a new account, on a stream of its own that ends once the server has
// answered: what a support desk's visitor signs in with, where the server lets visitors register.
import { parseFrame } from './frame-parser.js';
import { FRAMING, REGISTER, STREAMS } from './ns.js';
import { stanzaErrorCondition } from './stanza.js';
import { xml } from './xml.js';

/** `http://jabber.org/features/iq-register`: the server takes registrations before sign-in (XEP-0077 §3.1). */
const REGISTER_FEATURE = 'http://jabber.org/features/iq-register';
const TIMEOUT_MS = 15_000;

/**
 * Why a registration failed: a stanza error condition from the server (`conflict`, `not-allowed`,
 * `not-acceptable`, `resource-constraint` when it throttles), or one of ours: `unsupported` (no in-band
 * registration on that host), `unreachable`.
 */
export class RegistrationError extends Error {
  constructor(readonly condition: string) {
    super(`registration: ${condition}`);
    this.name = 'RegistrationError';
  }
}

export interface Registration {
  /** WebSocket URL (RFC 7395). */
  service: string;
  /** The host the account is made on. */
  host: string;
  username: string;
  password: string;
}

/** The registration request (XEP-0077 §3.1, example 4). */
export function buildRegistration(username: string, password: string, id: string) {
  return xml('iq', { type: 'set', id, xmlns: 'jabber:client' }, xml('query', { xmlns: REGISTER }, xml('username', {}, username), xml('password', {}, password)));
}

/** Registers `username` on `host`; resolves once the server has made the account, rejects with a {@link RegistrationError}. */
export function register({ service, host, username, password }: Registration): Promise<void> {
  return new Promise((resolve, reject) => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(service, 'xmpp');
    } catch {
      reject(new RegistrationError('unreachable'));
      return;
    }
    const id = `reg-${Math.random().toString(36).slice(2)}`;
    const finish = (error: RegistrationError | null) => {
      clearTimeout(timer);
      socket.onclose = socket.onmessage = socket.onerror = null;
      if (socket.readyState === WebSocket.OPEN) socket.send(xml('close', { xmlns: FRAMING }).toString());
      socket.close();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => finish(new RegistrationError('unreachable')), TIMEOUT_MS);
    socket.onerror = socket.onclose = () => finish(new RegistrationError('unreachable'));
    socket.onopen = () => socket.send(xml('open', { xmlns: FRAMING, to: host, version: '1.0' }).toString());
    socket.onmessage = ({ data }) => {
      let frame;
      try {
        frame = parseFrame(String(data));
      } catch {
        finish(new RegistrationError('bad-format'));
        return;
      }
      if (frame.is('features', STREAMS)) {
        if (!frame.getChild('register', REGISTER_FEATURE)) finish(new RegistrationError('unsupported'));
        else socket.send(buildRegistration(username, password, id).toString());
      } else if (frame.is('iq') && frame.attrs.id === id) {
        finish(frame.attrs.type === 'result' ? null : new RegistrationError(stanzaErrorCondition(frame) ?? 'undefined-condition'));
      } else if (frame.is('error', STREAMS) || frame.is('close', FRAMING)) {
        finish(new RegistrationError('unsupported'));
      }
    };
  });
}
