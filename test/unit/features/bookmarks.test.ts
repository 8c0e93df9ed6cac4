import { expect } from '@open-wc/testing';
import { service, type BookmarksSlice } from '../../../src/features/bookmarks/service.js';
import { buildLegacyStore, buildPublish, parseEvent, parseFetched, parseLegacy } from '../../../src/features/bookmarks/protocol.js';
import type { FeatureContext } from '../../../src/store/features.js';
import { initialState } from '../../../src/store/state.js';
import type { Stanza } from '../../../src/xmpp/session.js';
import { fakeContext } from '../../helpers/feature-context.js';
import { stanza } from '../xmpp/parse-xml.js';

const ME = 'me@example.org';
const ROOM = 'tea@conference.example.org';

const fetched = (items: string) =>
  stanza(`<iq xmlns="jabber:client" type="result"><pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="urn:xmpp:bookmarks:1">${items}</items></pubsub></iq>`);
const item = (room: string, attrs: string, children = '') => `<item id="${room}"><conference xmlns="urn:xmpp:bookmarks:1" ${attrs}>${children}</conference></item>`;
const disco = (features: string[]) =>
  stanza(`<iq xmlns="jabber:client" type="result"><query xmlns="http://jabber.org/protocol/disco#info">${features.map((f) => `<feature var="${f}"/>`).join('')}</query></iq>`);
const legacy = (conferences: string) =>
  stanza(`<iq xmlns="jabber:client" type="result"><query xmlns="jabber:iq:private"><storage xmlns="storage:bookmarks">${conferences}</storage></query></iq>`);

/** A context whose state shows the slice it holds, answering requests with `answer`. */
function bookmarksContext(answer: (iq: Stanza) => Stanza) {
  const fake = fakeContext(ME, { answer });
  let slice: BookmarksSlice | undefined;
  const context: FeatureContext = {
    ...fake.context,
    get state() {
      return { ...initialState, features: { bookmarks: slice } };
    },
    updateSlice: (update) => (slice = update(slice) as BookmarksSlice),
  };
  return { ...fake, context, slice: () => slice };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('bookmarks (XEP-0402, XEP-0048)', () => {
  it('reads PEP bookmarks, leaving out what is not a room', () => {
    const list = parseFetched(fetched(item(ROOM, 'name="Tea" autojoin="true"', '<nick>Me</nick><password>pw</password>') + item('not a jid', 'autojoin="true"') + item('example.org', '')));
    expect(list).to.deep.equal([{ jid: ROOM, name: 'Tea', autojoin: true, nick: 'Me', password: 'pw' }]);
  });

  it('publishes one bookmark into a node only we can read, keeping every item', () => {
    const xml = buildPublish({ jid: ROOM, name: 'Tea', autojoin: true, nick: 'Me', password: '' }).toString();
    expect(xml).to.contain(`<item id="${ROOM}"><conference xmlns="urn:xmpp:bookmarks:1" name="Tea" autojoin="true"><nick>Me</nick></conference></item>`);
    expect(xml).to.contain('<field var="pubsub#access_model"><value>whitelist</value></field>');
    expect(xml).to.contain('<field var="pubsub#max_items"><value>max</value></field>');
    expect(xml).not.to.contain('<password');
  });

  it('takes changes only from our own account: a notification from anyone else is a forgery', () => {
    const event = (from: string) =>
      stanza(`<message xmlns="jabber:client" from="${from}"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="urn:xmpp:bookmarks:1">${item(ROOM, 'autojoin="1"')}<retract id="old@conference.example.org"/></items></event></message>`);
    expect(parseEvent(event(ME), ME)).to.deep.equal({ set: [{ jid: ROOM, name: '', autojoin: true, nick: '', password: '' }], retracted: ['old@conference.example.org'] });
    expect(parseEvent(event('mallory@example.org'), ME)).to.equal(null);
    expect(parseEvent(event(`${ME}/phone`), ME)).to.equal(null);
  });

  it('writes and reads XEP-0048 storage whole, the same bookmarks both ways', () => {
    const list = [
      { jid: ROOM, name: 'Tea', autojoin: true, nick: 'Me', password: '' },
      { jid: 'cake@conference.example.org', name: '', autojoin: false, nick: '', password: 'secret' },
    ];
    const iq = stanza(buildLegacyStore(list).toString().replace('type="set"', 'type="result"'));
    expect(parseLegacy(iq)).to.deep.equal(list);
  });

  it('uses PEP where the server keeps both in step, and hands the rooms to the rooms feature', async () => {
    const fake = bookmarksContext((iq) =>
      iq.getChild('query', 'http://jabber.org/protocol/disco#info') ? disco(['urn:xmpp:bookmarks:1#compat']) : fetched(item(ROOM, 'name="Tea" autojoin="true"')),
    );
    await service.online!(fake.context);
    await settle();
    expect(fake.asked.map((iq) => iq.getChildElements()[0].name)).to.deep.equal(['query', 'pubsub']);
    expect(fake.slice()?.store).to.equal('pep');
    expect(fake.acted).to.deep.equal([{ feature: 'rooms', action: { type: 'bookmarked', bookmarks: [{ jid: ROOM, name: 'Tea', autojoin: true, nick: '', password: '' }] } }]);
  });

  it('falls back to private storage without #compat, and never writes over a list it could not read', async () => {
    const answered = bookmarksContext((iq) => (iq.getChild('query', 'http://jabber.org/protocol/disco#info') ? disco([]) : legacy(`<conference jid="${ROOM}" autojoin="true"/>`)));
    await service.online!(answered.context);
    await settle();
    expect(answered.slice()?.store).to.equal('private');
    // Joining another room writes the whole list: the one read and the new one.
    await service.act!({ type: 'keep', room: 'cake@conference.example.org', autojoin: true, nick: 'Me' }, answered.context);
    const written = answered.asked.at(-1)!;
    expect(parseLegacy(stanza(written.toString().replace('type="set"', 'type="result"'))).map((b) => b.jid)).to.deep.equal([ROOM, 'cake@conference.example.org']);

    const failing = bookmarksContext((iq) => {
      if (iq.getChild('query', 'http://jabber.org/protocol/disco#info')) return disco([]);
      throw new Error('timeout');
    });
    await service.online!(failing.context);
    await settle();
    expect(failing.slice()).to.equal(undefined);
    expect(await service.act!({ type: 'keep', room: 'cake@conference.example.org', autojoin: true }, failing.context)).to.equal(false);
    expect(failing.asked).to.have.length(2);
  });

  it('asks the server only when a bookmark changes', async () => {
    const fake = bookmarksContext((iq) => (iq.getChild('query', 'http://jabber.org/protocol/disco#info') ? disco(['urn:xmpp:bookmarks:1#compat']) : fetched(item(ROOM, 'autojoin="true"', '<nick>Me</nick>'))));
    await service.online!(fake.context);
    await settle();
    const before = fake.asked.length;
    expect(await service.act!({ type: 'keep', room: ROOM, autojoin: true, nick: 'Me' }, fake.context)).to.equal(true);
    expect(fake.asked.length).to.equal(before);
    await service.act!({ type: 'keep', room: ROOM, autojoin: false, nick: 'Me' }, fake.context);
    expect(fake.asked.length).to.equal(before + 1);
    expect(fake.slice()?.rooms[ROOM].autojoin).to.equal(false);
  });
});
