import { expect, fixture, html } from '@open-wc/testing';
import { STORE } from '../../src/components/context.js';
import '../../src/features/rooms/rooms.js';
import type { Occupant, Room } from '../../src/features/rooms/service.js';
import type { ChatStore } from '../../src/store/chat-store.js';
import { initialState } from '../../src/store/state.js';
import { getByRole, waitFor } from '../helpers/dom.js';

const ROOM = 'big@conference.example.org';
const frame = () => new Promise(requestAnimationFrame);

/** A room of `count` people (every tenth a moderator), in a store of its own: no server. */
function storeWithRoom(count: number): ChatStore {
  const occupants: Record<string, Occupant> = {};
  for (let i = 0; i < count; i++) {
    const nick = `person-${String(i).padStart(5, '0')}`;
    occupants[nick] = { nick, role: i % 10 === 0 ? 'moderator' : 'participant', affiliation: 'none', jid: null, show: 'online' };
  }
  const room: Room = { jid: ROOM, nick: 'person-00001', status: 'joined', problem: null, reason: '', subject: 'Launch', occupants, role: 'participant', affiliation: 'none', archived: false, trustIds: false };
  const state = { ...initialState, features: { rooms: { [ROOM]: room } } };
  return { state, subscribe: () => () => undefined, act: async () => null } as unknown as ChatStore;
}

describe('a room of 10,000 people', () => {
  it('shows its people grouped by role, only the rows in view in the DOM, and all of them by scrolling', async () => {
    const holder = await fixture<HTMLElement>(html`<div style="inline-size: 360px"></div>`);
    (holder as unknown as Record<symbol, unknown>)[STORE] = storeWithRoom(10_000);
    const header = document.createElement('xmpp-room-header') as HTMLElement & { room: string; updateComplete: Promise<unknown> };
    header.room = ROOM;
    holder.append(header);
    await header.updateComplete;
    const root = header.shadowRoot!;
    getByRole(root, 'button', '10000 people').click();
    await header.updateComplete;
    await frame();
    const list = getByRole(root, 'list', 'People');
    const items = () => [...list.querySelectorAll('li')];
    expect(items().length).to.be.greaterThan(3).and.lessThan(60);
    expect(items()[0].textContent).to.equal('Moderators (1000)');
    expect(items()[1].textContent!.trim()).to.match(/^person-00000/);

    // The last row, reached by scrolling: the participants' heading is on the way, each row placed at its index.
    const scroller = root.querySelector<HTMLElement>('.people')!;
    scroller.scrollTop = scroller.scrollHeight;
    await waitFor(() => items().some((li) => li.textContent!.trim().startsWith('person-09999')), { what: 'the last person' });
    expect(items().length).to.be.lessThan(60);
    const last = items().at(-1)!;
    expect(Number(last.dataset.index)).to.equal(10_001);
    expect(last.style.top).to.equal(`${10_001 * last.offsetHeight}px`);
  });
});
