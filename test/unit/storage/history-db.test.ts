import { expect } from '@open-wc/testing';
import { openDB } from 'idb';
import type { ChatMessage } from '../../../src/model/types.js';
import { HistoryDb, SCHEMA_VERSION, databaseName, type StorageProblem } from '../../../src/storage/history-db.js';
import { openVersion1, openVersion2, openVersion3 } from '../../helpers/storage.js';

const BOB = 'bob@example.org';
const ME = 'me@example.org';

let counter = 0;
function account(): string {
  counter += 1;
  return `history-${Date.now().toString(36)}-${counter}@example.org`;
}

function message(id: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id, peer: BOB, direction: 'in', from: BOB, body: id, timestamp: 1_000, order: 0,
    state: 'received', stanzaId: null, originId: null, ...extra,
  };
}

async function open(name: string, problems: StorageProblem[] = []): Promise<HistoryDb> {
  const db = await HistoryDb.open(name, (problem) => problems.push(problem));
  expect(db, 'database opened').to.not.equal(null);
  return db!;
}

const migrationsFetched = () => performance.getEntriesByType('resource').some((e) => e.name.includes('history-migrations'));

describe('HistoryDb (IndexedDB)', () => {
  it('says whether this open created the database (a first visit: nothing to read)', async () => {
    const name = account();
    const first = await open(name);
    expect(first.created).to.equal(true);
    await first.saveRoster('1', [{ jid: BOB, name: 'Bob', subscription: 'both', groups: [], pending: false }]);
    first.close();
    const again = await open(name);
    expect(again.created).to.equal(false);
    expect((await again.loadRoster()).contacts.map((c) => c.jid)).to.deep.equal([BOB]);
    again.close();
    // Only an old database needs the migrations' chunk (this test runs before the upgrade test).
    expect(migrationsFetched()).to.equal(false);
  });

  it('appends in arrival order and prepends older pages before the oldest', async () => {
    const db = await open(account());
    await db.addMessages([message('a'), message('b')], 'append');
    await db.addMessages([message('c', { timestamp: 1 })], 'append');
    await db.addMessages([message('y'), message('z')], 'prepend');
    const page = await db.loadPage(BOB, 10);
    expect(page.map((m) => m.id)).to.deep.equal(['y', 'z', 'a', 'b', 'c']);
    expect(page.map((m) => m.order)).to.deep.equal([-1, 0, 1, 2, 3]);
    db.close();
  });

  it('places an archive batch among the held messages in the archive\'s order', async () => {
    const db = await open(account());
    await db.addMessages([message('m1', { stanzaId: 'A1' }), message('m2', { stanzaId: 'A2' }), message('m4', { stanzaId: 'A4' })], 'append');
    const batch = ['m1', 'm2', 'm3', 'm4', 'm5'].map((id) => message(id, { stanzaId: `A${id.slice(1)}` }));
    const result = await db.addMessages(batch, 'archive');
    expect(result!.stored.map((m) => m.id)).to.deep.equal(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect((await db.loadPage(BOB, 10)).map((m) => m.id)).to.deep.equal(['m1', 'm2', 'm3', 'm4', 'm5']);
    db.close();
  });

  it('pages backwards: the newest page first, then what is older', async () => {
    const db = await open(account());
    await db.addMessages(Array.from({ length: 25 }, (_, i) => message(`m${i}`)), 'append');
    const newest = await db.loadPage(BOB, 10);
    expect(newest.map((m) => m.id)).to.deep.equal(Array.from({ length: 10 }, (_, i) => `m${i + 15}`));
    const older = await db.loadPage(BOB, 10, newest[0].order);
    expect(older.map((m) => m.id)).to.deep.equal(Array.from({ length: 10 }, (_, i) => `m${i + 5}`));
    db.close();
  });

  it('stores a message seen twice once, by archive id, origin-id or message id, and learns its archive id', async () => {
    const db = await open(account());
    const own = message('o1', { direction: 'out', from: ME, originId: 'o1', state: 'sending' });
    await db.addMessages([own, message('live', { stanzaId: 'S1' }), message('plain')], 'append');
    const again = await db.addMessages(
      [{ ...own, stanzaId: 'S9', state: 'sent' }, message('live-copy', { stanzaId: 'S1' }), message('plain')],
      'append',
    );
    expect(again!.updated.map((m) => [m.id, m.stanzaId])).to.deep.equal([['o1', 'S9']]);
    const page = await db.loadPage(BOB, 10);
    expect(page.map((m) => m.id)).to.deep.equal(['o1', 'live', 'plain']);
    expect(page[0].stanzaId).to.equal('S9');
    db.close();
  });

  it('two connections (two tabs) writing the same messages at once store each once', async () => {
    const name = account();
    const [tab1, tab2] = await Promise.all([open(name), open(name)]);
    const batch = Array.from({ length: 20 }, (_, i) => message(`t${i}`, { stanzaId: `A${i}` }));
    await Promise.all([tab1.addMessages(batch, 'append'), tab2.addMessages(batch, 'append'), tab1.addMessages(batch.slice(5), 'append')]);
    const page = await tab2.loadPage(BOB, 100);
    expect(page.map((m) => m.id)).to.deep.equal(batch.map((m) => m.id));
    tab1.close();
    tab2.close();
  });

  it('keeps the roster, its version, the outbox and small values', async () => {
    const name = account();
    const db = await open(name);
    await db.saveRoster('v1', [{ jid: BOB, name: 'Bob', subscription: 'both', pending: false, groups: [] }]);
    await db.applyRosterPush('v2', { jid: 'c@example.org', name: '', subscription: 'none', pending: true, groups: [] });
    await db.applyRosterPush('v3', { jid: BOB, name: '', subscription: 'remove', pending: false, groups: [] });
    await db.putOutbox({ id: 'x', to: BOB, body: 'later', createdAt: 2, payloads: { reply: { to: 'm0' } } });
    await db.putOutbox({ id: 'w', to: BOB, body: 'sooner', createdAt: 1 });
    await db.setArchiveCursor('ARCH-7');
    db.close();
    const reopened = await open(name);
    const roster = await reopened.loadRoster();
    expect(roster.ver).to.equal('v3');
    expect(roster.contacts.map((c) => c.jid)).to.deep.equal(['c@example.org']);
    expect((await reopened.loadOutbox()).map((e) => [e.id, e.payloads])).to.deep.equal([['w', undefined], ['x', { reply: { to: 'm0' } }]]);
    await reopened.deleteOutbox('w');
    expect((await reopened.loadOutbox()).map((e) => e.id)).to.deep.equal(['x']);
    expect(await reopened.getArchiveCursor()).to.equal('ARCH-7');
    reopened.close();
  });

  it('upgrades a version 1 database and keeps its messages, in the order version 1 showed them', async () => {
    const name = account();
    const v1 = await openVersion1(name);
    for (const [id, timestamp] of [['second', 20], ['first', 10], ['third', 30]] as const) {
      await v1.add('messages', { id, peer: BOB, direction: 'in', from: BOB, body: `${id} body`, timestamp });
    }
    await v1.add('messages', { id: 'other', peer: 'carol@example.org', direction: 'out', from: ME, body: 'hi', timestamp: 5 });
    v1.close();

    const db = await open(name);
    expect(migrationsFetched(), 'fetched for the old database').to.equal(true);
    const page = await db.loadPage(BOB, 10);
    expect(page.map((m) => m.body)).to.deep.equal(['first body', 'second body', 'third body']);
    expect(page.map((m) => m.order)).to.deep.equal([1, 2, 3]);
    expect(page.every((m) => m.state === 'received' && m.stanzaId === null)).to.equal(true);
    expect((await db.loadPage('carol@example.org', 10))[0]).to.include({ body: 'hi', state: 'sent' });
    await db.addMessages([message('fourth')], 'append');
    expect((await db.loadPage(BOB, 10)).map((m) => m.id)).to.deep.equal(['first', 'second', 'third', 'fourth']);
    expect(await db.loadOutbox()).to.deep.equal([]);
    db.close();
    const raw = await openDB(databaseName(name));
    expect(raw.version).to.equal(SCHEMA_VERSION);
    raw.close();
  });

  it('upgrades a version 2 database: a message kept unstyled keeps that wish as its styling payload', async () => {
    const name = account();
    const v2 = await openVersion2(name);
    await v2.add('messages', { ...message('plain'), order: 1 });
    await v2.add('messages', { ...message('as-typed', { body: '*not bold*' }), order: 2, unstyled: true });
    await v2.add('messages', { ...message('styled'), order: 3, unstyled: false });
    await v2.put('outbox', { id: 'queued', to: BOB, body: 'still going', createdAt: 7 });
    v2.close();

    const db = await open(name);
    const page = await db.loadPage(BOB, 10);
    expect(page.map((m) => m.id)).to.deep.equal(['plain', 'as-typed', 'styled']);
    expect(page.map((m) => m.payloads)).to.deep.equal([undefined, { styling: { unstyled: true } }, undefined]);
    expect(page.some((m) => 'unstyled' in m)).to.equal(false);
    expect((await db.loadOutbox()).map((e) => e.body)).to.deep.equal(['still going']);
    // The dedupe indexes survived: the same message again is not stored twice.
    await db.addMessages([message('as-typed', { body: '*not bold*' })], 'append');
    expect(await db.loadPage(BOB, 10)).to.have.length(3);
    db.close();
  });

  it('upgrades a version 3 database: its roster, one record per contact, and its version survive as one record', async () => {
    const name = account();
    const v3 = await openVersion3(name);
    const contacts = Array.from({ length: 200 }, (_, i) => ({ jid: `c${i}@example.org`, name: `C ${i}`, subscription: 'both', pending: false, groups: [] }));
    for (const contact of contacts) await v3.put('roster', contact);
    await v3.put('meta', 'ver-41', 'roster-ver');
    await v3.put('meta', 'ARCH-9', 'mam-last');
    await v3.add('messages', { ...message('kept', { payloads: { styling: { unstyled: true } } }), order: 1 });
    v3.close();

    const db = await open(name);
    const roster = await db.loadRoster();
    expect(roster.ver).to.equal('ver-41');
    expect(roster.contacts.map((c) => c.jid)).to.have.members(contacts.map((c) => c.jid));
    expect(await db.getArchiveCursor()).to.equal('ARCH-9');
    expect((await db.loadPage(BOB, 10)).map((m) => [m.id, m.payloads])).to.deep.equal([['kept', { styling: { unstyled: true } }]]);
    // Pushes apply to the one record: a new contact, a removed one, and the version moves on.
    await db.applyRosterPush('ver-42', { jid: 'new@example.org', name: '', subscription: 'none', pending: true, groups: [] });
    await db.applyRosterPush('ver-43', { jid: 'c0@example.org', name: '', subscription: 'remove', pending: false, groups: [] });
    const after = await db.loadRoster();
    expect(after.ver).to.equal('ver-43');
    expect(after.contacts).to.have.length(200);
    expect(after.contacts.map((c) => c.jid)).to.include('new@example.org').and.not.include('c0@example.org');
    db.close();
    const raw = await openDB(databaseName(name));
    expect([...raw.objectStoreNames]).to.not.include('roster');
    raw.close();
  });

  it('reports a blocked upgrade and resolves without a database, then lets the other tab go on', async () => {
    const name = account();
    const old = await openVersion1(name);
    // The other tab ignores versionchange, as an old version of the widget might.
    const problems: StorageProblem[] = [];
    const started = Date.now();
    const db = await HistoryDb.open(name, (p) => problems.push(p));
    expect(db).to.equal(null);
    expect(problems[0]).to.equal('blocked');
    expect(Date.now() - started).to.be.below(10_000);
    old.close();
  });

  it('reports a full disk and keeps going without throwing', async () => {
    const problems: StorageProblem[] = [];
    const db = await open(account(), problems);
    const original = IDBObjectStore.prototype.add;
    IDBObjectStore.prototype.add = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      const result = await db.addMessages([message('big')], 'append');
      expect(result).to.equal(null);
      expect(problems).to.deep.equal(['full']);
    } finally {
      IDBObjectStore.prototype.add = original;
    }
    db.close();
  });

  it('"forget" deletes the account\'s database', async () => {
    const name = account();
    const db = await open(name);
    await db.addMessages([message('secret')], 'append');
    db.close();
    await HistoryDb.forget(name);
    const names = (await indexedDB.databases()).map((d) => d.name);
    expect(names).not.to.include(databaseName(name));
  });
});
