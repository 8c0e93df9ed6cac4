import { expect } from '@open-wc/testing';
import { openDB } from 'idb';
import { CAPS_NODE } from '../../src/features/caps/protocol.js';
import { waitFor } from '../helpers/dom.js';
import { Peer, type PeerEvent } from '../helpers/peer.js';
import { registerUser } from '../helpers/server.js';
import { mountWidget } from '../helpers/widget.js';

// Disco and entity capabilities (XEP-0030, XEP-0115), checked by another stack: slixmpp asks the widget what it
// does and hashes the answer itself; the widget learns what slixmpp does, once, and keeps it on this device.

const capsDb = (account: string) => `xmpp-chat:${account}#caps`;
const databases = async () => (await indexedDB.databases()).map((d) => d.name);

describe('disco#info and entity capabilities', function () {
  this.timeout(60_000);

  it('advertises the registry with a hash slixmpp agrees with, answers its node, and caches what slixmpp advertises', async () => {
    const [alice, bob] = await Promise.all([registerUser('caps'), registerUser('capspeer')]);
    const peer = await Peer.start(bob);
    try {
      const a = await mountWidget(alice);
      await a.store.act('roster-editing', { type: 'add', address: bob.jid });
      await waitFor(() => a.store.state.roster.contacts.find((c) => c.jid === bob.jid)?.subscription === 'both', { what: 'mutual subscription' });

      // Our presence carries <c/>; its ver is the hash of what we answer at that node.
      const presence = await peer.waitForEvent((e) => e.event === 'presence' && e.from!.startsWith(`${alice.jid}/`) && !!e.caps, 'caps in our presence');
      const caps = presence.caps!;
      expect(caps.node).to.equal(CAPS_NODE);
      expect(caps.hash).to.equal('sha-1');
      await peer.do({ op: 'disco_info', to: presence.from!, node: `${caps.node}#${caps.ver}` });
      const info = await peer.waitForEvent((e) => e.event === 'disco_info' && !!e.node, 'disco#info at our node');
      expect(info.ver, 'slixmpp computes the same verification string').to.equal(caps.ver);
      expect(info.identities).to.deep.equal([['client', 'web', null, 'xmpp-chat']]);
      for (const feature of [
        'http://jabber.org/protocol/caps',
        'http://jabber.org/protocol/chatstates',
        'http://jabber.org/protocol/disco#info',
        'urn:xmpp:ping',
        'urn:xmpp:receipts',
        'urn:xmpp:styling:0',
      ]) {
        expect(info.features, feature).to.include(feature);
      }

      // Without a node: the same answer. At a node we do not have: an error, not our features.
      await peer.do({ op: 'disco_info', to: presence.from! });
      const plain = await peer.waitForEvent((e) => e.event === 'disco_info' && !e.node, 'disco#info without a node');
      expect(plain.features).to.deep.equal(info.features);
      await peer.do({ op: 'disco_info', to: presence.from!, node: `${CAPS_NODE}#not-our-ver` });
      const refused = await peer.waitForEvent((e: PeerEvent) => e.event === 'error' && /not-our-ver|item-not-found/.test(e.text ?? ''), 'an error for a node we lack');
      expect(refused.text).to.match(/item-not-found/);

      // slixmpp's own caps: looked up once, verified, and kept in this account's caps database.
      const entries = await waitFor(
        async () => {
          if (!(await databases()).includes(capsDb(alice.jid))) return null;
          const db = await openDB(capsDb(alice.jid));
          const all = db.objectStoreNames.contains('entries') ? await db.getAll('entries') : [];
          db.close();
          return all.length > 0 ? all : null;
        },
        { what: "slixmpp's caps in IndexedDB" },
      );
      expect(entries).to.have.length(1);
      expect(entries[0].features).to.include('http://jabber.org/protocol/chatstates');

      // Forget this device deletes the feature's database with the history.
      await a.store.signOut({ forget: true });
      const left = await databases();
      expect(left).to.not.include(capsDb(alice.jid));
      expect(left).to.not.include(`xmpp-chat:${alice.jid}`);
    } finally {
      await peer.stop();
    }
  });
});
