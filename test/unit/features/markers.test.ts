import { expect } from '@open-wc/testing';
import { buildDisplayed, parseDisplayed } from '../../../src/features/markers/protocol.js';
import { type MarkersSlice, service } from '../../../src/features/markers/service.js';
import type { ChatMessage } from '../../../src/model/types.js';
import type { Arrival, FeatureContext } from '../../../src/store/features.js';
import { initialState } from '../../../src/store/state.js';
import { fakeContext } from '../../helpers/feature-context.js';
import { stanza } from '../xmpp/parse-xml.js';

const ME = 'me@example.org';
const BOB = 'bob@example.org';
const ROOM = 'room@conference.example.org';

const markable = { markers: { markable: true } };
function message(peer: string, order: number, extra: Partial<ChatMessage> = {}): ChatMessage {
  return { id: `m${order}`, peer, direction: 'in', from: peer, body: `b${order}`, timestamp: order, order, state: 'received', stanzaId: null, originId: null, payloads: markable, ...extra };
}

/** A context whose conversations are `messages` and whose slice shows in its state. */
function withConversations(messages: Record<string, ChatMessage[]>) {
  const fake = fakeContext(ME);
  let slice: MarkersSlice | undefined;
  const conversations = Object.fromEntries(Object.entries(messages).map(([peer, list]) => [peer, { peer, messages: list, unread: 0, historyComplete: false, loadingOlder: false }]));
  const context: FeatureContext = {
    ...fake.context,
    get state() {
      return { ...initialState, conversations, features: { markers: slice } };
    },
    updateSlice: (update) => (slice = update(slice) as MarkersSlice),
  };
  return { ...fake, context };
}

describe('markers (XEP-0333)', () => {
  it('reads a displayed marker, and writes one: to a contact by the message id, to a room as groupchat', () => {
    expect(parseDisplayed(stanza(`<message xmlns="jabber:client" from="${BOB}/phone"><displayed xmlns="urn:xmpp:chat-markers:0" id="m1"/></message>`))).to.equal('m1');
    expect(parseDisplayed(stanza(`<message xmlns="jabber:client" from="${BOB}" type="error"><displayed xmlns="urn:xmpp:chat-markers:0" id="m1"/></message>`))).to.equal(null);
    expect(buildDisplayed(ROOM, 'sid-1', true).toString()).to.contain('type="groupchat"').and.contain('<displayed xmlns="urn:xmpp:chat-markers:0" id="sid-1"/>');
  });

  it('marks the newest markable message displayed once, only forward: by its id, in a room by its stanza-id', async () => {
    const fake = withConversations({
      [BOB]: [message(BOB, 1), message(BOB, 2), message(BOB, 3, { payloads: undefined })],
      [ROOM]: [message(ROOM, 7, { from: `${ROOM}/ann`, stanzaId: 'room-sid-7' })],
    });
    expect(await service.act!({ type: 'displayed', peer: BOB }, fake.context)).to.equal(true);
    expect(await service.act!({ type: 'displayed', peer: BOB }, fake.context)).to.equal(false);
    expect(await service.act!({ type: 'displayed', peer: ROOM }, fake.context)).to.equal(true);
    expect(fake.sent.map((s) => [s.attrs.to, s.attrs.type, s.getChild('displayed')!.attrs.id])).to.deep.equal([
      [BOB, 'chat', 'm2'],
      [ROOM, 'groupchat', 'room-sid-7'],
    ]);
  });

  it('asks nothing of a carbon, of our own messages or of a message that did not ask', () => {
    const fake = fakeContext(ME);
    const withMarkable = stanza(`<message xmlns="jabber:client" from="${BOB}/phone" id="x"><body>hi</body><markable xmlns="urn:xmpp:chat-markers:0"/></message>`);
    const arrival = (extra: Partial<Arrival>): Arrival => ({ message: withMarkable, via: 'live', direction: 'in', peer: BOB, ...extra });
    expect(service.message!(arrival({}), fake.context)).to.deep.equal({ markable: true });
    expect(service.message!(arrival({ via: 'carbon' }), fake.context)).to.equal(undefined);
    expect(service.message!(arrival({ direction: 'out' }), fake.context)).to.equal(undefined);
    expect(service.message!(arrival({ message: stanza(`<message xmlns="jabber:client" from="${BOB}/phone"><body>hi</body></message>`) }), fake.context)).to.equal(undefined);
  });
});
