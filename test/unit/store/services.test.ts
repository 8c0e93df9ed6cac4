// The store's services, each driven through a core with a fake session: no server, no socket.
import { expect } from '@open-wc/testing';
import type { Contact } from '../../../src/model/types.js';
import { storeCore } from '../../../src/store/chat-store.js';
import type { StoreCore } from '../../../src/store/core.js';
import { FakeSession } from '../../helpers/fake-session.js';
import { stanza } from '../xmpp/parse-xml.js';

const ME = 'me@example.org';
const BOB = 'bob@example.org';

function signedIn(contacts: Contact[] = []): { core: StoreCore; session: FakeSession } {
  const core = storeCore();
  const session = new FakeSession();
  core.account = ME;
  core.session = session.asSession();
  core.dispatch({ type: 'connection/online', jid: ME, resumed: false });
  if (contacts.length > 0) core.dispatch({ type: 'roster/loaded', ver: '1', contacts });
  return { core, session };
}

const bob = (subscription: Contact['subscription']): Contact => ({ jid: BOB, name: 'Bob', subscription, pending: false, groups: [] });
const shown = (core: StoreCore, peer = BOB) => (core.state.conversations[peer]?.messages ?? []).map((m) => `${m.body}:${m.state}`);
const nextTick = () => new Promise((resolve) => setTimeout(resolve, 0));

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check(), what).to.equal(true);
}

describe('store services (fake session)', () => {
  describe('outbox', () => {
    it('holds what is written before the catch-up, sends it in order after, and sends new ones at once, each once', async () => {
      const { core, session } = signedIn();
      await core.outbox.write(BOB, 'one');
      await core.outbox.write(BOB, 'two');
      expect(session.bodies(), 'nothing leaves before the flush').to.deep.equal([]);
      expect(shown(core)).to.deep.equal(['one:sending', 'two:sending']);
      await core.outbox.flush(session.asSession(), new Set());
      expect(session.bodies()).to.deep.equal(['one', 'two']);
      await core.outbox.write(BOB, 'three');
      await core.outbox.flush(session.asSession(), new Set());
      expect(session.bodies(), 'a message in flight is not sent again').to.deep.equal(['one', 'two', 'three']);
      const [first] = session.sent;
      expect(first.getChild('origin-id', 'urn:xmpp:sid:0')?.attrs.id).to.equal(first.attrs.id);
    });

    it('leaves the outbox on the server\'s ack, and resends the unacked after a drop with the same id', async () => {
      const { core, session } = signedIn();
      await core.outbox.flush(session.asSession(), new Set());
      await core.outbox.write(BOB, 'acked');
      await core.outbox.write(BOB, 'lost');
      await core.outbox.acked(session.sent[0]);
      expect(shown(core)).to.deep.equal(['acked:sent', 'lost:sending']);
      expect(core.outbox.busy).to.equal(true);
      const lostId = session.sent[1].attrs.id;
      core.outbox.pause();
      await core.outbox.flush(session.asSession(), new Set());
      expect(session.bodies()).to.deep.equal(['acked', 'lost', 'lost']);
      expect(session.sent[2].attrs.id).to.equal(lostId);
      await core.outbox.acked(session.sent[2]);
      expect(core.outbox.busy).to.equal(false);
    });

    it('keeps a send the stream refused for the next flush, and sends it once then', async () => {
      const { core, session } = signedIn();
      await core.outbox.flush(session.asSession(), new Set());
      session.dropped = true;
      await core.outbox.write(BOB, 'refused');
      await nextTick();
      expect(session.bodies()).to.deep.equal([]);
      session.dropped = false;
      await core.outbox.flush(session.asSession(), new Set());
      await core.outbox.flush(session.asSession(), new Set());
      expect(session.bodies()).to.deep.equal(['refused']);
      expect(shown(core)).to.deep.equal(['refused:sending']);
    });

    it('carries what features attach to a message to their outbound hooks, from the outbox', async () => {
      const { core, session } = signedIn();
      const handed: unknown[] = [];
      const extend = core.inbound.extend.bind(core.inbound);
      core.inbound.extend = (current, hook, stanza, payloads) => (hook === 'outbound' && handed.push(payloads), extend(current, hook, stanza, payloads));
      const reply = { reply: { to: 'm0' } };
      await core.outbox.write(BOB, 'with a payload', reply);
      expect(core.state.conversations[BOB].messages[0].payloads).to.deep.equal(reply);
      await core.outbox.flush(session.asSession(), new Set());
      expect(handed).to.deep.equal([reply]);
    });

    it('does not resend what the archive shows arrived: it is marked sent', async () => {
      const { core, session } = signedIn();
      await core.outbox.write(BOB, 'already there');
      const id = core.state.conversations[BOB].messages[0].originId!;
      await core.outbox.flush(session.asSession(), new Set([id]));
      expect(session.bodies()).to.deep.equal([]);
      expect(shown(core)).to.deep.equal(['already there:sent']);
      expect(core.outbox.busy).to.equal(false);
    });

    it('refuses a body over the limit and ignores an empty one; a stranger cannot mark ours delivered', async () => {
      const { core, session } = signedIn();
      expect(await core.outbox.write(BOB, 'x'.repeat(64 * 1024 + 1))).to.equal('too-long');
      expect(await core.outbox.write(BOB, '   ')).to.equal(null);
      expect(shown(core)).to.deep.equal([]);
      await core.outbox.flush(session.asSession(), new Set());
      await core.outbox.write(BOB, 'mine');
      const id = session.sent[0].attrs.id as string;
      await core.outbox.mark(id, { state: 'delivered' }, 'mallory@example.org');
      expect(shown(core)).to.deep.equal(['mine:sending']);
      await core.outbox.mark(id, { state: 'delivered' }, BOB);
      expect(shown(core)).to.deep.equal(['mine:delivered']);
      await core.outbox.mark(id, { state: 'sent' });
      expect(shown(core), 'never backwards').to.deep.equal(['mine:delivered']);
    });
  });

  describe('inbound routing', () => {
    const chat = (body: string, id: string, extra = '', from = `${BOB}/phone`) =>
      stanza(`<message xmlns="jabber:client" from="${from}" to="${ME}/web" type="chat" id="${id}"><body>${body}</body>${extra}</message>`);

    it('holds live messages during a catch-up and lets them through in order after it', async () => {
      const { core, session } = signedIn();
      core.inbound.hold();
      core.inbound.received(session.asSession(), chat('first', 'a'));
      core.inbound.received(session.asSession(), chat('second', 'b'));
      await nextTick();
      expect(shown(core)).to.deep.equal([]);
      core.inbound.release();
      await until(() => shown(core).length === 2, 'both shown');
      expect(shown(core)).to.deep.equal(['first:received', 'second:received']);
    });

    it('keeps messages in order while the feature chunk the first one needs loads, and the feature answers it', async () => {
      const { core, session } = signedIn([bob('both')]);
      core.inbound.received(session.asSession(), chat('asks for a receipt', 'r1', '<request xmlns="urn:xmpp:receipts"/>'));
      core.inbound.received(session.asSession(), chat('asks for nothing', 'p1'));
      await until(() => shown(core).length === 2, 'both shown');
      expect(shown(core)).to.deep.equal(['asks for a receipt:received', 'asks for nothing:received']);
      const receipt = session.sent.find((s) => s.getChild('received', 'urn:xmpp:receipts'));
      expect(receipt?.attrs.to).to.equal(`${BOB}/phone`);
      expect(receipt?.getChild('received')?.attrs.id).to.equal('r1');
    });

    it('shows no body-less message and nothing from our own account; an error from the peer fails our message', async () => {
      const { core, session } = signedIn();
      await core.outbox.flush(session.asSession(), new Set());
      await core.outbox.write(BOB, 'will bounce');
      const id = session.sent[0].attrs.id as string;
      core.inbound.received(session.asSession(), stanza(`<message xmlns="jabber:client" from="${BOB}/phone" to="${ME}" type="chat"><gone xmlns="urn:example"/></message>`));
      core.inbound.received(session.asSession(), chat('from myself', 'm1', '', `${ME}/phone`));
      core.inbound.received(session.asSession(), stanza(`<message xmlns="jabber:client" from="mallory@example.org" type="error" id="${id}"><error type="cancel"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></message>`));
      await nextTick();
      expect(shown(core)).to.deep.equal(['will bounce:sending']);
      expect(core.state.conversations[ME]).to.equal(undefined);
      core.inbound.received(session.asSession(), stanza(`<message xmlns="jabber:client" from="${BOB}" type="error" id="${id}"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></message>`));
      await until(() => shown(core)[0] === 'will bounce:failed', 'marked failed');
      expect(core.state.conversations[BOB].messages[0].error).to.equal('service-unavailable');
    });

    it('trusts stanza-ids only when our own archive says it stamps them', async () => {
      const withId = (body: string, id: string) =>
        chat(body, id, `<stanza-id xmlns="urn:xmpp:sid:0" by="${ME}" id="S-${id}"/>`);
      const { core, session } = signedIn();
      session.answer = () => new Error('no disco');
      await core.inbound.discover(session.asSession());
      core.inbound.received(session.asSession(), withId('untrusted', 'u'));
      session.answer = () =>
        stanza(`<iq xmlns="jabber:client" type="result"><query xmlns="http://jabber.org/protocol/disco#info"><feature var="urn:xmpp:mam:2"/><feature var="urn:xmpp:sid:0"/></query></iq>`);
      await core.inbound.discover(session.asSession());
      core.inbound.received(session.asSession(), withId('trusted', 't'));
      await until(() => shown(core).length === 2, 'both shown');
      expect(core.state.conversations[BOB].messages.map((m) => m.stanzaId)).to.deep.equal([null, 'S-t']);
    });
  });

  describe('catch-up', () => {
    const during = (extra = '') =>
      `<message xmlns="jabber:client" from="${BOB}/phone" to="${ME}/web" type="chat" id="m1"><body>during</body><origin-id xmlns="urn:xmpp:sid:0" id="o1"/>${extra}</message>`;

    /** The archive holds the one message, as its result for whatever query comes (archived at `stamp`). */
    function archiveHolding(session: FakeSession, stamp = '2026-01-01T00:00:00Z') {
      session.archive = (query) => {
        const queryId = query.getChild('query', 'urn:xmpp:mam:2')!.attrs.queryid as string;
        return {
          results: [
            stanza(`<message xmlns="jabber:client" to="${ME}/web"><result xmlns="urn:xmpp:mam:2" queryid="${queryId}" id="A1"><forwarded xmlns="urn:xmpp:forward:0">`
              + `<delay xmlns="urn:xmpp:delay" stamp="${stamp}"/>${during()}</forwarded></result></message>`),
          ],
          reply: stanza('<iq xmlns="jabber:client" type="result"><fin xmlns="urn:xmpp:mam:2" complete="true"><set xmlns="http://jabber.org/protocol/rsm"><first>A1</first><last>A1</last></set></fin></iq>'),
        };
      };
    }

    it('a message that arrives while a first visit catches up is news: the page is told, once, and it counts as unread', async () => {
      const { core, session } = signedIn();
      core.dispatch({ type: 'chat/opened', jid: 'carol@example.org' });
      const told: string[] = [];
      core.listeners.add((event) => event.type === 'message-receive' && told.push(event.message.body));
      archiveHolding(session);
      core.inbound.hold();
      core.inbound.received(session.asSession(), stanza(during()));
      await core.history.catchUp(session.asSession(), import('../../../src/store/archive.js'));
      core.inbound.release();
      await until(() => told.length === 1, 'the page told');
      await nextTick();
      expect(told).to.deep.equal(['during']);
      expect(shown(core)).to.deep.equal(['during:received']);
      expect(core.state.conversations[BOB].unread).to.equal(1);
    });

    it('a message the archive got as we signed in is news, though its live copy comes after the catch-up', async () => {
      const { core, session } = signedIn();
      core.dispatch({ type: 'chat/opened', jid: 'carol@example.org' });
      const told: string[] = [];
      core.listeners.add((event) => event.type === 'message-receive' && told.push(event.message.body));
      archiveHolding(session, new Date(Date.now() - 2_000).toISOString());
      core.inbound.hold();
      await core.history.catchUp(session.asSession(), import('../../../src/store/archive.js'));
      core.inbound.release();
      core.inbound.received(session.asSession(), stanza(during()));
      await until(() => told.length === 1, 'the page told');
      await nextTick();
      expect(shown(core)).to.deep.equal(['during:received']);
      expect(core.state.conversations[BOB].unread).to.equal(1);
    });

    it('what the archive holds from before is history: no news, no unread', async () => {
      const { core, session } = signedIn();
      const told: string[] = [];
      core.listeners.add((event) => event.type === 'message-receive' && told.push(event.message.body));
      archiveHolding(session);
      core.inbound.hold();
      await core.history.catchUp(session.asSession(), import('../../../src/store/archive.js'));
      core.inbound.release();
      await until(() => shown(core).length === 1, 'the archived message shown');
      expect(told).to.deep.equal([]);
      expect(core.state.conversations[BOB].unread).to.equal(0);
      expect(core.state.conversations[BOB].messages[0].stanzaId).to.equal('A1');
    });
  });

  describe('roster and presence', () => {
    const available = (resource: string) => stanza(`<presence xmlns="jabber:client" from="${BOB}/${resource}" to="${ME}"/>`);

    it('applies a storm of presence in one change', async () => {
      const { core, session } = signedIn([bob('both')]);
      let changes = 0;
      core.subscribers.add(() => changes++);
      for (const resource of ['a', 'b', 'c']) core.inbound.received(session.asSession(), available(resource));
      await until(() => Object.keys(core.state.presence[BOB] ?? {}).length === 3, 'three resources');
      expect(changes).to.equal(1);
    });

    it('answers a request from someone we asked first, and asks the user about anyone else', async () => {
      const asked: Contact = { ...bob('none'), pending: true };
      const { core, session } = signedIn([asked]);
      core.inbound.received(session.asSession(), stanza(`<presence xmlns="jabber:client" from="${BOB}" type="subscribe"/>`));
      core.inbound.received(session.asSession(), stanza('<presence xmlns="jabber:client" from="carol@example.org" type="subscribe"/>'));
      await until(() => core.state.requests.length === 1, 'one request');
      expect(core.state.requests).to.deep.equal(['carol@example.org']);
      expect(session.sent.map((s) => `${s.attrs.type} ${s.attrs.to}`)).to.deep.equal([`subscribed ${BOB}`]);
    });

    it('fetches the roster with its version and applies pushes to our account only', async () => {
      const { core, session } = signedIn();
      session.answer = () =>
        stanza(`<iq xmlns="jabber:client" type="result"><query xmlns="jabber:iq:roster" ver="v2"><item jid="${BOB}" subscription="both" name="Bob"/></query></iq>`);
      await core.roster.fetch(session.asSession());
      expect(core.state.roster.ver).to.equal('v2');
      expect(core.state.roster.contacts.map((c) => c.jid)).to.deep.equal([BOB]);
      core.roster.listen(session.asSession(), ME, (work) => work());
      const push = session.iqHandlers.get('set jabber:iq:roster query')!;
      const carol = (from: string) =>
        stanza(`<iq xmlns="jabber:client" type="set" id="p1"${from}><query xmlns="jabber:iq:roster" ver="v3"><item jid="carol@example.org" subscription="none"/></query></iq>`);
      expect(push(carol(' from="mallory@example.org"'))).to.equal(false);
      expect(push(carol(''))).to.equal(true);
      expect(core.state.roster.contacts.map((c) => c.jid)).to.have.members([BOB, 'carol@example.org']);
      expect(core.state.roster.ver).to.equal('v3');
    });
  });
});
