import { expect, fixtureCleanup } from '@open-wc/testing';
import type { XmppChat } from '../../src/index.js';
import { expectAccessible } from '../helpers/axe.js';
import { accessibleName, allByRole, getByRole, typeInto, waitFor } from '../helpers/dom.js';
import { Peer } from '../helpers/peer.js';
import { registerUser } from '../helpers/server.js';
import { installSocketSpy } from '../helpers/socket-spy.js';
import { mountWidget, waitForState } from '../helpers/widget.js';

// Group chat (XEP-0045) against Prosody's conference.localhost: joining through the Join a room form, a taken
// nick, messages both ways with the occupant as the sender (ours shown once, reflection and all), the
// subject, the people in the room, and leaving.

function uniqueRoom(): string {
  return `room-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@conference.localhost`;
}

/** Joins `room` as `nick` through the roster's Join a room form; resolves with the form (to read its error). */
async function joinThroughForm(widget: XmppChat, room: string, nick: string): Promise<HTMLElement> {
  const root = widget.shadowRoot!;
  getByRole(root, 'button', 'Join a room').click();
  const form = await waitFor(() => getByRole(root, 'form', 'Join a room'), { what: 'the Join a room form' });
  typeInto(getByRole(form, 'textbox', 'Room address'), room);
  typeInto(getByRole(form, 'textbox', 'Nickname'), nick);
  getByRole(form, 'button', 'Join').click();
  return form;
}

/**
 * A room we created is locked until its configuration is taken (XEP-0045 §10.1.2): others who join before that
 * are refused. Its creator asks what it does once configured; that answer (an archive) says it is open.
 */
async function configured(widget: XmppChat, room: string) {
  await waitFor(() => (widget.store.state.features.rooms as Record<string, { archived: boolean }>)[room]?.archived, { what: 'the room configured' });
}

/** Alice (`widget`) creates a new room, and the slixmpp peer joins it as Carol once it is open. */
async function roomWithPeer(widget: XmppChat, peer: Peer): Promise<string> {
  await peer.waitForEvent((e) => e.event === 'online', 'online');
  const room = uniqueRoom();
  await joinThroughForm(widget, room, 'Alice');
  await waitFor(() => widget.store.state.activeChat === room, { what: "Alice's room open" });
  await configured(widget, room);
  await peer.do({ op: 'join', room, nick: 'Carol' });
  await peer.waitForEvent((e) => e.event === 'joined', 'joined');
  return room;
}

/** Alice creates a new room and Bob joins it, each through the form: both with the room open. */
async function aliceAndBobInARoom(): Promise<{ a: XmppChat; b: XmppChat; room: string }> {
  const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
  const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
  const room = uniqueRoom();
  await joinThroughForm(a, room, 'Alice');
  await waitFor(() => a.store.state.activeChat === room, { what: "Alice's room open" });
  await configured(a, room);
  await joinThroughForm(b, room, 'Bob');
  await waitFor(() => b.store.state.activeChat === room, { what: "Bob's room open" });
  return { a, b, room };
}

/** Our message got there: the server took it (sent), or more (delivered, seen). */
function reached(message: { state: string } | undefined): boolean {
  return ['sent', 'delivered', 'displayed'].includes(message?.state ?? '');
}

function chatWindow(widget: XmppChat): ShadowRoot {
  return widget.shadowRoot!.querySelector('xmpp-chat-window')!.shadowRoot!;
}

/** The log's messages as "sender: body". */
function lines(widget: XmppChat): string[] {
  return [...getByRole(chatWindow(widget), 'log', 'Messages').querySelectorAll('article')].map(
    (a) => `${a.querySelector('.sender')!.textContent}: ${a.querySelector('.body')!.textContent}`,
  );
}

describe('rooms (XEP-0045)', function () {
  this.timeout(40_000);
  afterEach(() => fixtureCleanup());

  it('join, a taken nick, messages both ways, the subject, the people, and leaving', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    const room = uniqueRoom();

    // Alice creates the room by joining it: the conversation opens, with one person in it.
    await joinThroughForm(a, room, 'Alice');
    const people = await waitFor(() => getByRole(chatWindow(a), 'button', /^1 person$/), { what: "one person in Alice's room" });
    expect(a.store.state.activeChat).to.equal(room);
    // A room has people, not a presence: no presence dot in its header.
    await waitFor(() => getComputedStyle(chatWindow(a).querySelector('xmpp-presence-badge')!).display === 'none', { what: 'no presence dot for a room' });

    // Bob asks for Alice's nick: refused, said in words, the nick selected to change; then joins as Bob.
    const form = await joinThroughForm(b, room, 'Alice');
    const alert = await waitFor(() => getByRole(form, 'alert'), { what: 'the conflict' });
    expect(alert.textContent).to.include('That nickname is taken');
    expect(form.getRootNode() instanceof ShadowRoot && (form.getRootNode() as ShadowRoot).activeElement).to.equal(getByRole(form, 'textbox', 'Nickname'));
    typeInto(getByRole(form, 'textbox', 'Nickname'), 'Bob');
    getByRole(form, 'button', 'Join').click();
    await waitFor(() => b.store.state.activeChat === room, { what: "Bob's room open" });
    await waitFor(() => accessibleName(people) === '2 people', { what: 'two people at Alice' });

    // Messages both ways: the occupant is the sender; our own shows once, though the room reflects it.
    const composer = getByRole(chatWindow(a), 'textbox', 'Message');
    typeInto(composer, 'Hello room');
    getByRole(chatWindow(a), 'button', 'Send').click();
    await waitFor(() => lines(b).includes('Alice: Hello room'), { what: "Alice's message at Bob" });
    await b.store.sendMessage(room, 'Hi Alice');
    await waitFor(() => lines(a).includes('Bob: Hi Alice'), { what: "Bob's message at Alice" });
    // It names Alice: it says so, and stands out; Alice's own message does not.
    const mention = [...getByRole(chatWindow(a), 'log', 'Messages').querySelectorAll('article')].find((el) => el.textContent?.includes('Hi Alice'))!;
    expect(mention.textContent).to.include('Mentions you');
    expect(getComputedStyle(mention).borderInlineStartWidth).to.equal('3px');
    // Bob's coming is told in Alice's log, once.
    expect([...chatWindow(a).querySelectorAll('.note')].map((p) => p.textContent)).to.deep.equal(['Bob joined']);
    await waitFor(() => reached(a.store.state.conversations[room].messages.find((m) => m.body === 'Hello room')));
    expect(lines(a).filter((line) => line.endsWith('Hello room'))).to.deep.equal(['You: Hello room']);
    expect(a.store.state.conversations[room].messages.filter((m) => m.body === 'Hello room')).to.have.length(1);

    // The subject, set by Alice (the room's owner), in Bob's header.
    await a.store.act('rooms', { type: 'subject', room, subject: 'Planning the launch' });
    await waitFor(() => chatWindow(b).querySelector('xmpp-room-header')?.shadowRoot?.textContent?.includes('Planning the launch'), { what: 'the subject at Bob' });

    // The people, grouped by role: Alice created the room (owner, moderator).
    people.click();
    const group = await waitFor(() => getByRole(chatWindow(a), 'group', 'People in this room'));
    const rows = [...getByRole(group, 'list', 'People').querySelectorAll('li')].map((li) => li.textContent!.trim().split(/\s+/)[0]);
    expect(rows).to.deep.equal(['Moderators', 'Alice', 'Participants', 'Bob']);
    await expectAccessible(a, 'a room with its people shown');

    // Self-ping (XEP-0410) through the real room: Bob is still in.
    expect(await b.store.act('rooms', { type: 'check', room })).to.equal('in');

    // Bob leaves: one person again at Alice; Bob's header says he is out, with Join again.
    getByRole(chatWindow(b), 'button', 'Leave').click();
    await waitFor(() => accessibleName(getByRole(chatWindow(a), 'button', /person|people/)) === '1 person', { what: 'Bob gone at Alice' });
    await waitFor(() => getByRole(chatWindow(b), 'button', 'Join again'));
    await waitFor(() => chatWindow(a).querySelector('.note:last-of-type')?.textContent === 'Bob left', { what: "Bob's leaving in Alice's log" });
  });

  it('a private message to an occupant opens a conversation of its own, both ways, outside the room', async () => {
    const { a, b, room } = await aliceAndBobInARoom();
    const people = await waitFor(() => getByRole(chatWindow(a), 'button', '2 people'), { what: 'two people at Alice' });
    people.click();
    // From the people in the room: a private message to Bob.
    (await waitFor(() => getByRole(chatWindow(a), 'button', 'Message Bob privately'))).click();
    await waitFor(() => a.store.state.activeChat === `${room}/Bob`, { what: 'the private conversation open' });
    const composer = getByRole(chatWindow(a), 'textbox', 'Message');
    typeInto(composer, 'psst, Bob');
    getByRole(chatWindow(a), 'button', 'Send').click();
    const fromAlice = `${room}/Alice`;
    await waitFor(() => b.store.state.conversations[fromAlice]?.messages.some((m) => m.body === 'psst, Bob'), { what: 'the private message at Bob' });
    expect(b.store.state.conversations[room].messages.some((m) => m.body === 'psst, Bob'), 'not in the room').to.equal(false);
    expect(b.store.state.conversations[fromAlice].name).to.equal(`Alice (${room.split('@')[0]})`);
    await b.store.sendMessage(fromAlice, 'got it');
    await waitFor(() => a.store.state.conversations[`${room}/Bob`].messages.some((m) => m.body === 'got it'), { what: "Bob's answer in Alice's private conversation" });
    expect(lines(a)).to.deep.equal(['You: psst, Bob', 'Bob: got it']);
  });

  it('a moderator changes the subject, removes an occupant, and bans them; each side is told', async () => {
    const { a, b, room } = await aliceAndBobInARoom();
    const header = (w: XmppChat) => chatWindow(w).querySelector('xmpp-room-header')!.shadowRoot!;

    // The subject, through the header's form.
    getByRole(chatWindow(a), 'button', 'Change subject').click();
    const subject = await waitFor(() => getByRole(chatWindow(a), 'textbox', 'Subject'));
    typeInto(subject, 'Release day');
    getByRole(chatWindow(a), 'button', 'Save').click();
    await waitFor(() => header(b).textContent?.includes('Release day'), { what: 'the new subject at Bob' });
    expect(header(b).querySelector('button')?.textContent, 'no subject button for a participant').to.not.include('Change subject');

    // Roles: Alice mutes Bob (visitor), then gives him his voice back; Bob's own role follows.
    (await waitFor(() => getByRole(chatWindow(a), 'button', '2 people'))).click();
    const role = (await waitFor(() => getByRole(chatWindow(a), 'combobox', 'Role of Bob'))) as HTMLSelectElement;
    const bobsRole = () => (b.store.state.features.rooms as Record<string, { role: string }>)[room].role;
    for (const [value, expected] of [['visitor', 'visitor'], ['participant', 'participant']]) {
      role.value = value;
      role.dispatchEvent(new Event('change'));
      await waitFor(() => bobsRole() === expected, { what: `Bob's role ${expected}` });
    }

    // Remove: Bob is told, and may join again.
    (await waitFor(() => getByRole(chatWindow(a), 'button', 'Remove Bob from the room'))).click();
    await waitFor(() => header(b).textContent?.includes('You were removed from this room.'), { what: 'the kick at Bob' });
    getByRole(chatWindow(b), 'button', 'Join again').click();
    await waitFor(() => (b.store.state.features.rooms as Record<string, { status: string }>)[room].status === 'joined', { what: 'Bob back' });

    // Ban, confirmed: Bob is told, and the room refuses him from then on.
    (await waitFor(() => getByRole(chatWindow(a), 'button', 'Ban Bob'))).click();
    (await waitFor(() => getByRole(chatWindow(a), 'button', 'Confirm: ban Bob'))).click();
    await waitFor(() => header(b).textContent?.includes('You were banned from this room.'), { what: 'the ban at Bob' });
    getByRole(chatWindow(b), 'button', 'Join again').click();
    await waitFor(() => header(b).textContent?.includes('You are banned from this room.'), { what: 'the refusal of a banned occupant' });
  });

  it('leave and rejoin: what was said meanwhile comes from the room\'s archive, once each, in order', async () => {
    const { a, b, room } = await aliceAndBobInARoom();
    await a.store.sendMessage(room, 'before');
    await waitFor(() => lines(b).includes('Alice: before'), { what: `the first message at Bob: ${JSON.stringify(a.store.state.conversations[room].messages.map((m) => [m.body, m.state]))} ${JSON.stringify(a.store.state.features.rooms)} bob: ${JSON.stringify(lines(b))}` });
    await b.store.act('rooms', { type: 'leave', room });
    await waitFor(() => getByRole(chatWindow(a), 'button', '1 person'), { what: 'Bob gone' });
    for (const body of ['one', 'two', 'three']) await a.store.sendMessage(room, body);
    await waitFor(() => a.store.state.conversations[room].messages.filter(reached).length === 4, { what: "Alice's messages sent" });

    getByRole(chatWindow(b), 'button', 'Join again').click();
    await waitFor(() => lines(b).includes('Alice: three'), { what: 'the archive at Bob' });
    // The room said it keeps an archive: Bob joined without its history, so nothing came twice.
    expect((b.store.state.features.rooms as Record<string, { archived: boolean }>)[room].archived).to.equal(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines(b)).to.deep.equal(['Alice: before', 'Alice: one', 'Alice: two', 'Alice: three']);
  });

  it('bookmarks: a room joined is bookmarked (XEP-0402), and joined again after a fresh sign-in, caught up from its archive', async () => {
    const { a, b, room } = await aliceAndBobInARoom();
    const alice = { jid: a.jid, password: a.password, username: a.jid.split('@')[0] };
    await waitFor(() => (a.store.state.features.bookmarks as { rooms: Record<string, { autojoin: boolean }> } | undefined)?.rooms[room]?.autojoin, { what: 'the room bookmarked' });
    await a.store.sendMessage(room, 'before');
    await waitFor(() => lines(b).includes('Alice: before'), { what: `the first message at Bob: ${JSON.stringify(a.store.state.conversations[room].messages.map((m) => [m.body, m.state]))} ${JSON.stringify(a.store.state.features.rooms)} bob: ${JSON.stringify(lines(b))}` });
    // Alice signs out (her stream ends, and with it her place in the room); Bob talks on.
    await a.store.signOut();
    await waitFor(() => accessibleName(getByRole(chatWindow(b), 'button', /person|people/)) === '1 person', { what: 'Alice gone at Bob' });
    for (const body of ['one', 'two']) await b.store.sendMessage(room, body);
    await waitFor(() => b.store.state.conversations[room].messages.filter(reached).length === 2, { what: "Bob's messages sent" });

    // The next day, a fresh sign-in: nothing in memory, the bookmark brings the room back, joined.
    a.remove();
    const next = await mountWidget(alice);
    await waitFor(() => (next.store.state.features.rooms as Record<string, { status: string }> | undefined)?.[room]?.status === 'joined', { what: `the room joined again (${JSON.stringify(next.store.state.features.bookmarks)} ${JSON.stringify(next.store.state.features.rooms)})` });
    // In the contact list, by its name.
    getByRole(next.shadowRoot!, 'button', new RegExp(`^${room.split('@')[0]}`));
    next.store.openChat(room);
    await waitFor(() => lines(next).includes('Bob: two'), { what: `the archive since: ${JSON.stringify(lines(next))} ${JSON.stringify(next.store.state.conversations[room].messages.map((m) => [m.body, m.state, m.stanzaId]))}` });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines(next)).to.deep.equal(['You: before', 'Bob: one', 'Bob: two']);
    // Nothing was sent twice: Bob saw Alice's message once.
    expect(lines(b).filter((line) => line === 'Alice: before')).to.have.length(1);
    expect(reached(next.store.state.conversations[room].messages[0])).to.equal(true);
  });

  it('a reload resumes the stream: still in the room, its people known, what is said next shown', async () => {
    const { a, b, room } = await aliceAndBobInARoom();
    const alice = { jid: a.jid, password: a.password, username: a.jid.split('@')[0] };
    const stream = a.store.state.connection.jid;
    // The page goes (the stream waits on the server), the next one resumes it.
    a.remove();
    const next = await mountWidget(alice);
    expect(next.store.state.connection.jid, 'the same stream, resumed').to.equal(stream);
    next.store.openChat(room);
    await waitFor(() => getByRole(chatWindow(next), 'button', '2 people'), { what: 'the people, kept' });
    await b.store.sendMessage(room, 'still there?');
    await waitFor(() => lines(next).includes('Bob: still there?'), { what: "Bob's message after the reload" });
  });

  it('an invitation (XEP-0249): sent from the room, joined from the card; another declined', async () => {
    const [alice, bob, carol] = await Promise.all([registerUser('alice'), registerUser('bob'), registerUser('carol')]);
    const [a, b, c] = await Promise.all([mountWidget(alice), mountWidget(bob), mountWidget(carol)]);
    const room = uniqueRoom();
    const name = room.split('@')[0];
    await joinThroughForm(a, room, 'Alice');
    await waitFor(() => a.store.state.activeChat === room, { what: "Alice's room open" });
    await configured(a, room);

    // Alice invites Bob from the room's header, with a word.
    getByRole(chatWindow(a), 'button', 'Invite').click();
    const form = await waitFor(() => getByRole(chatWindow(a), 'form', 'Invite someone'));
    typeInto(getByRole(form, 'textbox', 'Address to invite'), bob.jid);
    typeInto(getByRole(form, 'textbox', 'Message with the invitation'), 'Come plan the launch');
    getByRole(form, 'button', 'Invite').click();
    await waitFor(() => allByRole(chatWindow(a), 'status').some((s) => s.textContent === `Invitation sent to ${bob.jid}.`), { what: 'the invitation sent' });

    // Bob finds it in his conversation with Alice, with her words, and joins from it: the room opens.
    await waitFor(() => b.store.state.conversations[alice.jid]?.messages.length === 1, { what: 'the invitation at Bob' });
    b.store.openChat(alice.jid);
    const card = await waitFor(() => chatWindow(b).querySelector('xmpp-room-invite')?.shadowRoot, { what: 'the card' });
    expect(card.textContent).to.include(`Invitation to the room ${name}`).and.include('Come plan the launch');
    getByRole(card, 'button', `Join ${name}`).click();
    await waitFor(() => b.store.state.activeChat === room, { what: 'the room open at Bob' });
    await waitFor(() => getByRole(chatWindow(a), 'button', '2 people'), { what: 'Bob in the room at Alice' });

    // Carol declines hers: said on the card, and she is not in the room.
    await a.store.act('rooms', { type: 'invite', room, jid: carol.jid });
    await waitFor(() => c.store.state.conversations[alice.jid]?.messages.length === 1, { what: 'the invitation at Carol' });
    c.store.openChat(alice.jid);
    const carolCard = await waitFor(() => chatWindow(c).querySelector('xmpp-room-invite')?.shadowRoot, { what: "Carol's card" });
    getByRole(carolCard, 'button', 'Decline').click();
    await waitFor(() => carolCard.textContent?.includes('Declined.'), { what: 'declined' });
    expect((c.store.state.features.rooms as Record<string, unknown> | undefined)?.[room]).to.equal(undefined);
    await expectAccessible(c, 'a declined invitation');
  });

  it('an occupant on another stack (slixmpp): its messages, a forged stanza-id not trusted, its rename, its invitation', async () => {
    const [alice, carol] = await Promise.all([registerUser('alice'), registerUser('carol')]);
    const a = await mountWidget(alice);
    const peer = await Peer.start(carol);
    try {
      const room = await roomWithPeer(a, peer);
      await waitFor(() => getByRole(chatWindow(a), 'button', '2 people'), { what: 'Carol in the room at Alice' });

      // Carol writes stanza-ids of her own: one claiming to be the room's, one our server's. Neither is trusted.
      await peer.do({ op: 'groupchat', room, body: 'hello from slixmpp', stanza_ids: [[room, 'forged-by-room'], [alice.jid, 'forged-by-server']] });
      await waitFor(() => lines(a).includes('Carol: hello from slixmpp'), { what: "Carol's message at Alice" });
      const kept = a.store.state.conversations[room].messages.find((m) => m.body === 'hello from slixmpp')!;
      expect(kept.stanzaId).to.be.a('string').and.not.match(/^forged/);
      // A groupchat message from someone who is not a room (straight to Alice) is not shown anywhere; a chat
      // message sent after it is, so the first was read (in order) and dropped.
      await peer.do({ op: 'groupchat', room: alice.jid, body: 'posing as a room' });
      await peer.do({ op: 'message', to: alice.jid, body: 'plain hello' });
      await waitFor(() => a.store.state.conversations[carol.jid]?.messages.length === 1, { what: 'the plain message' });
      const everything = Object.values(a.store.state.conversations).flatMap((c) => c.messages.map((m) => m.body));
      expect(everything).to.include('plain hello').and.not.include('posing as a room');

      // Alice answers; Carol's stack gets it from the room.
      await a.store.sendMessage(room, 'hi Carol');
      await peer.waitForEvent((e) => e.event === 'groupchat' && e.body === 'hi Carol' && e.from === `${room}/Alice`, "Alice's message");

      // Carol takes another nick: told once, as a rename.
      await peer.do({ op: 'nick', room, nick: 'Caroline' });
      await waitFor(() => [...chatWindow(a).querySelectorAll('.note')].some((p) => p.textContent === 'Carol is now known as Caroline'), { what: 'the rename' });
      expect([...chatWindow(a).querySelectorAll('.note')].map((p) => p.textContent)).to.deep.equal(['Carol joined', 'Carol is now known as Caroline']);

      // Carol's stack invites Alice to another room (XEP-0249): the card is in their conversation.
      const other = uniqueRoom();
      await peer.do({ op: 'invite', to: alice.jid, room: other, reason: 'Over here' });
      await waitFor(() => a.store.state.conversations[carol.jid]?.messages.some((m) => m.payloads?.rooms), { what: "Carol's invitation" });
      a.store.openChat(carol.jid);
      const card = await waitFor(() => chatWindow(a).querySelector('xmpp-room-invite')?.shadowRoot, { what: 'the card' });
      expect(card.textContent).to.include(`Invitation to the room ${other.split('@')[0]}`).and.include('Over here');
    } finally {
      await peer.stop();
    }
  });

  it('a socket cut while an occupant on another stack writes: each message shown once, in order, after the resume', async () => {
    const spy = installSocketSpy();
    const [alice, carol] = await Promise.all([registerUser('alice'), registerUser('carol')]);
    const peer = await Peer.start(carol);
    try {
      const a = await mountWidget(alice);
      await spy.waitForReceived(/<enabled[^>]*resume=["'](true|1)["']/);
      const room = await roomWithPeer(a, peer);

      // 40 messages, 25 ms apart; Alice's socket drops a quarter of the way in, and the widget resumes.
      await peer.do({ op: 'flood', room, prefix: 'm', count: 40, every_ms: 25 });
      await waitFor(() => lines(a).includes('Carol: m-10'), { what: 'the flow under way' });
      expect(spy.dropAll(), 'sockets dropped').to.equal(1);
      await peer.waitForEvent((e) => e.event === 'flooded', 'all sent');
      await waitForState(a, 'online', 20_000);
      await waitFor(() => lines(a).includes('Carol: m-40'), { what: 'the last message' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const expected = Array.from({ length: 40 }, (_, i) => `Carol: m-${i + 1}`);
      expect(lines(a).filter((line) => line.startsWith('Carol: m-'))).to.deep.equal(expected);
      expect(a.store.state.conversations[room].messages.filter((m) => m.body.startsWith('m-'))).to.have.length(40);
    } finally {
      spy.uninstall();
      await peer.stop();
    }
  });

  it("scrolling back through a room's archive: older pages from the room, in order, none twice", async () => {
    const [alice, carol] = await Promise.all([registerUser('alice'), registerUser('carol')]);
    const peer = await Peer.start(carol);
    try {
      await peer.waitForEvent((e) => e.event === 'online', 'online');
      const room = uniqueRoom();
      await peer.do({ op: 'join', room, nick: 'Carol' });
      await peer.waitForEvent((e) => e.event === 'joined', 'joined');
      await peer.do({ op: 'flood', room, prefix: 'old', count: 70, every_ms: 5 });
      await peer.waitForEvent((e) => e.event === 'flooded', 'all sent');

      // Alice joins: the newest page comes from the archive; the rest by scrolling back.
      const a = await mountWidget(alice);
      await joinThroughForm(a, room, 'Alice');
      await waitFor(() => lines(a).includes('Carol: old-70'), { what: 'the newest page' });
      const expected = Array.from({ length: 70 }, (_, i) => `Carol: old-${i + 1}`);
      expect(lines(a)).to.deep.equal(expected.slice(-50));
      getByRole(chatWindow(a), 'button', 'Show older messages').click();
      await waitFor(() => lines(a).includes('Carol: old-1'), { what: 'the older page, from the room' });
      expect(lines(a)).to.deep.equal(expected);
      await waitFor(() => !chatWindow(a).querySelector('.older'), { what: 'nothing older left' });
    } finally {
      await peer.stop();
    }
  });

  it('bookmarks where the server keeps only XEP-0048 (private storage): kept there, and joined again after a fresh sign-in', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice', undefined, { domain: 'legacy.localhost' }), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    const room = uniqueRoom();
    await joinThroughForm(b, room, 'Bob');
    await waitFor(() => b.store.state.activeChat === room, { what: "Bob's room open" });
    await joinThroughForm(a, room, 'Alice');
    await waitFor(() => a.store.state.activeChat === room, { what: "Alice's room open" });
    await configured(a, room);
    const bookmarks = () => a.store.state.features.bookmarks as { store: string; rooms: Record<string, { autojoin: boolean; nick: string }> } | undefined;
    await waitFor(() => bookmarks()?.rooms[room]?.autojoin, { what: 'the room bookmarked' });
    expect(bookmarks()!.store).to.equal('private');

    await a.store.signOut();
    a.remove();
    const next = await mountWidget(alice);
    await waitFor(() => (next.store.state.features.rooms as Record<string, { status: string; nick: string }> | undefined)?.[room]?.status === 'joined', { what: 'the room joined again, from private storage' });
    expect((next.store.state.features.rooms as Record<string, { nick: string }>)[room].nick).to.equal('Alice');
    await b.store.sendMessage(room, 'welcome back');
    next.store.openChat(room);
    await waitFor(() => lines(next).includes('Bob: welcome back'), { what: "Bob's message after the rejoin" });
  });
});
