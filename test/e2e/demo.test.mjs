// End to end: the demo page as a person sees it, in Debian's Chromium driven by Playwright, against the
// test Prosody that `npm test` started. Leaves a screenshot in test-results/demo.png.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const service = process.env.XMPP_CHAT_TEST_SERVICE ?? 'ws://localhost:15280/xmpp-websocket';
const screenshot = join(root, 'test-results', 'demo.png');

let server;
let browser;

before(async () => {
  // The demo signs in as alice and bob with fixed passwords, as mutual contacts.
  const prosody = (...args) => execFileSync('bash', [join(root, 'scripts/prosody.sh'), ...args], { stdio: 'pipe' });
  prosody('register', 'alice', 'alicepass');
  prosody('register', 'bob', 'bobpass');
  prosody('contacts', 'alice', 'bob');
  server = await createServer({ root, logLevel: 'error', server: { host: '127.0.0.1', port: 0 } });
  await server.listen();
  browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the demo page: alice and bob see each other online and chat', { timeout: 60_000 }, async (t) => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
  // On failure, a picture of the page says more than a timeout.
  t.after(async () => {
    if (!page.isClosed()) await page.screenshot({ path: join(root, 'test-results', 'demo-last.png'), fullPage: true }).catch(() => {});
  });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const { port } = server.httpServer.address();
  await page.goto(`http://127.0.0.1:${port}/?service=${encodeURIComponent(service)}`);

  const alice = page.locator('xmpp-chat#alice');
  const bob = page.locator('xmpp-chat#bob');
  await alice.and(page.locator('[state=online]')).waitFor({ timeout: 20_000 });
  await bob.and(page.locator('[state=online]')).waitFor({ timeout: 20_000 });

  const bobInAlice = alice.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: /^Bob.*online/ });
  await bobInAlice.waitFor();
  await bob.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: /^Alice.*online/ }).waitFor();

  await bobInAlice.click();
  const aliceBox = alice.getByRole('textbox', { name: 'Message', exact: true });
  await assertFocused(aliceBox);
  await aliceBox.pressSequentially('Hi Bob! Is the widget working? 👋');
  await aliceBox.press('Enter');
  const bobLog = bob.getByRole('log', { name: 'Messages', exact: true });
  await bobLog.getByText('Hi Bob! Is the widget working? 👋').waitFor();

  const bobBox = bob.getByRole('textbox', { name: 'Message', exact: true });
  await bobBox.fill('Yes, <b>perfectly</b>, and this stays text.');
  await bob.getByRole('button', { name: 'Send' }).click();
  const aliceLog = alice.getByRole('log', { name: 'Messages', exact: true });
  await aliceLog.getByText('Yes, <b>perfectly</b>, and this stays text.').waitFor();

  await bob.getByRole('combobox', { name: 'Status' }).selectOption('away');
  await alice.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: /^Bob.*away/ }).waitFor();
  await page.locator('header .agents xmpp-presence-badge').nth(1).getByText('away').waitFor();

  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });
  assert.deepEqual(errors, []);
});

async function assertFocused(locator) {
  const focused = await locator.evaluate((el) => el.getRootNode().activeElement === el);
  assert.equal(focused, true, 'the message box has keyboard focus after choosing a contact');
}
