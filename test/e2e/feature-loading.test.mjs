/* global document */
// Protocol features load on the first stanza that needs them (the built bundle, its lazy chunks beside it).
// While a chunk is on its way every inbound stanza waits, in order; when it cannot come, the core still shows
// the messages. Here: the receipts chunk, claimed by the first message that asks for a receipt, and the
// archive chunk, fetched at sign-in.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { client, xml } from '@xmpp/client';
import { launchChromium, prosody, registerUser, service, startSite } from './harness.mjs';

let site;
let browser;

before(async () => {
  [site, browser] = await Promise.all([startSite(), launchChromium()]);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

async function twoWidgets(routeChunk, chunk = 'receipts') {
  const ann = registerUser('lazy-ann');
  const ben = registerUser('lazy-ben');
  prosody('contacts', ann.username, ben.username);
  const page = await browser.newPage();
  const requested = [];
  await page.route(new RegExp(`/dist/${chunk}-[^/]+\\.js$`), (route) => (requested.push(Date.now()), routeChunk(route)));
  await page.goto(site.url(`/test/e2e/pages/built.html?${new URLSearchParams({ service, a: `${ann.jid}:${ann.password}`, b: `${ben.jid}:${ben.password}` })}`));
  for (const id of ['a', 'b']) await page.locator(`xmpp-chat#${id}[state=online]`).waitFor({ timeout: 20_000 });
  return { page, ann, ben, requested };
}

/** Ben sends three numbered messages to Ann, one right after the other. */
function sendThree(page, annJid, prefix) {
  return page.evaluate(
    async ({ to, prefix }) => {
      const ben = document.getElementById('b');
      for (let i = 1; i <= 3; i++) await ben.store.sendMessage(to, `${prefix} ${i}`);
    },
    { to: annJid, prefix },
  );
}

const annBodies = (page, benJid) =>
  page.evaluate((peer) => (document.getElementById('a').store.state.conversations[peer]?.messages ?? []).map((m) => m.body), benJid);

test('stanzas wait in order while a feature chunk loads, then the feature works', { timeout: 60_000 }, async () => {
  const { page, ann, ben, requested } = await twoWidgets((route) => setTimeout(() => route.continue(), 1_500));
  // Ann's widget out of sight: what Ben sees next is her receipts, not her having read them (XEP-0333).
  await page.evaluate(() => document.getElementById('a').store.setShown(false));
  const started = Date.now();
  await sendThree(page, ann.jid, 'slow');
  await page.waitForFunction((peer) => (document.getElementById('a').store.state.conversations[peer]?.messages.length ?? 0) === 3, ben.jid, { timeout: 15_000 });
  assert.ok(requested.length >= 1, 'the receipts chunk was fetched');
  assert.ok(Date.now() - started >= 1_400, 'the messages waited for the chunk');
  assert.deepEqual(await annBodies(page, ben.jid), ['slow 1', 'slow 2', 'slow 3']);
  // Ann's receipts went out once the chunk was there: Ben sees every message delivered.
  await page.waitForFunction(
    (peer) => document.getElementById('b').store.state.conversations[peer]?.messages.every((m) => m.state === 'delivered'),
    ann.jid,
    { timeout: 15_000 },
  );

  // Another client: a message that asks for a receipt, then one that does not. The second needs no chunk, yet
  // it waits behind the first (the chunk is cached now, so delay it again for this page).
  const carol = registerUser('lazy-carol');
  await page.reload();
  for (const id of ['a', 'b']) await page.locator(`xmpp-chat#${id}[state=online]`).waitFor({ timeout: 20_000 });
  const peer = client({ service, domain: 'localhost', username: carol.username, password: carol.password, resource: 'raw' });
  peer.on('error', () => undefined);
  await peer.start();
  await peer.send(xml('message', { to: ann.jid, type: 'chat', id: 'r1' }, xml('body', {}, 'asks for a receipt'), xml('request', { xmlns: 'urn:xmpp:receipts' })));
  await peer.send(xml('message', { to: ann.jid, type: 'chat', id: 'p1' }, xml('body', {}, 'asks for nothing')));
  await page.waitForFunction((jid) => (document.getElementById('a').store.state.conversations[jid]?.messages.length ?? 0) === 2, carol.jid, { timeout: 15_000 });
  assert.deepEqual(await annBodies(page, carol.jid), ['asks for a receipt', 'asks for nothing']);
  await peer.stop();
  await page.close();
});

test('a feature chunk that cannot be fetched loses no message', { timeout: 60_000 }, async () => {
  const { page, ann, ben, requested } = await twoWidgets((route) => route.abort());
  await sendThree(page, ann.jid, 'offline');
  await page.waitForFunction((peer) => (document.getElementById('a').store.state.conversations[peer]?.messages.length ?? 0) === 3, ben.jid, { timeout: 15_000 });
  assert.ok(requested.length >= 1, 'the receipts chunk was asked for');
  assert.deepEqual(await annBodies(page, ben.jid), ['offline 1', 'offline 2', 'offline 3']);
  await page.close();
});

test('without the archive chunk there is no catch-up, and chat goes on both ways', { timeout: 60_000 }, async () => {
  const { page, ann, ben, requested } = await twoWidgets((route) => route.abort(), 'archive');
  assert.ok(requested.length >= 1, 'the archive chunk was asked for at sign-in');
  await sendThree(page, ann.jid, 'no archive');
  await page.waitForFunction((peer) => (document.getElementById('a').store.state.conversations[peer]?.messages.length ?? 0) === 3, ben.jid, { timeout: 15_000 });
  assert.deepEqual(await annBodies(page, ben.jid), ['no archive 1', 'no archive 2', 'no archive 3']);
  await page.evaluate((to) => document.getElementById('a').store.sendMessage(to, 'and back'), ben.jid);
  await page.waitForFunction((peer) => document.getElementById('b').store.state.conversations[peer]?.messages.some((m) => m.body === 'and back'), ann.jid, { timeout: 15_000 });
  await page.close();
});

test('a sign-in form that cannot be fetched says so, and Retry brings it once the network is back', { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  const block = (route) => route.abort();
  await page.route(/\/dist\/sign-in-[^/]+\.js$/, block);
  await page.goto(site.url(`/test/e2e/pages/built.html?${new URLSearchParams({ service })}`));
  const widget = page.locator('xmpp-chat#a');
  const alert = widget.getByRole('alert');
  await alert.getByText('Could not load this part of the chat').waitFor();
  await page.unroute(/\/dist\/sign-in-[^/]+\.js$/, block);
  await alert.getByRole('button', { name: 'Retry' }).click();
  await widget.getByRole('button', { name: 'Sign in' }).waitFor();
  assert.equal(await widget.getByRole('alert').count(), 0);
  await page.close();
});
