import { executeServerCommand } from '@web/test-runner-commands';
import { waitFor } from './dom.js';
import type { TestUser } from './server.js';

/** What a slixmpp peer saw (test/peers/peer.py). */
export interface PeerEvent {
  event: 'online' | 'chat_state' | 'message' | 'presence' | 'disco_info' | 'joined' | 'groupchat' | 'flooded' | 'error';
  from?: string;
  state?: string | null;
  body?: string;
  text?: string;
  caps?: { node: string; ver: string; hash: string } | null;
  node?: string | null;
  identities?: (string | null)[][];
  features?: string[];
  ver?: string;
  room?: string;
}

/** A contact on another XMPP stack: slixmpp, signed in as `user` (scripts/wtr-peer-plugin.mjs). */
export class Peer {
  private constructor(readonly user: TestUser, private readonly id: string) {}

  static async start(user: TestUser): Promise<Peer> {
    const { id } = (await executeServerCommand('peer', { action: 'start', jid: user.jid, password: user.password })) as { id: string };
    return new Peer(user, id);
  }

  /** Sends what peer.py's command `op` sends (a chat state, a message, a subscription request). */
  async do(command: Record<string, unknown>): Promise<void> {
    await executeServerCommand('peer', { action: 'do', id: this.id, command });
  }

  async events(): Promise<PeerEvent[]> {
    return (await executeServerCommand('peer', { action: 'events', id: this.id })) as PeerEvent[];
  }

  /** The first event matching `test`, waiting for it. */
  async waitForEvent(test: (event: PeerEvent) => boolean, what: string): Promise<PeerEvent> {
    try {
      return await waitFor(async () => (await this.events()).find(test), { what: `${this.user.jid}'s peer: ${what}` });
    } catch (error) {
      // What the peer saw and said is most of the story of why it did not see this.
      const stderr = (await executeServerCommand('peer', { action: 'stderr', id: this.id })) as string;
      throw new Error(`${(error as Error).message}\nevents: ${JSON.stringify(await this.events())}\nstderr: ${stderr}`, { cause: error });
    }
  }

  async stop(): Promise<void> {
    await executeServerCommand('peer', { action: 'stop', id: this.id });
  }
}
