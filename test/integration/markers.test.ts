import { expect, fixtureCleanup } from '@open-wc/testing';
import type { XmppChat } from '../../src/index.js';
import { getByRole, typeInto, waitFor } from '../helpers/dom.js';
import { registerUser } from '../helpers/server.js';
import { mountWidget } from '../helpers/widget.js';

// XEP-0333 against Prosody: what the other side sees is marked displayed, and ours say "Seen" then.

function windowOf(widget: XmppChat): ShadowRoot {
  return widget.shadowRoot!.querySelector('xmpp-chat-window')!.shadowRoot!;
}

function stateOf(widget: XmppChat, peer: string, body: string): string | undefined {
  return widget.store.state.conversations[peer]?.messages.find((m) => m.body === body)?.state;
}

describe('chat markers (XEP-0333)', function () {
  this.timeout(40_000);
  afterEach(() => fixtureCleanup());

  it('a message the contact sees says "Seen", and so do ours before it', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    await a.store.sendMessage(bob.jid, 'first');
    await a.store.sendMessage(bob.jid, 'second');
    // Bob's widget opens the conversation as it arrives, and he is looking.
    await waitFor(() => b.store.state.conversations[alice.jid]?.messages.length === 2, { what: 'both at Bob' });
    await waitFor(() => stateOf(a, bob.jid, 'second') === 'displayed', { what: `"second" seen (${stateOf(a, bob.jid, 'second')})` });
    expect(stateOf(a, bob.jid, 'first')).to.equal('displayed');
    a.store.openChat(bob.jid);
    await waitFor(() => [...windowOf(a).querySelectorAll('.state')].some((s) => s.textContent === 'Seen'), { what: '"Seen" in the log' });
    // Bob's own messages carry <markable/> too: Alice, looking at them, marks them.
    await b.store.sendMessage(alice.jid, 'reply');
    await waitFor(() => stateOf(b, alice.jid, 'reply') === 'displayed', { what: 'the reply seen' });
  });

  it('in a room, the marker points at the room\'s stanza-id, and ours say "Seen" once another occupant saw them', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    const room = `marked-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@conference.localhost`;
    for (const [widget, nick] of [[a, 'Alice'], [b, 'Bob']] as const) {
      getByRole(widget.shadowRoot!, 'button', 'Join a room').click();
      const form = await waitFor(() => getByRole(widget.shadowRoot!, 'form', 'Join a room'));
      typeInto(getByRole(form, 'textbox', 'Room address'), room);
      typeInto(getByRole(form, 'textbox', 'Nickname'), nick);
      getByRole(form, 'button', 'Join').click();
      await waitFor(() => widget.store.state.activeChat === room, { what: `${nick} in the room` });
      // The room Alice created is locked until configured (XEP-0045 §10.1.2): Bob joins once it is open.
      await waitFor(() => (widget.store.state.features.rooms as Record<string, { archived: boolean }>)[room]?.archived, { what: 'the room configured' });
    }
    await a.store.sendMessage(room, 'look at this');
    await waitFor(() => b.store.state.conversations[room]?.messages.some((m) => m.body === 'look at this' && m.stanzaId), { what: 'the message at Bob, with its stanza-id' });
    await waitFor(() => stateOf(a, room, 'look at this') === 'displayed', { what: 'seen in the room' }).catch((error: Error) => {
      const mine = a.store.state.conversations[room].messages.find((m) => m.body === 'look at this');
      const theirs = b.store.state.conversations[room].messages.find((m) => m.body === 'look at this');
      throw new Error(`${error.message}: at Alice ${mine?.state} ${mine?.stanzaId}; at Bob ${theirs?.stanzaId} ${JSON.stringify(theirs?.payloads)}, marked ${JSON.stringify(b.store.state.features.markers)}`, { cause: error });
    });
  });
});
