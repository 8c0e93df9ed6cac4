import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/index.js';
import type { XmppChat } from '../../src/index.js';
import { waitFor } from '../helpers/dom.js';
import { registerUser, type TestUser } from '../helpers/server.js';
import { installSocketSpy, type SocketSpy } from '../helpers/socket-spy.js';
import { mountWidget, waitForState } from '../helpers/widget.js';

const PER_SIDE = 100;
let activeSpy: SocketSpy;

function pause(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Everyone's messages in one conversation, as that widget holds them. */
function bodiesOf(widget: XmppChat, peer: string): string[] {
  return (widget.store.state.conversations[peer]?.messages ?? []).map((m) => m.body);
}

/** Writes PER_SIDE numbered messages with random pauses of up to `jitterMs`. */
async function converse(from: XmppChat, to: TestUser, prefix: string, jitterMs = 25) {
  for (let i = 1; i <= PER_SIDE; i++) {
    const error = await from.store.sendMessage(to.jid, `${prefix} ${i}`);
    if (error) throw new Error(error);
    await pause(Math.random() * jitterMs);
  }
}

/**
 * Both sides must end with all 2 × PER_SIDE messages: each exactly once, and each sender's in the order
 * sent. Nothing may be left in an outbox.
 */
async function expectNothingLost(a: XmppChat, b: XmppChat, alice: TestUser, bob: TestUser) {
  const expected = (prefix: string) => Array.from({ length: PER_SIDE }, (_, i) => `${prefix} ${i + 1}`);
  const complete = (w: XmppChat, peer: string) => {
    const all = bodiesOf(w, peer);
    return expected('alice').every((m) => all.includes(m)) && expected('bob').every((m) => all.includes(m));
  };
  await waitFor(() => complete(a, bob.jid) && complete(b, alice.jid), { timeout: 90_000, what: 'every message on both sides' }).catch(
    (error) => {
      const missing = (w: XmppChat, peer: string) =>
        [...expected('alice'), ...expected('bob')].filter((m) => !bodiesOf(w, peer).includes(m)).join(', ');
      throw new Error(`${(error as Error).message}; alice misses [${missing(a, bob.jid)}]; bob misses [${missing(b, alice.jid)}]`);
    },
  );
  for (const [widget, peer, side] of [[a, bob.jid, 'alice'], [b, alice.jid, 'bob']] as const) {
    const all = bodiesOf(widget, peer);
    expect(all, `no message twice on ${side}'s side`).to.have.length(2 * PER_SIDE);
    for (const prefix of ['alice', 'bob']) {
      const got = all.filter((m) => m.startsWith(`${prefix} `));
      const first = got.findIndex((m, i) => m !== expected(prefix)[i]);
      const around = (widget.store.state.conversations[peer]?.messages ?? [])
        .filter((m) => m.body.startsWith(`${prefix} `))
        .slice(Math.max(0, first - 3), first + 4)
        .map((m) => `${m.body}@${m.order}/${m.stanzaId?.slice(0, 4)}/${m.timestamp % 100000}`);
      if (first !== -1) {
        const t0 = activeSpy.frames()[0]?.time ?? 0;
        for (const f of activeSpy.frames()) {
          if (/<body>|<resume|<resumed|<failed|<enabled|<bind|<a |<r /.test(f.data) && !/<result/.test(f.data)) {
            console.log(f.socket, f.direction, f.time - t0, f.data.replace(/<origin-id[^>]*>|<request[^>]*>|xmlns="[^"]*"/g, '').slice(0, 140));
          }
        }
      }
      expect(first, `${prefix}'s messages in order on ${side}'s side: ${around.join(', ')}`).to.equal(-1);
    }
  }
  const sending = () =>
    [a, b].flatMap((w) => Object.values(w.store.state.conversations).flatMap((c) => c.messages.filter((m) => m.state === 'sending').map((m) => m.body)));
  await waitFor(() => sending().length === 0, { timeout: 30_000, what: 'every message acked by the server' }).catch((error) => {
    throw new Error(`${(error as Error).message}: still sending ${sending().join(', ')}`);
  });
}

describe('nothing lost, nothing doubled', function () {
  this.timeout(180_000);
  let spy: SocketSpy;
  beforeEach(() => {
    spy = installSocketSpy();
    activeSpy = spy;
  });
  afterEach(() => spy.uninstall());

  it(`survives 20 dropped sockets while both sides send ${PER_SIDE} messages`, async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    let drops = 0;
    const dropping = (async () => {
      while (drops < 20) {
        // Each drop hits a live connection: wait until both are back.
        await Promise.all([waitForState(a, 'online', 30_000), waitForState(b, 'online', 30_000)]);
        await pause(100 + Math.random() * 200);
        if (spy.dropAll() > 0) drops += 1;
      }
    })();
    await Promise.all([converse(a, bob, 'alice'), converse(b, alice, 'bob'), dropping]);
    expect(drops).to.equal(20);
    await expectNothingLost(a, b, alice, bob);
    const resumes = spy.sent().filter((frame) => frame.startsWith('<resume')).length;
    console.log(`loss test: ${drops} drops, ${2 * PER_SIDE} messages, ${resumes} stream resumptions`);
  });

  it(`survives a server restart while both sides send ${PER_SIDE} messages`, async () => {
    const { service } = (await executeServerCommand('private-prosody', { action: 'start' })) as { service: string };
    try {
      const [alice, bob] = await Promise.all([registerUser('alice', undefined, { service }), registerUser('bob', undefined, { service })]);
      const mount = (user: TestUser) =>
        fixture<XmppChat>(html`<xmpp-chat service=${service} jid=${user.jid} password=${user.password}></xmpp-chat>`);
      const [a, b] = await Promise.all([mount(alice), mount(bob)]);
      await Promise.all([waitForState(a, 'online'), waitForState(b, 'online')]);
      let restartedAt = 0;
      let lastSentAt = 0;
      const restarting = (async () => {
        await pause(800);
        await executeServerCommand('private-prosody', { action: 'restart' });
        restartedAt = Date.now();
      })();
      // Slower talk (about 4 s), so that the server is down for part of it and up again before the end.
      const talking = Promise.all([converse(a, bob, 'alice', 80), converse(b, alice, 'bob', 80)]).then(() => (lastSentAt = Date.now()));
      await Promise.all([talking, restarting]);
      expect(restartedAt, 'the restart happened mid-conversation').to.be.below(lastSentAt);
      await expectNothingLost(a, b, alice, bob);
      // A restart forgets hibernated streams: both had to sign in afresh, then catch up from the archive.
      expect(spy.sockets().length, 'reconnections').to.be.at.least(4);
    } finally {
      await executeServerCommand('private-prosody', { action: 'stop' });
    }
  });
});
