// End to end: the demo page as a person sees it, in Debian's Chromium driven by Playwright, against the
// test Prosody that `npm test` started. Leaves a screenshot in test-results/demo.png.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, prosody, root, service, startSite } from './harness.mjs';

const screenshot = join(root, 'test-results', 'demo.png');

let site;
let browser;

before(async () => {
  // The demo signs in as alice and bob with fixed passwords, as mutual contacts.
  prosody('register', 'alice', 'alicepass');
  prosody('register', 'bob', 'bobpass');
  prosody('contacts', 'alice', 'bob');
  [site, browser] = await Promise.all([startSite(), launchChromium()]);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

test('the demo page: alice and bob see each other online and chat', { timeout: 60_000 }, async (t) => {
  // Unique per run: the server's archive may hold an earlier run's words.
  const at = new Date().toLocaleTimeString('en-GB');
  const hello = `Hi Bob! Is the widget working? 👋 (${at})`;
  const reply = `Yes, <b>perfectly</b>, and this stays text. (${at})`;
  const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
  // On failure, a picture of the page says more than a timeout.
  t.after(async () => {
    if (!page.isClosed()) await page.screenshot({ path: join(root, 'test-results', 'demo-last.png'), fullPage: true }).catch(() => {});
  });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(site.url(`/?service=${encodeURIComponent(service)}`));

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
  await aliceBox.pressSequentially(hello);
  await aliceBox.press('Enter');
  const bobLog = bob.getByRole('log', { name: 'Messages', exact: true });
  await bobLog.getByText(hello).waitFor();

  const bobBox = bob.getByRole('textbox', { name: 'Message', exact: true });
  await bobBox.fill(reply);
  await bob.getByRole('button', { name: 'Send' }).click();
  const aliceLog = alice.getByRole('log', { name: 'Messages', exact: true });
  await aliceLog.getByText(reply).waitFor();

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
