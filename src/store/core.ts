import type { ChatMessage, JidString } from '../model/types.js';
import type { HistoryDb } from '../storage/history-db.js';
import type { Stanza, XmppSession } from '../xmpp/session.js';
import type { ConnectionService } from './connection.js';
import type { HistoryService } from './history.js';
import type { InboundRouter } from './inbound.js';
import type { OutboxService } from './outbox.js';
import { type ChatAction, reduce } from './reducers.js';
import type { RosterService } from './roster.js';
import { type ChatState, initialState } from './state.js';

/** What the store tells the page it lives on. */
export type StoreEvent =
  | { type: 'connect'; jid: JidString; resumed: boolean }
  | { type: 'disconnect'; reason: 'signed-out' | 'connection-lost' | 'failed' }
  | { type: 'message-receive'; message: ChatMessage }
  /** Our message reached the other side's client, or will not reach it. */
  | { type: 'message-state'; message: ChatMessage; state: 'delivered' | 'displayed' | 'failed' };

/** A page of history: what one scroll or one catch-up round brings. */
export const PAGE_SIZE = 50;

/** Runs `work` once, after the next frame is painted, or after `fallbackMs` where no frames come (hidden tab). */
export function afterPaint(work: () => void, fallbackMs = 100) {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    work();
  };
  requestAnimationFrame(() => setTimeout(once));
  setTimeout(once, fallbackMs);
}

/**
 * What the services of one store share: the state and its one way to change, the events for the page, the
 * session, the account and its database, and each other. A test builds one with a fake session.
 */
export class StoreCore {
  state: ChatState = initialState;
  /** The session of the current sign-in; null when signed out, or when it failed for good. */
  session: XmppSession | null = null;
  /** The signed-in account's bare JID ('' before the first sign-in). */
  account: JidString = '';
  /** The account's history on this device; null without IndexedDB (then everything lives in memory). */
  db: HistoryDb | null = null;
  readonly subscribers = new Set<() => void>();
  readonly listeners = new Set<(event: StoreEvent) => void>();
  connection!: ConnectionService;
  history!: HistoryService;
  inbound!: InboundRouter;
  outbox!: OutboxService;
  roster!: RosterService;

  dispatch(action: ChatAction) {
    const previous = this.state;
    const next = reduce(previous, action);
    if (next === previous) return;
    this.state = next;
    // The open conversation comes back after a reload, whether the user or an arriving message opened it.
    if (next.activeChat !== previous.activeChat && action.type !== 'connection/signed-out' && action.type !== 'history/restored') {
      void (next.activeChat ? this.db?.setValue('active-chat', next.activeChat) : this.db?.deleteValue('active-chat'));
    }
    for (const listener of this.subscribers) listener();
  }

  emit(event: StoreEvent) {
    for (const listener of this.listeners) listener(event);
  }

  /** Sends while online; false when offline or the stream is gone. */
  async send(stanza: Stanza): Promise<boolean> {
    const session = this.session;
    if (!session || this.state.connection.state !== 'online') return false;
    try {
      await session.send(stanza);
      return true;
    } catch {
      return false;
    }
  }
}
