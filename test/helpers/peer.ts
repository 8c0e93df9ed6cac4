import { executeServerCommand } from '@web/test-runner-commands';
import { waitFor } from './dom.js';
import type { TestUser } from './server.js';

/** What a slixmpp peer saw (test/peers/peer.py). */
export interface PeerEvent {
  event: 'online' | 'chat_state' | 'message' | 'error';
  from?: string;
  state?: string | null;
  body?: string;
  text?: string;
}

/** A contact on another XMPP stack: slixmpp, signed in as `user` (scripts/wtr-peer-plugin.mjs). */
export class Peer {
  private constructor(readonly user: TestUser, private readonly id: string) {}

  static async start(user: TestUser): Promise<Peer> {
    const { id } = (await executeServerCommand('peer', { action: 'start', jid: user.jid, password: user.password })) as { id: string };
    return new Peer(user, id);
  }

  /** Sends what peer.py's command `op` sends (a chat state, a message, a subscription request). */
  async do(command: Record<string, string>): Promise<void> {
    await executeServerCommand('peer', { action: 'do', id: this.id, command });
  }

  async events(): Promise<PeerEvent[]> {
    return (await executeServerCommand('peer', { action: 'events', id: this.id })) as PeerEvent[];
  }

  /** The first event matching `test`, waiting for it. */
  async waitForEvent(test: (event: PeerEvent) => boolean, what: string): Promise<PeerEvent> {
    return waitFor(async () => (await this.events()).find(test), { what: `${this.user.jid}'s peer: ${what}` });
  }

  async stop(): Promise<void> {
    await executeServerCommand('peer', { action: 'stop', id: this.id });
  }
}
