import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { XmppChat } from '../../src/index.js';
import { getByRole, waitFor } from '../helpers/dom.js';
import { escapeXml, rawClient, registerUser, testService, type TestUser } from '../helpers/server.js';
import { mountWidget, waitForState } from '../helpers/widget.js';

// More than one archive page (50) of messages waiting on the server: whatever mix of archive pages, offline
// delivery (<delay>) and live messages brings them, each shows once, in the order the server archived them.

function conversationBodies(widget: XmppChat, peer: string): string[] {
  return (widget.store.state.conversations[peer]?.messages ?? []).map((m) => m.body);
}

function renderedBodies(widget: XmppChat): string[] {
  return [...getByRole(widget.shadowRoot!, 'log', 'Messages').querySelectorAll('.body')].map((p) => p.textContent ?? '');
}

async function closePage(widget: XmppChat) {
  widget.remove();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Sends `count` numbered messages to `to` from another client, as any XMPP client would (no origin-id). */
async function sendNumbered(from: TestUser, to: TestUser, count: number, prefix: string): Promise<string[]> {
  const client = await rawClient(from);
  const bodies = Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`);
  for (const [i, body] of bodies.entries()) {
    client.send(`<message xmlns="jabber:client" type="chat" to="${escapeXml(to.jid)}" id="${prefix}-${i + 1}"><body>${escapeXml(body)}</body></message>`);
  }
  // A round trip after the last one: everything before it has been archived.
  await client.close();
  return bodies;
}

/** Waits for `arrived` new messages, pages back to the start of the conversation, then checks the whole of it. */
async function expectInOrder(widget: XmppChat, peer: string, expected: string[], arrived = expected.length) {
  await waitFor(() => conversationBodies(widget, peer).length >= arrived, {
    what: `${arrived} messages (have ${conversationBodies(widget, peer).length})`,
    timeout: 30_000,
  });
  // Late copies (offline delivery after the archive) must not add doubles.
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (let page = 0; !widget.store.state.conversations[peer].historyComplete && page < 20; page++) await widget.store.loadOlder(peer);
  expect(conversationBodies(widget, peer)).to.deep.equal(expected);
}

describe('message order when more than a page waited on the server', function () {
  this.timeout(90_000);

  for (const count of [60, 200]) {
    it(`first visit: ${count} waiting messages show once, in archive order, and stay so after a reload`, async () => {
      const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
      const sent = await sendNumbered(bob, alice, count, 'first');
      const a = await mountWidget(alice);
      a.store.openChat(bob.jid);
      await expectInOrder(a, bob.jid, sent);
      await waitFor(() => renderedBodies(a).at(-1) === sent.at(-1), { what: 'the newest message on screen' });
      const shown = renderedBodies(a);
      expect(shown).to.deep.equal(sent.slice(-shown.length));

      await closePage(a);
      const again = await fixture<XmppChat>(html`<xmpp-chat service=${testService().service} jid=${alice.jid} password=${alice.password}></xmpp-chat>`);
      await waitForState(again, 'online');
      await waitFor(() => conversationBodies(again, bob.jid).length > 0, { what: 'the open conversation restored' });
      await expectInOrder(again, bob.jid, sent, 1);
    });

    it(`return visit: ${count} messages sent while away show once, in archive order`, async () => {
      const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
      const before = await sendNumbered(bob, alice, 3, 'before');
      const a = await mountWidget(alice);
      await expectInOrder(a, bob.jid, before);
      getByRole(a.shadowRoot!, 'button', 'Sign out').click();
      await waitForState(a, 'offline');
      await closePage(a);

      const sent = await sendNumbered(bob, alice, count, 'away');
      const back = await mountWidget(alice);
      await expectInOrder(back, bob.jid, [...before, ...sent], count);
    });
  }
});
