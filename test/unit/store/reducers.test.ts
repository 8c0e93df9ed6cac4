import { expect } from '@open-wc/testing';
import type { ChatMessage, Contact, PresenceEvent } from '../../../src/model/types.js';
import { type ChatAction, reduce } from '../../../src/store/reducers.js';
import { availabilityOf, type ChatState, displayName, initialState, statusTextOf, unreadTotal } from '../../../src/store/state.js';

const ALICE = 'alice@example.org';
const BOB = 'bob@example.org';
const CAROL = 'carol@example.org';

function run(...actions: ChatAction[]): ChatState {
  return actions.reduce(reduce, initialState);
}

function contact(jid: string, name = '', extra: Partial<Contact> = {}): Contact {
  return { jid, name, subscription: 'both', pending: false, groups: [], ...extra };
}

function available(from: string, resource: string, availability: 'online' | 'away' | 'busy', priority = 0, status = ''): ChatAction {
  return { type: 'presence/received', presences: [{ kind: 'available', from, resource, availability, priority, status }] };
}

function presence(p: PresenceEvent): ChatAction {
  return { type: 'presence/received', presences: [p] };
}

let nextOrder = 1;
function chatMessage(peer: string, id: string, direction: 'in' | 'out' = 'in', extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id, peer, direction, from: direction === 'in' ? peer : ALICE, body: id, timestamp: 1, order: nextOrder++,
    state: direction === 'in' ? 'received' : 'sending', stanzaId: null, originId: null, ...extra,
  };
}

function message(peer: string, id: string, direction: 'in' | 'out' = 'in'): ChatAction {
  return { type: 'messages/added', messages: [chatMessage(peer, id, direction)], live: true };
}

describe('reducers', () => {
  it('never mutate the state they are given', () => {
    const before = run({ type: 'roster/loaded', ver: '1', contacts: [contact(BOB)] });
    const frozen = JSON.stringify(before);
    reduce(before, available(BOB, 'phone', 'away'));
    reduce(before, message(BOB, 'm1'));
    expect(JSON.stringify(before)).to.equal(frozen);
  });

  describe('connection', () => {
    it('goes connecting, bound, online, lost (reconnecting) and back online', () => {
      let s = run({ type: 'connection/connecting', jid: ALICE });
      expect(s.connection).to.deep.equal({ state: 'connecting', jid: ALICE, problem: null, reconnecting: false, bound: false, retryAt: null });
      s = reduce(s, { type: 'connection/bound', jid: `${ALICE}/web` });
      expect(s.connection).to.deep.equal({ state: 'connecting', jid: `${ALICE}/web`, problem: null, reconnecting: false, bound: true, retryAt: null });
      s = reduce(s, { type: 'connection/online', jid: `${ALICE}/web`, resumed: false });
      expect(s.connection.state).to.equal('online');
      s = reduce(s, { type: 'connection/lost', retryAt: 1234 });
      expect(s.connection).to.include({ state: 'connecting', reconnecting: true, retryAt: 1234 });
      s = reduce(s, { type: 'connection/online', jid: `${ALICE}/web`, resumed: true });
      expect(s.connection).to.include({ state: 'online', reconnecting: false, retryAt: null });
    });

    it('an unreachable server waits for its retry, keeping the reason through the next attempt', () => {
      const problem = { kind: 'unreachable' as const, condition: 'ECONNERROR' };
      let s = run({ type: 'connection/connecting', jid: ALICE }, { type: 'connection/waiting', problem, retryAt: 5000 });
      expect(s.connection).to.include({ state: 'connecting', problem, retryAt: 5000, reconnecting: false });
      s = reduce(s, { type: 'connection/connecting', jid: ALICE, retry: true });
      expect(s.connection).to.include({ state: 'connecting', problem, retryAt: null });
      s = reduce(s, { type: 'connection/connecting', jid: ALICE });
      expect(s.connection.problem).to.equal(null);
    });

    it('a fresh session forgets old presence; a resumed one keeps it (the server does not resend it)', () => {
      const s = run(available(BOB, 'phone', 'online'));
      expect(availabilityOf(reduce(s, { type: 'connection/online', jid: ALICE, resumed: true }), BOB)).to.equal('online');
      expect(availabilityOf(reduce(s, { type: 'connection/online', jid: ALICE, resumed: false }), BOB)).to.equal('offline');
    });

    it('a failure records the problem; sign-out returns to the initial state', () => {
      const problem = { kind: 'auth' as const, condition: 'not-authorized' };
      const s = run({ type: 'connection/connecting', jid: ALICE }, { type: 'connection/failed', problem });
      expect(s.connection).to.include({ state: 'error', problem, bound: false });
      expect(reduce(s, { type: 'connection/signed-out' })).to.deep.equal(initialState);
    });
  });

  describe('roster', () => {
    it('sorts contacts by display name, case-insensitively, falling back to the JID', () => {
      const s = run({
        type: 'roster/loaded',
        ver: 'v1',
        contacts: [contact('zed@x', 'bob'), contact('amy@x', ''), contact('carl@x', 'Carl')],
      });
      expect(s.roster.contacts.map(displayName)).to.deep.equal(['amy@x', 'bob', 'Carl']);
      expect(s.roster.ver).to.equal('v1');
    });

    it('applies pushes: add, update and remove, keeping the version', () => {
      let s = run({ type: 'roster/loaded', ver: 'v1', contacts: [contact(BOB, 'Bob')] });
      s = reduce(s, { type: 'roster/pushed', ver: 'v2', contact: contact(CAROL, 'Carol', { pending: true, subscription: 'none' }) });
      s = reduce(s, { type: 'roster/pushed', ver: null, contact: contact(BOB, 'Robert') });
      expect(s.roster.contacts.map((c) => c.name)).to.deep.equal(['Carol', 'Robert']);
      expect(s.roster.ver).to.equal('v2');
      s = reduce(s, { type: 'roster/pushed', ver: 'v3', contact: contact(CAROL, '', { subscription: 'remove' }) });
      expect(s.roster.contacts.map((c) => c.jid)).to.deep.equal([BOB]);
    });
  });

  describe('presence', () => {
    it('applies a batch in one action, in order, with one new map', () => {
      const batch: PresenceEvent[] = [];
      for (let i = 0; i < 1000; i++) batch.push({ kind: 'available', from: `c${i}@x`, resource: 'r', availability: 'online', status: '', priority: 0 });
      batch.push({ kind: 'unavailable', from: 'c5@x', resource: 'r', status: '' });
      batch.push({ kind: 'available', from: 'c7@x', resource: 'r', availability: 'busy', status: 'later', priority: 0 });
      batch.push({ kind: 'subscribe', from: CAROL, status: '' });
      const s = reduce(initialState, { type: 'presence/received', presences: batch });
      expect(Object.keys(s.presence)).to.have.length(999);
      expect(availabilityOf(s, 'c5@x')).to.equal('offline');
      expect(availabilityOf(s, 'c7@x')).to.equal('busy');
      expect(s.requests).to.deep.equal([CAROL]);
      expect(reduce(s, { type: 'presence/received', presences: [{ kind: 'unsubscribe', from: 'nobody@x' }] }).presence).to.equal(s.presence);
    });

    it('aggregates several resources to the most available one', () => {
      let s = run(available(BOB, 'desk', 'busy'), available(BOB, 'phone', 'away'));
      expect(availabilityOf(s, BOB)).to.equal('away');
      s = reduce(s, available(BOB, 'laptop', 'online', -1, 'here'));
      expect(availabilityOf(s, BOB)).to.equal('online');
      expect(statusTextOf(s, BOB)).to.equal('here');
      s = reduce(s, presence({ kind: 'unavailable', from: BOB, resource: 'laptop', status: '' }));
      expect(availabilityOf(s, BOB)).to.equal('away');
      s = reduce(s, presence({ kind: 'unavailable', from: BOB, resource: '', status: '' }));
      expect(availabilityOf(s, BOB)).to.equal('offline');
      expect(s.presence).to.deep.equal({});
    });

    it('breaks ties between equally available resources by priority', () => {
      const s = run(available(BOB, 'a', 'online', 1, 'low'), available(BOB, 'b', 'online', 5, 'high'));
      expect(statusTextOf(s, BOB)).to.equal('high');
    });

    it('queues subscription requests once each, and drops them when withdrawn', () => {
      let s = run(
        presence({ kind: 'subscribe', from: BOB, status: '' }),
        presence({ kind: 'subscribe', from: CAROL, status: '' }),
        presence({ kind: 'subscribe', from: BOB, status: '' }),
      );
      expect(s.requests).to.deep.equal([BOB, CAROL]);
      s = reduce(s, presence({ kind: 'unsubscribe', from: BOB }));
      expect(s.requests).to.deep.equal([CAROL]);
      s = reduce(s, { type: 'request/resolved', jid: CAROL });
      expect(s.requests).to.deep.equal([]);
    });

    it('forgets presence when the contact stops sharing it', () => {
      const s = run(available(BOB, 'x', 'online'), presence({ kind: 'unsubscribed', from: BOB }));
      expect(availabilityOf(s, BOB)).to.equal('offline');
    });
  });

  describe('messages and conversations', () => {
    it('an incoming message opens its conversation when none is open', () => {
      const s = run(message(BOB, 'm1'));
      expect(s.activeChat).to.equal(BOB);
      expect(s.conversations[BOB].unread).to.equal(0);
    });

    it('otherwise raises that conversation\'s unread count, and opening it clears it', () => {
      let s = run(message(BOB, 'm1'), message(CAROL, 'c1'), message(CAROL, 'c2'));
      expect(s.activeChat).to.equal(BOB);
      expect(s.conversations[CAROL].unread).to.equal(2);
      expect(unreadTotal(s)).to.equal(2);
      s = reduce(s, { type: 'chat/opened', jid: CAROL });
      expect(s.conversations[CAROL].unread).to.equal(0);
      expect(s.activeChat).to.equal(CAROL);
    });

    it('while nobody looks (hidden page, closed panel) even the open conversation counts unread, until someone looks', () => {
      let s = run({ type: 'view/looking', looking: false }, message(BOB, 'm1'));
      expect(s.activeChat, 'it opens, to be seen when someone looks').to.equal(BOB);
      expect(s.conversations[BOB].unread).to.equal(1);
      s = run({ type: 'chat/opened', jid: BOB }, { type: 'view/looking', looking: false }, message(BOB, 'm1'), message(BOB, 'm2'));
      expect(s.conversations[BOB].unread).to.equal(2);
      expect(reduce(s, { type: 'connection/signed-out' }).looking, 'signing out hides nothing').to.equal(false);
      s = reduce(s, { type: 'view/looking', looking: true });
      expect(s.conversations[BOB].unread).to.equal(0);
      expect(s.activeChat).to.equal(BOB);
    });

    it('our own messages never count as unread and never open a conversation', () => {
      const s = run(message(BOB, 'out1', 'out'));
      expect(s.activeChat).to.equal(null);
      expect(s.conversations[BOB].unread).to.equal(0);
    });

    it('keeps arrival order and shows a message delivered twice once', () => {
      const s = run(message(BOB, 'm1'), message(BOB, 'm2'), message(BOB, 'm1'));
      expect(s.conversations[BOB].messages.map((m) => m.id)).to.deep.equal(['m1', 'm2']);
    });

    it('keeps messages without an id, which cannot be told apart', () => {
      const s = run(message(BOB, ''), message(BOB, ''));
      expect(s.conversations[BOB].messages).to.have.length(2);
    });

    it('dedupes by archive id, then origin-id, and learns the archive id of a message it knew', () => {
      const live = chatMessage(BOB, 'm1', 'in', { originId: 'o1' });
      const archived = { ...live, order: 99, stanzaId: 'archive-1' };
      let s = run({ type: 'messages/added', messages: [live], live: true }, { type: 'messages/added', messages: [archived], live: true });
      expect(s.conversations[BOB].messages).to.have.length(1);
      expect(s.conversations[BOB].messages[0].stanzaId).to.equal('archive-1');
      const other = chatMessage(BOB, 'm1', 'in', { stanzaId: 'archive-2', originId: 'o2' });
      s = reduce(s, { type: 'messages/added', messages: [other], live: true });
      expect(s.conversations[BOB].messages).to.have.length(2);
    });

    it('places messages by order, not by arrival or timestamp', () => {
      const late = chatMessage(BOB, 'late', 'in', { order: 10, timestamp: 1 });
      const early = chatMessage(BOB, 'early', 'in', { order: 5, timestamp: 999 });
      const s = run({ type: 'messages/added', messages: [late, early], live: false });
      expect(s.conversations[BOB].messages.map((m) => m.id)).to.deep.equal(['early', 'late']);
    });

    it('prepends older pages and remembers when the archive is exhausted', () => {
      let s = run(message(BOB, 'new'));
      const older = [chatMessage(BOB, 'o1', 'in', { order: -2 }), chatMessage(BOB, 'o2', 'in', { order: -1 })];
      s = reduce(s, { type: 'messages/loading', peer: BOB });
      expect(s.conversations[BOB].loadingOlder).to.equal(true);
      s = reduce(s, { type: 'messages/older', peer: BOB, messages: older, complete: true });
      expect(s.conversations[BOB].messages.map((m) => m.id)).to.deep.equal(['o1', 'o2', 'new']);
      expect(s.conversations[BOB]).to.include({ historyComplete: true, loadingOlder: false, unread: 0 });
    });

    it('merges a page among held messages by order: ties after what is held, a twin in the page once, its archive id learnt', () => {
      const held = [1, 3, 5].map((order) => chatMessage(BOB, `h${order}`, 'in', { order }));
      let s = run({ type: 'messages/added', messages: held, live: false });
      const page = [
        chatMessage(BOB, 'p4', 'in', { order: 4 }),
        chatMessage(BOB, 'p3', 'in', { order: 3 }),
        chatMessage(BOB, 'p0', 'in', { order: 0 }),
        chatMessage(BOB, 'p4', 'in', { order: 4, stanzaId: 'S4' }),
        chatMessage(BOB, 'h5', 'in', { order: 5, stanzaId: 'S5' }),
        chatMessage(BOB, 'p9', 'in', { order: 9 }),
      ];
      s = reduce(s, { type: 'messages/older', peer: BOB, messages: page, complete: false });
      const shown = s.conversations[BOB].messages;
      expect(shown.map((m) => m.id)).to.deep.equal(['p0', 'h1', 'h3', 'p3', 'p4', 'h5', 'p9']);
      expect(shown.map((m) => m.stanzaId)).to.deep.equal([null, null, null, null, 'S4', 'S5', null]);
    });

    it('updates a message\'s delivery state in place', () => {
      const out = chatMessage(BOB, 'x', 'out', { originId: 'x' });
      let s = run({ type: 'messages/added', messages: [out], live: false });
      s = reduce(s, { type: 'message/updated', message: out, patch: { state: 'delivered' } });
      expect(s.conversations[BOB].messages[0].state).to.equal('delivered');
    });

    it('restores history from this device before the network answers', () => {
      const page = [chatMessage(BOB, 'h1'), chatMessage(BOB, 'h2')];
      const s = run({
        type: 'history/restored',
        history: {
          roster: { ver: '7', contacts: [contact(BOB, 'Bob')] },
          conversations: [{ peer: BOB, unread: 2, historyComplete: false }, { peer: CAROL, unread: 1, historyComplete: true }],
          activeChat: BOB,
          pages: { [BOB]: page },
          presence: { [BOB]: { phone: { availability: 'away', status: '', priority: 0 } } },
        },
      });
      expect(s.roster.ver).to.equal('7');
      expect(s.activeChat).to.equal(BOB);
      expect(s.conversations[BOB].messages.map((m) => m.id)).to.deep.equal(['h1', 'h2']);
      expect(s.conversations[CAROL].unread).to.equal(1);
      expect(availabilityOf(s, BOB)).to.equal('away');
    });
  });

  it('records the own presence chosen', () => {
    const s = run({ type: 'own/presence', show: 'busy', status: 'In a meeting' });
    expect(s.own).to.deep.equal({ show: 'busy', status: 'In a meeting' });
  });

  describe('memory, in a busy conversation', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => chatMessage(BOB, `busy-${i}`));
    const add = (state: ChatState, messages: ChatMessage[]) => reduce(state, { type: 'messages/added', messages, live: true });

    it('keeps the newest 500 once a conversation passes 1,000 messages, and says older ones can be loaded again', () => {
      let s = run({ type: 'chat/opened', jid: CAROL });
      s = add(s, many(1000));
      expect(s.conversations[BOB].messages).to.have.length(1000);
      s = add(s, [chatMessage(BOB, 'one more')]);
      const kept = s.conversations[BOB].messages;
      expect(kept).to.have.length(500);
      expect(kept.map((m) => m.id)).to.deep.equal([...Array.from({ length: 499 }, (_, i) => `busy-${i + 501}`), 'one more']);
      expect(s.conversations[BOB].historyComplete).to.equal(false);
      expect(s.conversations[BOB].unread).to.equal(1001);
    });

    it('keeps everything while the reader is back among older messages, or when this device keeps nothing', () => {
      let reading = run({ type: 'chat/opened', jid: BOB }, { type: 'view/following', following: false });
      reading = add(reading, many(1001));
      expect(reading.conversations[BOB].messages).to.have.length(1001);
      let broken = run({ type: 'storage/problem', problem: 'unavailable' });
      broken = add(broken, many(1001));
      expect(broken.conversations[BOB].messages).to.have.length(1001);
    });
  });
});
