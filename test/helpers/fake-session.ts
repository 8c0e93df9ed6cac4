import type { Stanza, XmppSession } from '../../src/xmpp/session.js';

type IqHandler = (iq: Stanza) => unknown;

/**
 * A session of a test's own: no socket, no server. It records what the store sends and asks; `answer`
 * replies to requests (an Error rejects), `archive` to archive queries. It has the methods the services call.
 */
export class FakeSession {
  readonly sent: Stanza[] = [];
  readonly asked: Stanza[] = [];
  readonly iqHandlers = new Map<string, IqHandler>();
  answer: (iq: Stanza) => Stanza | Error = (iq) => new Error(`no answer for ${iq.toString()}`);
  archive: (query: Stanza) => { results: Stanza[]; reply: Stanza } | Error = () => new Error('no archive');
  /** While true, every send fails, as on a stream that just dropped. */
  dropped = false;

  send(stanza: Stanza): Promise<void> {
    if (this.dropped) return Promise.reject(new Error('stream gone'));
    this.sent.push(stanza);
    return Promise.resolve();
  }

  async request(iq: Stanza): Promise<Stanza> {
    this.asked.push(iq);
    const reply = this.answer(iq);
    if (reply instanceof Error) throw reply;
    return reply;
  }

  async queryArchive(query: Stanza): Promise<{ results: Stanza[]; reply: Stanza }> {
    this.asked.push(query);
    const round = this.archive(query);
    if (round instanceof Error) throw round;
    return round;
  }

  onIq(type: string, xmlns: string, name: string, handler: IqHandler) {
    this.iqHandlers.set(`${type} ${xmlns} ${name}`, handler);
  }

  supportsClientState(): boolean {
    return false;
  }

  /** Sent messages' bodies, in order. */
  bodies(): string[] {
    return this.sent.filter((s) => s.is('message')).map((s) => s.getChildText('body') ?? '');
  }

  asSession(): XmppSession {
    return this as unknown as XmppSession;
  }
}
