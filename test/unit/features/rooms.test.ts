import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import { parseInvite, parseOccupantPresence, type OccupantPresence } from '../../../src/features/rooms/protocol.js';
import { renderNotes } from '../../../src/features/rooms/rooms.js';
import { applyPresences, mentions, service, type Room, type RoomEvent, type RoomsSlice } from '../../../src/features/rooms/service.js';
import type { FeatureContext } from '../../../src/store/features.js';
import { initialState } from '../../../src/store/state.js';
import { fakeContext } from '../../helpers/feature-context.js';
import { stanza } from '../xmpp/parse-xml.js';

const ROOM = 'room@conference.example.org';

function joined(): Room {
  return { jid: ROOM, nick: 'me', status: 'joined', problem: null, reason: '', subject: '', occupants: {}, role: 'participant', affiliation: 'none', archived: false, trustIds: false };
}

const occupant = (nick: string) =>
  stanza(`<presence xmlns="jabber:client" from="${ROOM}/${nick}"><x xmlns="http://jabber.org/protocol/muc#user"><item affiliation="none" role="participant"/></x></presence>`);

describe('rooms service', () => {
  it('applies a frame of occupant presences as one change, though every stanza comes with a context of its own', async () => {
    const fake = fakeContext('me@example.org');
    let slice: RoomsSlice = { [ROOM]: joined() };
    let updates = 0;
    // As the store's inbound router does: a fresh context object for each stanza, on one store.
    const contextFor = (): FeatureContext => ({
      ...fake.context,
      state: { ...initialState, connection: { ...initialState.connection, jid: 'me@example.org/web' }, features: { rooms: slice } },
      updateSlice: (update) => ((slice = update(slice) as RoomsSlice), updates++),
    });
    for (const nick of ['ann', 'bob', 'cat', 'dan']) expect(service.inbound!(occupant(nick), contextFor())).to.equal(true);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(updates).to.equal(1);
    expect(Object.keys(slice[ROOM].occupants).sort()).to.deep.equal(['ann', 'bob', 'cat', 'dan']);
  });
});

describe('rooms: comings and goings, mentions', () => {
  const presence = (nick: string, attrs = '', children = '') =>
    stanza(`<presence xmlns="jabber:client" from="${ROOM}/${nick}" ${attrs}><x xmlns="http://jabber.org/protocol/muc#user"><item affiliation="none" role="participant"/>${children}</x></presence>`);
  const parsed = (el: ReturnType<typeof stanza>) => parseOccupantPresence(el) as OccupantPresence;

  it('notes who came and went once we are in, not the list the room sends as we join', () => {
    const joining: RoomsSlice = { [ROOM]: { ...joined(), status: 'joining' } };
    const order = () => 7;
    const afterJoin = applyPresences(joining, [parsed(presence('ann')), parsed(presence('me', '', '<status code="110"/>'))], order);
    expect(afterJoin[ROOM].events ?? []).to.deep.equal([]);
    const later = applyPresences(
      afterJoin,
      [
        parsed(presence('bob')),
        parsed(presence('ann', 'type="unavailable"')),
        parsed(presence('bob', 'type="unavailable"')),
      ],
      order,
      1000,
    );
    expect(later[ROOM].events!.map((e) => [e.kind, e.nick, e.after])).to.deep.equal([
      ['joined', 'bob', 7],
      ['left', 'ann', 7],
      ['left', 'bob', 7],
    ]);
  });

  it('tells a rename once, not as a leave and a join', () => {
    const room: RoomsSlice = { [ROOM]: { ...joined(), occupants: { bob: { nick: 'bob', role: 'participant', affiliation: 'none', jid: null, show: 'online' } } } };
    const rename = stanza(
      `<presence xmlns="jabber:client" from="${ROOM}/bob" type="unavailable"><x xmlns="http://jabber.org/protocol/muc#user"><item affiliation="none" role="participant" nick="bobby"/><status code="303"/></x></presence>`,
    );
    const next = applyPresences(room, [parsed(rename), parsed(presence('bobby'))], () => 3);
    expect(next[ROOM].events!.map((e) => [e.kind, e.nick, e.newNick])).to.deep.equal([['renamed', 'bob', 'bobby']]);
    expect(Object.keys(next[ROOM].occupants)).to.deep.equal(['bobby']);
  });

  it('folds joins and leaves into one line; removals have their own', () => {
    const event = (kind: RoomEvent['kind'], nick: string, after = 1): RoomEvent => ({ kind, nick, after, at: 0 });
    const text = (notes: RoomEvent[], after = 1) => {
      const host = document.createElement('div');
      render(html`${renderNotes(notes, after)}`, host);
      return [...host.querySelectorAll('.note')].map((p) => p.textContent);
    };
    expect(text(['ann', 'bob', 'cat', 'dan', 'eve'].map((n) => event('joined', n)))).to.deep.equal(['ann, bob, and 3 others joined']);
    expect(text([event('joined', 'ann'), event('joined', 'bob'), event('left', 'cat')])).to.deep.equal(['ann and bob joined · cat left']);
    // Came and went within the fold: told once, as now (gone).
    expect(text([event('joined', 'ann'), event('left', 'ann'), event('joined', 'bob')])).to.deep.equal(['bob joined']);
    expect(text([event('joined', 'ann'), { ...event('kicked', 'bob'), reason: 'spam' }, event('left', 'cat')])).to.deep.equal([
      'ann joined',
      'bob was removed from the room (spam)',
      'cat left',
    ]);
    expect(text([event('joined', 'ann', 2)])).to.deep.equal([]);
  });

  it('finds our nick as a word of its own, in any case', () => {
    expect(mentions('Ann: look', 'ann')).to.equal(true);
    expect(mentions('thanks @Ann!', 'ann')).to.equal(true);
    expect(mentions('the annual report', 'ann')).to.equal(false);
    expect(mentions('ping a.b', 'a.b')).to.equal(true);
    expect(mentions('ping axb', 'a.b')).to.equal(false);
    expect(mentions('Привет, Аня', 'аня')).to.equal(true);
  });
});

describe('rooms: invitations', () => {
  it('reads a direct invitation (XEP-0249) and a room\'s mediated one (XEP-0045), and nothing else', () => {
    const direct = stanza(`<message xmlns="jabber:client" from="ann@example.org/phone"><x xmlns="jabber:x:conference" jid="${ROOM}" reason="Come" password="pw"/></message>`);
    expect(parseInvite(direct)).to.deep.equal({ room: ROOM, from: 'ann@example.org', reason: 'Come', password: 'pw', mediated: false });
    const mediated = stanza(
      `<message xmlns="jabber:client" from="${ROOM}"><x xmlns="http://jabber.org/protocol/muc#user"><invite from="ann@example.org/phone"><reason>Hi</reason></invite><password>pw</password></x></message>`,
    );
    expect(parseInvite(mediated)).to.deep.equal({ room: ROOM, from: 'ann@example.org', reason: 'Hi', password: 'pw', mediated: true });
    expect(parseInvite(stanza(`<message xmlns="jabber:client" from="ann@example.org"><x xmlns="jabber:x:conference" jid="example.org"/></message>`))).to.equal(null);
    expect(parseInvite(stanza(`<message xmlns="jabber:client" from="${ROOM}/ann" type="groupchat"><x xmlns="jabber:x:conference" jid="${ROOM}"/></message>`))).to.equal(null);
    expect(parseInvite(stanza(`<message xmlns="jabber:client" from="ann@example.org"><body>hi</body></message>`))).to.equal(null);
  });

  it('keeps an invitation without words in the conversation with whom sent it, with the room as its body', () => {
    const fake = fakeContext('me@example.org');
    const invite = stanza(`<message xmlns="jabber:client" from="ann@example.org/phone" id="i1"><x xmlns="jabber:x:conference" jid="${ROOM}"/></message>`);
    expect(service.inbound!(invite, fake.context)).to.equal(true);
    expect(fake.kept).to.have.length(1);
    expect(fake.kept[0].peer).to.equal('ann@example.org');
    expect(fake.kept[0].message.getChildText('body')).to.equal(ROOM);
    expect(service.message!(fake.kept[0], fake.context)).to.deep.equal({ invite: { room: ROOM, from: 'ann@example.org', reason: '', password: '', mediated: false } });
  });
});

describe('rooms: self-ping (XEP-0410)', () => {
  /** A context whose room is joined, answering the self-ping with `condition` (or a result). */
  function pinged(condition: string | null) {
    const fake = fakeContext('me@example.org/web', {
      answer: (iq) => {
        if (!iq.getChild('ping', 'urn:xmpp:ping')) throw new Error('no disco here');
        if (condition) throw Object.assign(new Error(condition), { condition });
        return stanza('<iq xmlns="jabber:client" type="result"/>');
      },
    });
    let slice: RoomsSlice = { [ROOM]: joined() };
    const context: FeatureContext = {
      ...fake.context,
      get state() {
        return { ...initialState, connection: { ...initialState.connection, state: 'online' as const, jid: 'me@example.org/web' }, features: { rooms: slice } };
      },
      updateSlice: (update) => (slice = update(slice) as RoomsSlice),
    };
    return { ...fake, context };
  }

  for (const [condition, verdict] of [
    [null, 'in'],
    ['service-unavailable', 'in'],
    ['not-acceptable', 'out'],
    ['remote-server-timeout', 'unknown'],
  ] as const) {
    it(`${condition ?? 'a result'}: ${verdict}${verdict === 'out' ? ', and the room is joined again' : ''}`, async () => {
      const fake = pinged(condition);
      expect(await service.act!({ type: 'check', room: ROOM }, fake.context)).to.equal(verdict);
      expect(fake.asked[0].attrs.to).to.equal(`${ROOM}/me`);
      await new Promise((resolve) => setTimeout(resolve, 0));
      const joins = fake.sent.filter((s) => s.is('presence') && s.attrs.to === `${ROOM}/me`);
      expect(joins).to.have.length(verdict === 'out' ? 1 : 0);
    });
  }
});
