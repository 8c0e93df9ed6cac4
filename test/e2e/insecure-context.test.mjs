/* global window */
// A static page served over plain http from a host other than localhost is not a secure context: no
// crypto.randomUUID, no WebCrypto digest. The widget must still sign in (PLAIN, the socket to loopback being
// secure) and send, with ids from getRandomValues.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium, prosody, registerUser, service, startSite } from './harness.mjs';

let site;
let browser;

before(async () => {
  [site, browser] = await Promise.all([startSite(), launchChromium({ hosts: ['chat.example.test'] })]);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

test('on a plain-http page off localhost, the widget signs in and sends', { timeout: 60_000 }, async () => {
  const alice = registerUser('insecure-alice');
  const bob = registerUser('insecure-bob');
  prosody('contacts', alice.username, bob.username);
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const local = new URL(site.url('/test/e2e/pages/widget.html'));
  const url = `http://chat.example.test:${local.port}${local.pathname}?${new URLSearchParams({ service, jid: alice.jid, password: alice.password })}`;
  await page.goto(url);
  const context = await page.evaluate(() => ({ secure: window.isSecureContext, randomUUID: typeof crypto.randomUUID }));
  assert.deepEqual(context, { secure: false, randomUUID: 'undefined' }, 'the page is not a secure context');

  const widget = page.locator('xmpp-chat');
  await widget.and(page.locator('[state=online]')).waitFor({ timeout: 20_000 });
  await widget.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: new RegExp(`^${bob.username}`, 'i') }).click();
  const box = widget.getByRole('textbox', { name: 'Message', exact: true });
  await box.fill('sent from a plain-http page');
  await box.press('Enter');
  const message = widget.getByRole('log', { name: 'Messages', exact: true }).getByRole('article').filter({ hasText: 'sent from a plain-http page' });
  await message.getByText('Sent', { exact: true }).waitFor({ timeout: 10_000 });
  assert.deepEqual(errors, []);
});
