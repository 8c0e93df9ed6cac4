import type { JidString, OwnShow, PresenceEvent } from '../model/types.js';
import { buildClientState } from '../xmpp/csi.js';
import { ROSTER } from '../xmpp/ns.js';
import { buildPresence, buildSubscription, parsePresence } from '../xmpp/presence.js';
import { buildRosterGet, parseRosterPush, parseRosterResult } from '../xmpp/roster.js';
import type { Stanza, XmppSession } from '../xmpp/session.js';
import { type StoreCore, afterPaint } from './core.js';

/** Longest wait before queued presence is applied when no animation frame comes (hidden tab). */
const PRESENCE_BATCH_MS = 50;

/** The roster (RFC 6121 §2), versioned, and presence: contacts', batched per frame, and our own. */
export class RosterService {
  readonly #core: StoreCore;
  #presenceQueue: PresenceEvent[] = [];
  #pageVisible = true;

  constructor(core: StoreCore) {
    this.#core = core;
  }

  /** Asks for the roster, or only what changed since the version held; the cached one stays on failure. */
  async fetch(session: XmppSession) {
    const core = this.#core;
    try {
      const result = parseRosterResult(await session.request(buildRosterGet(core.state.roster.ver)));
      if (result && result.contacts) {
        core.dispatch({ type: 'roster/loaded', ver: result.ver, contacts: result.contacts });
        // Writing hundreds of contacts costs a frame: let the roster paint first. Pushes that come in
        // meanwhile are in the state saved.
        const db = core.db;
        afterPaint(() => {
          if (db && core.db === db) void db.saveRoster(core.state.roster.ver, core.state.roster.contacts);
        });
      }
    } catch {
      // A roster that cannot be read leaves the cached one on screen; chatting still works.
    }
  }

  /** Takes `session`'s roster pushes to `own` (RFC 6121 §2.1.6), applied by `apply` (once history is on screen). */
  listen(session: XmppSession, own: JidString, apply: (work: () => void) => void) {
    const core = this.#core;
    session.onIq('set', ROSTER, 'query', (iq) => {
      const push = parseRosterPush(iq, own);
      if (!push) return false;
      apply(() => {
        core.dispatch({ type: 'roster/pushed', ver: push.ver, contact: push.contact });
        void core.db?.applyRosterPush(push.ver, push.contact);
      });
      return true;
    });
  }

  received(stanza: Stanza) {
    const presence = parsePresence(stanza);
    if (!presence) return;
    // Our own account's other devices may share presence, never a subscription with ourselves.
    if (presence.from === this.#core.account && presence.kind !== 'available' && presence.kind !== 'unavailable') return;
    if (presence.kind === 'subscribe' && this.#weAskedFor(presence.from)) {
      // We asked them first: their request completes a mutual subscription, so no need to ask the user.
      void this.#core.send(buildSubscription('subscribed', presence.from));
      return;
    }
    // Applied once per frame: a storm of stanzas re-renders the roster once, not per stanza.
    this.#presenceQueue.push(presence);
    if (this.#presenceQueue.length > 1) return;
    const flush = () => this.flush();
    // A hidden tab runs no animation frames: the timer takes over there.
    requestAnimationFrame(flush);
    setTimeout(flush, PRESENCE_BATCH_MS);
  }

  /** Applies queued presence now (a page going away, or the next frame). */
  flush() {
    if (this.#presenceQueue.length === 0) return;
    const presences = this.#presenceQueue;
    this.#presenceQueue = [];
    this.#core.dispatch({ type: 'presence/received', presences });
  }

  /** Drops presence of a stream that is gone. */
  drop() {
    this.#presenceQueue = [];
  }

  /** `jid` is subscribed to our presence (RFC 6121 `from` or `both`). */
  seesOurPresence(jid: JidString): boolean {
    const subscription = this.#contact(jid)?.subscription;
    return subscription === 'from' || subscription === 'both';
  }

  #weAskedFor(jid: JidString): boolean {
    const contact = this.#contact(jid);
    return Boolean(contact && (contact.pending || contact.subscription === 'to' || contact.subscription === 'both'));
  }

  #contact(jid: JidString) {
    return this.#core.state.roster.contacts.find((c) => c.jid === jid);
  }

  /** Our available presence, as the loaded features extend it (caps). */
  ownPresence(session: XmppSession): Stanza {
    const { show, status } = this.#core.state.own;
    return this.#core.inbound.extend(session, 'presence', buildPresence(show, status));
  }

  async setPresence(show: OwnShow, status: string): Promise<void> {
    const core = this.#core;
    core.dispatch({ type: 'own/presence', show, status });
    if (core.session) await core.send(this.ownPresence(core.session));
  }

  /**
   * Tells the server whether anyone is looking (XEP-0352): while hidden, it holds back presence updates
   * and other chatter that can wait. True when this changed it.
   */
  setPageVisible(visible: boolean): boolean {
    if (this.#pageVisible === visible) return false;
    this.#pageVisible = visible;
    const { session } = this.#core;
    if (session && this.#core.state.connection.state === 'online') this.sendClientState(session);
    return true;
  }

  sendClientState(session: XmppSession) {
    if (!session.supportsClientState()) return;
    void session.send(buildClientState(this.#pageVisible)).catch(() => undefined);
  }
}
