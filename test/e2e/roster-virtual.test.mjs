/* global document, window */
// A roster of 2,000 contacts in the widget, in Debian's Chromium driven by Playwright, against the test
// Prosody that `npm test` started: only the rows in view are in the DOM, every row still says where it is in
// the whole list, the keyboard reaches every contact, and a contact far down shows live presence.
//
// The roster is written straight into Prosody's storage (2,000 roster sets over XMPP cost O(n²) file writes,
// about a minute), for a fresh user who is offline, so Prosody reads it at sign-in as it would any roster.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { BenchProsody } from '../../bench/lib/prosody.mjs';
import { RawXmpp } from '../../bench/lib/xmpp-raw.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const service = process.env.XMPP_CHAT_TEST_SERVICE ?? 'ws://localhost:15280/xmpp-websocket';
const prosodyDir = process.env.XMPP_CHAT_PROSODY_DIR ?? join(root, '.prosody');
const COUNT = 2000;

const suffix = randomBytes(4).toString('hex');
const user = { name: `big-${suffix}`, password: 'bigpass' };
const zoe = { name: `zoe-${suffix}`, password: 'zoepass' };
let server;
let browser;
let zoeSession;

before(async () => {
  const prosody = (...args) => execFileSync('bash', [join(root, 'scripts/prosody.sh'), ...args], { stdio: 'pipe' });
  prosody('register', user.name, user.password);
  prosody('register', zoe.name, zoe.password);
  const storage = new BenchProsody({ root, dir: prosodyDir, httpPort: 0, c2sPort: 0 });
  // "Contact 0000" … "Contact 1998" (no accounts, no subscription), then Zoe, who sorts last and shares presence.
  const items = Array.from({ length: COUNT - 1 }, (_, i) => ({
    jid: `c${String(i).padStart(4, '0')}-${suffix}@localhost`,
    name: `Contact ${String(i).padStart(4, '0')}`,
    subscription: 'none',
  }));
  items.push({ jid: `${zoe.name}@localhost`, name: 'Zoe', subscription: 'both' });
  storage.writeRoster(user.name, items);
  storage.writeRoster(zoe.name, [{ jid: `${user.name}@localhost`, name: 'Big', subscription: 'both' }]);
  zoeSession = await RawXmpp.login({ service, username: zoe.name, password: zoe.password });
  zoeSession.send('<presence xmlns="jabber:client"/>');

  server = await createServer({ root, logLevel: 'error', server: { host: '127.0.0.1', port: 0 } });
  await server.listen();
  browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
});

after(async () => {
  await zoeSession?.close();
  await browser?.close();
  await server?.close();
});

/** Accessible name (aria-label, else rendered text through shadow roots) of the element focused deepest. */
function focused(page) {
  return page.evaluate(() => {
    const text = (node) => {
      if (node.nodeType === 3) return node.textContent;
      if (node.nodeType !== 1 || node.getAttribute('aria-hidden') === 'true') return '';
      return [...(node.shadowRoot ?? node).childNodes].map(text).join('');
    };
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el ? (el.getAttribute('aria-label') || text(el)).replace(/\s+/g, ' ').trim() : '';
  });
}

test(`a roster of ${COUNT} contacts keeps the DOM small and every contact reachable`, { timeout: 90_000 }, async () => {
  const t0 = Date.now();
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const { port } = server.httpServer.address();
  await page.goto(`http://127.0.0.1:${port}/demo/login.html`);
  await page.evaluate(
    ([service, jid, password]) => {
      const chat = document.querySelector('xmpp-chat');
      chat.setAttribute('service', service);
      chat.setAttribute('jid', jid);
      chat.setAttribute('password', password);
    },
    [service, `${user.name}@localhost`, user.password],
  );
  const chat = page.locator('xmpp-chat');
  await chat.and(page.locator('[state=online]')).waitFor({ timeout: 30_000 });
  const contacts = chat.getByRole('list', { name: 'Contacts' });
  await contacts.getByRole('button', { name: /^Contact 0000\b/ }).waitFor();
  const known = await page.evaluate(() => document.querySelector('xmpp-chat').store.state.roster.contacts.length);
  console.log(`  ${known} contacts known and the first rows on screen ${Date.now() - t0} ms after the page opened`);
  assert.equal(known, COUNT);

  const rows = contacts.getByRole('listitem');
  const inDom = await rows.count();
  console.log(`  ${inDom} rows in the DOM for ${COUNT} contacts`);
  assert.ok(inDom > 5 && inDom < 100, `${inDom} rows in the DOM`);
  assert.equal(await rows.first().getAttribute('aria-setsize'), String(COUNT));
  assert.equal(await rows.first().getAttribute('aria-posinset'), '1');
  // One Tab stop for the whole list.
  assert.equal(await contacts.locator('button.contact[tabindex="0"]').count(), 1);

  // Keyboard: Tab from the header reaches the list, arrows and Home/End move through all of it.
  await chat.getByRole('button', { name: 'Sign out' }).focus();
  await page.keyboard.press('Tab');
  assert.match(await focused(page), /^Contact 0000\b/);
  await page.keyboard.press('ArrowDown');
  assert.match(await focused(page), /^Contact 0001\b/);
  await page.keyboard.press('End');
  assert.match(await focused(page), /^Zoe\b.*online/);
  assert.ok((await rows.count()) < 100, 'still a small DOM at the end of the list');
  const last = contacts.getByRole('listitem').filter({ has: page.getByRole('button', { name: /^Zoe\b/ }) });
  assert.equal(await last.getAttribute('aria-posinset'), String(COUNT));
  await page.keyboard.press('ArrowUp');
  assert.match(await focused(page), /^Contact 1998\b/);
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'Remove Contact 1998');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Home');
  assert.match(await focused(page), /^Contact 0000\b/);
  await page.keyboard.press('PageDown');
  assert.doesNotMatch(await focused(page), /^Contact 0000\b/);

  // Zoe's presence changes while her row is in view, and the row follows.
  await page.keyboard.press('End');
  zoeSession.send('<presence xmlns="jabber:client"><show>away</show><status>Lunch</status></presence>');
  await contacts.getByRole('button', { name: /^Zoe\b.*Lunch.*away/ }).waitFor({ timeout: 10_000 });

  // Scrolling the middle into view renders the middle.
  await contacts.evaluate((list) => (list.parentElement.scrollTop = list.scrollHeight / 2));
  await contacts.getByRole('button', { name: /^Contact 1000\b/ }).waitFor();
  assert.ok((await rows.count()) < 100);

  // Enter opens the chat with the focused contact.
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  const active = await page.evaluate(() => document.querySelector('xmpp-chat').store.state.activeChat);
  assert.equal(active, `c0000-${suffix}@localhost`);

  // axe on the whole widget, virtualized list included.
  await page.addScriptTag({ path: join(root, 'node_modules/axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document.querySelector('xmpp-chat'));
    return result.violations.map((v) => `${v.id}: ${v.nodes.length} node(s)`);
  });
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
});
