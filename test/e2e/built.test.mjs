/* global window, document */
// End to end with what sites embed: dist/xmpp-chat.js as `npm run build` wrote it (minified, with the build's
// own module resolution and template minifying), two widgets on one page against the test Prosody. The other
// browser tests run the sources; this one makes sure the bundle does the same. Leaves test-results/built.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchChromium, prosody, registerUser, root, service, startSite } from './harness.mjs';

const screenshot = join(root, 'test-results', 'built.png');

let site;
let browser;

before(async () => {
  assert.ok(existsSync(join(root, 'dist', 'xmpp-chat.js')), 'dist/xmpp-chat.js exists (npm run build)');
  [site, browser] = await Promise.all([startSite(), launchChromium()]);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

test('the built bundle signs in, shows contacts online and carries messages as text', { timeout: 60_000 }, async (t) => {
  const ann = registerUser('ann');
  const ben = registerUser('ben');
  prosody('contacts', ann.username, ben.username);
  const page = await browser.newPage({ viewport: { width: 1200, height: 600 } });
  t.after(async () => {
    if (!page.isClosed()) await page.screenshot({ path: join(root, 'test-results', 'built-last.png') }).catch(() => {});
  });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const query = new URLSearchParams({ service, a: `${ann.jid}:${ann.password}`, b: `${ben.jid}:${ben.password}` });
  await page.goto(site.url(`/test/e2e/pages/built.html?${query}`));

  const a = page.locator('xmpp-chat#a');
  const b = page.locator('xmpp-chat#b');
  await a.and(page.locator('[state=online]')).waitFor({ timeout: 20_000 });
  await b.and(page.locator('[state=online]')).waitFor({ timeout: 20_000 });
  const benInAnn = a.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: new RegExp(`^${ben.username}.*online`, 'i') });
  await benInAnn.waitFor();
  await b.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: new RegExp(`^${ann.username}.*online`, 'i') }).waitFor();

  const hostile = `<img src=x onerror="window.__pwned=1"> & <b>bold</b> ${Date.now()}`;
  await benInAnn.click();
  const box = a.getByRole('textbox', { name: 'Message', exact: true });
  await box.fill(hostile);
  await box.press('Enter');
  const benLog = b.getByRole('log', { name: 'Messages', exact: true });
  await benLog.getByText(hostile, { exact: true }).waitFor();
  assert.equal(await benLog.locator('img, b').count(), 0, 'the body is text, not markup');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);

  const reply = `Got it ✓ ${Date.now()}`;
  const replyBox = b.getByRole('textbox', { name: 'Message', exact: true });
  await replyBox.fill(reply);
  await b.getByRole('button', { name: 'Send' }).click();
  await a.getByRole('log', { name: 'Messages', exact: true }).getByText(reply).waitFor();
  // Delivered (XEP-0184), or already seen (XEP-0333): Ben is looking.
  await a.getByRole('log', { name: 'Messages', exact: true }).getByText(/^(Delivered|Seen)$/).first().waitFor();

  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });
  assert.deepEqual(errors, []);
});

test('the built loader draws its button alone, fetches the widget on hover, and the panel chats', { timeout: 60_000 }, async () => {
  assert.ok(existsSync(join(root, 'dist', 'xmpp-chat-launcher.js')), 'dist/xmpp-chat-launcher.js exists (npm run build)');
  const [ann, ben] = [registerUser('ann'), registerUser('ben')];
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const fetched = [];
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  const query = new URLSearchParams({ service, jid: ann.jid, password: ann.password, to: ben.jid });
  await page.goto(site.url(`/test/e2e/pages/launcher.html?${query}`));
  const button = page.getByRole('button', { name: 'Chat', exact: true });
  await button.waitFor();
  await page.waitForTimeout(300);
  assert.ok(fetched.includes('/dist/xmpp-chat-launcher.js'));
  assert.ok(!fetched.includes('/dist/xmpp-chat.js'), 'the widget is not fetched before it is needed');
  assert.deepEqual(await page.evaluate(() => window.__shifts), [], 'the loader moves nothing on the page');
  const widgetFetched = page.waitForRequest((request) => request.url().endsWith('/dist/xmpp-chat.js'));
  await button.hover();
  await widgetFetched;
  await button.click();
  const panel = page.getByRole('dialog', { name: 'Support' });
  await panel.waitFor();
  await page.locator('xmpp-chat-client[state=online]').waitFor({ timeout: 20_000 });
  // Written through the page's API before any conversation is open: it goes to `to`.
  const body = `Hello from the API ${Date.now()}`;
  await page.evaluate((text) => document.getElementById('chat').send(text), body);
  await page.evaluate((jid) => document.getElementById('chat').store.openChat(jid), ben.jid);
  await panel.getByRole('log', { name: 'Messages', exact: true }).getByText(body).waitFor();
  // What moves after the user's own click (the panel rising) is not a layout shift by CLS's rules.
  const unasked = (await page.evaluate(() => window.__shifts)).filter((shift) => !shift.hadRecentInput);
  assert.deepEqual(unasked, [], 'no layout shift the user did not cause');
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'hidden' });
  assert.deepEqual(errors, []);
  await page.close();
});
