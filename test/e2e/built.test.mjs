/* global window */
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
  await a.getByRole('log', { name: 'Messages', exact: true }).getByText('Delivered').first().waitFor();

  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });
  assert.deepEqual(errors, []);
});
