/* global document */
// A page that opens while the server cannot be reached comes back by itself: alice's network is down, she
// reloads, writes 3 messages, reloads again while still offline; when the network is back the widget
// reconnects at once (the browser's `online` event, not the backoff) and bob gets exactly those 3, in order.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium, prosody, registerUser, service, startProxy, startSite } from './harness.mjs';

let site;
let browser;
let proxy;

before(async () => {
  [site, browser, proxy] = await Promise.all([startSite(), launchChromium(), startProxy()]);
});

after(async () => {
  await browser?.close();
  await site?.close();
  await proxy?.down().catch(() => undefined);
});

const pageFor = (user, via) =>
  site.url(`/test/e2e/pages/widget.html?${new URLSearchParams({ service: via, jid: user.jid, password: user.password })}`);

test('offline at page load: messages written offline survive a reload and go out once, in order, when the network is back', { timeout: 90_000 }, async () => {
  const alice = registerUser('offline-alice');
  const bob = registerUser('offline-bob');
  prosody('contacts', alice.username, bob.username);

  const bobPage = await browser.newPage();
  await bobPage.goto(pageFor(bob, service));
  const bobWidget = bobPage.locator('xmpp-chat');
  await bobWidget.and(bobPage.locator('[state=online]')).waitFor();

  // Alice has used the chat on this device before, through the network that is about to fail.
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pageFor(alice, proxy.service));
  const widget = page.locator('xmpp-chat');
  await widget.and(page.locator('[state=online]')).waitFor();
  await widget.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: new RegExp(`^${bob.username}`, 'i') }).click();

  await proxy.down();
  await page.reload();
  const countdown = widget.getByRole('status').filter({ hasText: /Offline: retrying in \d+ s/ });
  await countdown.waitFor();
  assert.equal(await widget.getAttribute('state'), 'connecting');
  await countdown.getByRole('button', { name: 'Retry now' }).waitFor();

  const box = widget.getByRole('textbox', { name: 'Message', exact: true });
  const log = widget.getByRole('log', { name: 'Messages', exact: true });
  const bodies = ['offline one', 'offline two', 'offline three'];
  for (const body of bodies) {
    await box.fill(body);
    await box.press('Enter');
    await log.getByText(body).waitFor();
  }
  await page.reload();
  for (const body of bodies) await log.getByRole('article').filter({ hasText: body }).getByText('Sending…').waitFor();

  // Let the backoff grow, so that only the `online` event can explain a quick reconnection.
  await context.setOffline(true);
  await page.waitForFunction(() => {
    const text = document.querySelector('xmpp-chat').shadowRoot.querySelector('[role=timer]')?.textContent ?? '';
    return Number(/in (\d+) s/.exec(text)?.[1] ?? 0) >= 4;
  }, null, { timeout: 30_000 });
  await proxy.up();
  const back = Date.now();
  await context.setOffline(false);
  await widget.and(page.locator('[state=online]')).waitFor({ timeout: 3_000 });
  assert.ok(Date.now() - back < 3_000, 'reconnected at once on the online event');

  const received = bobWidget.getByRole('log', { name: 'Messages', exact: true });
  await bobWidget.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: new RegExp(`^${alice.username}`, 'i') }).click();
  await received.getByText('offline three').waitFor();
  await page.waitForTimeout(1_000);
  const got = await received.locator('.body').allTextContents();
  assert.deepEqual(got.filter((text) => text.startsWith('offline')), bodies, 'bob got each message once, in order');
  for (const body of bodies) await log.getByRole('article').filter({ hasText: body }).getByText(/Sent|Delivered|Seen/).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
  await bobPage.close();
});
