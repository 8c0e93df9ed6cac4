import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { XmppChat } from '../../src/index.js';
import { allByRole, getByRole, waitFor } from '../helpers/dom.js';
import { rawClient, registerUser, testService, type TestUser } from '../helpers/server.js';
import { installSocketSpy, type SocketSpy } from '../helpers/socket-spy.js';
import { openVersion1 } from '../helpers/storage.js';
import { befriend, contactButton, mountWidget, waitForState } from '../helpers/widget.js';

function bodies(widget: XmppChat): string[] {
  return [...getByRole(widget.shadowRoot!, 'log', 'Messages').querySelectorAll('.body')].map((p) => p.textContent ?? '');
}

function conversationBodies(widget: XmppChat, peer: string): string[] {
  return (widget.store.state.conversations[peer]?.messages ?? []).map((m) => m.body);
}

/** Removes a widget the way a page unload does: the stream stays on the server, history in IndexedDB. */
async function closePage(widget: XmppChat) {
  widget.remove();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

async function signOut(widget: XmppChat) {
  getByRole(widget.shadowRoot!, 'button', 'Sign out').click();
  await waitForState(widget, 'offline');
}

async function mount(user: TestUser, service = testService().service): Promise<XmppChat> {
  return fixture<XmppChat>(html`<xmpp-chat service=${service} jid=${user.jid} password=${user.password}></xmpp-chat>`);
}

describe('durable history against Prosody', function () {
  this.timeout(60_000);
  let spy: SocketSpy;
  beforeEach(() => {
    spy = installSocketSpy();
  });
  afterEach(() => spy.uninstall());

  it('shows history and the roster after a reload while the WebSocket is blocked', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    await a.store.act('roster-editing', { type: 'add', address: bob.jid });
    await a.store.sendMessage(bob.jid, 'kept on this device');
    await waitFor(() => conversationBodies(b, alice.jid).includes('kept on this device'));
    await b.store.sendMessage(alice.jid, 'so is the reply');
    await waitFor(() => bodies(a).includes('so is the reply'));
    await signOut(a);

    spy.refuseNew(true);
    const again = await mount(alice);
    await waitFor(() => bodies(again).length === 2, { what: 'history on screen' });
    expect(bodies(again)).to.deep.equal(['kept on this device', 'so is the reply']);
    expect(contactButton(again, bob.jid)).to.exist;
    await waitFor(() => getByRole(again.shadowRoot!, 'status', /Offline: retrying in \d+ s/), { what: 'the offline countdown' });
    expect(again.getAttribute('state')).to.equal('connecting');
    expect(bodies(again)).to.deep.equal(['kept on this device', 'so is the reply']);
  });

  it('messages sent while the widget was closed appear, in order, once, when it returns', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    await b.store.sendMessage(alice.jid, 'before');
    await waitFor(() => bodies(a).includes('before'));
    await signOut(a);
    const sent = Array.from({ length: 12 }, (_, i) => `while away ${i + 1}`);
    for (const body of sent) await b.store.sendMessage(alice.jid, body);
    await waitFor(() => b.store.state.conversations[alice.jid].messages.every((m) => m.state !== 'sending'), { what: 'acks' });

    const back = await mountWidget(alice);
    await waitFor(() => conversationBodies(back, bob.jid).length === 13, { what: 'the gap filled' });
    expect(conversationBodies(back, bob.jid)).to.deep.equal(['before', ...sent]);
    // The archive brought them with their stanza-ids: a live copy arriving now would not double them.
    expect(back.store.state.conversations[bob.jid].messages.slice(1).every((m) => m.stanzaId)).to.equal(true);
  });

  it('a message typed while offline survives a reload and arrives once', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    a.store.openChat(bob.jid);
    spy.refuseNew(true);
    spy.dropAll();
    await waitFor(() => allByRole(a.shadowRoot!, 'status', /Offline: retrying in|Reconnecting…/).length === 1, { what: 'offline' });
    await b.store.sendMessage(alice.jid, 'hello?');
    const error = await a.store.sendMessage(bob.jid, 'written offline');
    expect(error).to.equal(null);
    await waitFor(() => bodies(a).includes('written offline'));
    expect(a.store.state.conversations[bob.jid].messages.at(-1)?.state).to.equal('sending');
    await closePage(a);

    spy.refuseNew(false);
    const again = await mountWidget(alice);
    await waitFor(() => conversationBodies(b, alice.jid).includes('written offline'), { what: 'delivery' });
    await waitFor(
      () => ['sent', 'delivered', 'displayed'].includes(again.store.state.conversations[bob.jid]?.messages.find((m) => m.body === 'written offline')?.state ?? ''),
      { what: 'the server to ack it' },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(conversationBodies(b, alice.jid).filter((body) => body === 'written offline')).to.have.length(1);
    expect(conversationBodies(again, bob.jid).filter((body) => body === 'written offline')).to.have.length(1);
  });

  it('shows each message\'s state: sending, sent, delivered, seen; a stanza error fails it with a Retry', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    // XEP-0184 §8: receipts only go to those who may see our presence.
    await befriend(a, b, bob.jid, alice.jid);
    // Bob's widget is out of sight (a closed panel): his client gets the message, nobody sees it yet.
    b.store.setShown(false);
    a.store.openChat(bob.jid);
    await a.store.sendMessage(bob.jid, 'are you there?');
    await waitFor(() => conversationBodies(b, alice.jid).includes('are you there?'));
    await waitFor(() => a.shadowRoot!.querySelector('xmpp-chat-window')!.shadowRoot!.querySelector('.state.delivered'), {
      what: 'Delivered',
    });
    const log = getByRole(a.shadowRoot!, 'log', 'Messages');
    expect(log.querySelector('.state')!.textContent).to.equal('Delivered');
    // Bob looks (XEP-0333): Seen.
    b.store.setShown(true);
    await waitFor(() => log.querySelector('.state.displayed')?.textContent === 'Seen', { what: 'Seen' });

    const nobody = `nobody-${Date.now()}@${testService().domain}`;
    await a.store.sendMessage(nobody, 'into the void');
    a.store.openChat(nobody);
    const retry = await waitFor(() => getByRole(a.shadowRoot!, 'button', 'Retry'), { what: 'a failed message with Retry' });
    expect(getByRole(a.shadowRoot!, 'log', 'Messages').querySelector('.state')!.textContent).to.equal('Not sent');
    const bounces = () => spy.received().filter((frame) => /<message[^>]*type=["']error["']/.test(frame)).length;
    const before = bounces();
    retry.click();
    await waitFor(() => bounces() > before, { what: 'the retry to bounce too' });
    await waitFor(() => getByRole(a.shadowRoot!, 'button', 'Retry'), { what: 'failed again, with Retry' });
    expect(a.store.state.conversations[nobody].messages).to.have.length(1);
  });

  it('scrolling up pages older messages from this device, then from the archive, until it is complete', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    const total = 130;
    for (let i = 1; i <= total; i++) await b.store.sendMessage(alice.jid, `m${i}`);
    await waitFor(() => conversationBodies(a, bob.jid).length === total, { what: 'all live', timeout: 30_000 });
    await closePage(a);
    await closePage(b);
    // A new device: no history stored, so it starts from the archive's newest page.
    const fresh = await mountWidget({ ...alice });
    await fresh.store.signOut({ forget: true });
    const device = await mountWidget(alice);
    device.store.openChat(bob.jid);
    // The archive's newest page (it holds receipts too, so fewer than a page of bodies).
    await waitFor(() => conversationBodies(device, bob.jid).at(-1) === `m${total}`, { what: 'the newest page' });
    const newest = conversationBodies(device, bob.jid);
    expect(newest.length).to.be.within(1, 50);
    expect(newest).to.deep.equal(Array.from({ length: newest.length }, (_, i) => `m${total - newest.length + i + 1}`));
    for (let guard = 0; guard < 20 && !device.store.state.conversations[bob.jid].historyComplete; guard++) {
      await device.store.loadOlder(bob.jid);
    }
    const all = conversationBodies(device, bob.jid);
    expect(all).to.deep.equal(Array.from({ length: total }, (_, i) => `m${i + 1}`));
    expect(device.store.state.conversations[bob.jid].historyComplete).to.equal(true);

    // Reopened, the device pages from IndexedDB: the newest page first, then older ones.
    await closePage(device);
    const reopened = await mountWidget(alice);
    await waitFor(() => conversationBodies(reopened, bob.jid).length === 50, { what: 'the newest page from IndexedDB' });
    expect(conversationBodies(reopened, bob.jid).at(-1)).to.equal(`m${total}`);
    await reopened.store.loadOlder(bob.jid);
    expect(conversationBodies(reopened, bob.jid).length).to.be.greaterThan(50);
  });

  it('a carbon copy from alice\'s second device lands in her history; a forged carbon is ignored', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [first, second, b] = await Promise.all([mountWidget(alice), mountWidget(alice), mountWidget(bob)]);
    await second.store.sendMessage(bob.jid, 'from my other device');
    await waitFor(() => conversationBodies(first, bob.jid).includes('from my other device'), { what: 'the sent carbon' });
    const copy = first.store.state.conversations[bob.jid].messages.find((m) => m.body === 'from my other device')!;
    expect(copy).to.include({ direction: 'out', from: alice.jid });

    const mallory = await rawClient(bob);
    mallory.send(
      `<message xmlns="jabber:client" to="${alice.jid}" type="chat" id="forged-1">` +
        `<received xmlns="urn:xmpp:carbons:2"><forwarded xmlns="urn:xmpp:forward:0">` +
        `<message xmlns="jabber:client" from="${alice.jid}/phone" to="${bob.jid}" type="chat" id="f1"><body>forged words</body></message>` +
        `</forwarded></received></message>`,
    );
    await mallory.close();
    await b.store.sendMessage(alice.jid, 'a real one after it');
    await waitFor(() => conversationBodies(first, bob.jid).includes('a real one after it'));
    expect(JSON.stringify(first.store.state.conversations)).not.to.include('forged words');
  });

  it('two widgets of one account share the database without doubling anything', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [tab1, tab2, b] = await Promise.all([mountWidget(alice), mountWidget(alice), mountWidget(bob)]);
    const sent = Array.from({ length: 15 }, (_, i) => `to both tabs ${i}`);
    for (const body of sent) await b.store.sendMessage(alice.jid, body);
    await waitFor(() => conversationBodies(tab1, bob.jid).length === 15 && conversationBodies(tab2, bob.jid).length === 15, {
      what: 'both tabs',
    }).catch((error) => {
      console.log('tab1', conversationBodies(tab1, bob.jid).join('|'), JSON.stringify(tab1.store.state.connection));
      console.log('tab2', conversationBodies(tab2, bob.jid).join('|'), JSON.stringify(tab2.store.state.connection));
      throw error;
    });
    await closePage(tab1);
    await closePage(tab2);
    const third = await mountWidget(alice);
    third.store.openChat(bob.jid);
    await waitFor(() => conversationBodies(third, bob.jid).length >= 15);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(conversationBodies(third, bob.jid)).to.deep.equal(sent);
  });

  it('IndexedDB blocked by another tab: a notice shows, and chat still works in memory', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    // Another tab with an older widget holds version 1 open and ignores requests to close it.
    const old = await openVersion1(alice.jid);
    try {
      const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
      const notice = await waitFor(() => allByRole(a.shadowRoot!, 'status').find((el) => /Another tab/.test(el.textContent ?? '')));
      expect(notice.textContent).to.match(/until you close the page/);
      await b.store.sendMessage(alice.jid, 'still here');
      await waitFor(() => bodies(a).includes('still here'), { what: 'a message in memory' }).catch((error) => {
        const { connection, activeChat, conversations, storage } = a.store.state;
        throw new Error(`${(error as Error).message}: ${JSON.stringify({ connection, activeChat, storage, conversations }).slice(0, 800)}`);
      });
      a.store.openChat(bob.jid);
      await a.store.sendMessage(bob.jid, 'me too');
      await waitFor(() => conversationBodies(b, alice.jid).includes('me too'));
    } finally {
      old.close();
    }
  });

  it('IndexedDB over quota: a notice shows, and chat still works in memory', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    const originals = { add: IDBObjectStore.prototype.add, put: IDBObjectStore.prototype.put };
    const full = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    IDBObjectStore.prototype.add = full;
    IDBObjectStore.prototype.put = full;
    try {
      await b.store.sendMessage(alice.jid, 'no room, still shown');
      await waitFor(() => bodies(a).includes('no room, still shown'), { what: 'the message' });
      const notice = await waitFor(() => allByRole(a.shadowRoot!, 'status').find((el) => /no room left/.test(el.textContent ?? '')));
      expect(notice).to.exist;
      await a.store.sendMessage(bob.jid, 'and a reply');
      await waitFor(() => conversationBodies(b, alice.jid).includes('and a reply'), { what: 'the reply delivered' });
      expect(bodies(a)).to.deep.equal(['no room, still shown', 'and a reply']);
    } finally {
      Object.assign(IDBObjectStore.prototype, originals);
    }
  });

  it('"Sign out and forget this device" deletes the history; a plain sign-out keeps it', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    await b.store.sendMessage(alice.jid, 'remember me');
    await waitFor(() => bodies(a).includes('remember me'));
    const databases = async () => (await indexedDB.databases()).map((d) => d.name);
    await signOut(a);
    expect(await databases()).to.include(`xmpp-chat:${alice.jid}`);
    const again = await mountWidget(alice);
    getByRole(again.shadowRoot!, 'button', 'Sign out and forget this device').click();
    await waitForState(again, 'offline');
    await waitFor(async () => !(await databases()).includes(`xmpp-chat:${alice.jid}`), { what: 'the database deleted' });
  });
});
