import { expect } from '@open-wc/testing';
import { service, type Room, type RoomsSlice } from '../../../src/features/rooms/service.js';
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
