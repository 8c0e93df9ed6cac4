/* global document, window */
// A roster of 2,000 contacts in the widget, in Debian's Chromium driven by Playwright, against the test
// Prosody that `npm test` started: only the rows in view are in the DOM, every row still says where it is in
// the whole list, the keyboard reaches every contact, and a contact far down shows live presence.
//
// The roster is written straight into Prosody's storage (2,000 roster sets over XMPP cost O(n²) file writes,
// about a minute), for a fresh user who is offline, so Prosody reads it at sign-in as it would any roster.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BenchProsody } from '../../bench/lib/prosody.mjs';
import { RawXmpp } from '../../bench/lib/xmpp-raw.mjs';
import { launchChromium, registerUser, root, service, startSite } from './harness.mjs';

const COUNT = 2000;
const prosodyDir = process.env.XMPP_CHAT_PROSODY_DIR ?? join(root, '.prosody');

let site;
let browser;
let user;
let zoeSession;
const suffix = randomBytes(4).toString('hex');

before(async () => {
  user = registerUser('big');
  const zoe = registerUser('zoe');
  const storage = new BenchProsody({ root, dir: prosodyDir, httpPort: 0, c2sPort: 0 });
  // "Contact 0000" … "Contact 1998" (no accounts, no subscription), then Zoe, who sorts last and shares presence.
  const items = Array.from({ length: COUNT - 1 }, (_, i) => ({
    jid: `c${String(i).padStart(4, '0')}-${suffix}@localhost`,
    name: `Contact ${String(i).padStart(4, '0')}`,
    subscription: 'none',
  }));
  items.push({ jid: zoe.jid, name: 'Zoe', subscription: 'both' });
  storage.writeRoster(user.username, items);
  storage.writeRoster(zoe.username, [{ jid: user.jid, name: 'Big', subscription: 'both' }]);
  zoeSession = await RawXmpp.login({ service, username: zoe.username, password: zoe.password });
  zoeSession.send('<presence xmlns="jabber:client"/>');
  site = await startSite();
  browser = await launchChromium();
});

after(async () => {
  await zoeSession?.close();
  await browser?.close();
  await site?.close();
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
  const query = new URLSearchParams({ service, jid: user.jid, password: user.password });
  await page.goto(site.url(`/test/e2e/pages/widget.html?${query}`));
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

  // Keyboard: the list is one Tab stop (a contact, then its Remove button); arrows and Home/End go everywhere.
  await chat.getByRole('button', { name: 'Add contact', exact: true }).focus();
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(page), 'Remove Contact 0000');
  await page.keyboard.press('Shift+Tab');
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
