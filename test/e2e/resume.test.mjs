/* global indexedDB */
// A reload, or a navigation to another page of the site, resumes the XEP-0198 stream instead of signing
// in again: the socket sends <resume>, not a new bind, the roster is not fetched again, and the contacts'
// presence is still there.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium, prosody, recordSentFrames, registerUser, service, startSite } from './harness.mjs';

let site;
let browser;
let alice;
let bob;

before(async () => {
  alice = registerUser('resume-alice');
  bob = registerUser('resume-bob');
  prosody('contacts', alice.username, bob.username);
  [site, browser] = await Promise.all([startSite(), launchChromium()]);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

// `page` stands for another page of the same site.
const pageFor = (user, extra = {}) =>
  site.url(`/test/e2e/pages/widget.html?${new URLSearchParams({ ...extra, service, jid: user.jid, password: user.password })}`);

/** Bob online in one tab, Alice signed in in another of the same browser, seeing Bob online. */
async function aliceAndBob() {
  const context = await browser.newContext();
  const bobPage = await context.newPage();
  await bobPage.goto(pageFor(bob));
  await bobPage.locator('xmpp-chat[state=online]').waitFor();

  const page = await context.newPage();
  const sent = recordSentFrames(page);
  await page.goto(pageFor(alice));
  const widget = page.locator('xmpp-chat');
  await widget.and(page.locator('[state=online]')).waitFor();
  const bobButton = widget.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: new RegExp(`^${bob.username}.*online`, 'i') });
  await bobButton.waitFor();
  return { context, bobPage, page, sent, widget, bobButton };
}

test('a reload and a navigation resume the stream: no new bind, no roster fetch, presence kept', { timeout: 60_000 }, async () => {
  const { context, bobPage, page, sent, widget, bobButton } = await aliceAndBob();
  await bobButton.click();
  const box = widget.getByRole('textbox', { name: 'Message', exact: true });
  await box.fill('before the reload');
  await box.press('Enter');
  await bobPage.locator('xmpp-chat').getByText('before the reload').waitFor();
  assert.ok(sent.some((f) => f.includes('urn:ietf:params:xml:ns:xmpp-bind')), 'the first load binds a resource');

  for (const [how, go] of [
    ['reload', () => page.reload()],
    ['navigation', () => page.goto(pageFor(alice, { page: '2' }))],
  ]) {
    sent.length = 0;
    await go();
    await widget.and(page.locator('[state=online]')).waitFor();
    assert.ok(sent.some((f) => f.startsWith('<resume')), `${how}: the socket sends <resume>`);
    assert.ok(!sent.some((f) => f.includes('urn:ietf:params:xml:ns:xmpp-bind')), `${how}: no new bind`);
    assert.ok(!sent.some((f) => f.includes('jabber:iq:roster')), `${how}: no roster fetch`);
    assert.ok(!sent.some((f) => /^<presence/.test(f)), `${how}: no initial presence again`);
    // The server sends no presence after a resume: it came back from this tab's saved state.
    await bobButton.waitFor({ timeout: 2_000 });
    await widget.getByRole('log', { name: 'Messages', exact: true }).getByText('before the reload').waitFor();
  }

  // Messages still flow both ways on the resumed stream.
  await bobPage.locator('xmpp-chat').getByRole('textbox', { name: 'Message', exact: true }).fill('after the navigation');
  await bobPage.locator('xmpp-chat').getByRole('textbox', { name: 'Message', exact: true }).press('Enter');
  await widget.getByText('after the navigation').waitFor();
  await context.close();
});

test('a resume with no roster on this device fetches it: a reload before it was written loses nothing', { timeout: 60_000 }, async () => {
  const { context, page, sent, widget } = await aliceAndBob();
  // As if the page went away before the roster reached IndexedDB.
  await page.evaluate(async (account) => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open(`xmpp-chat:${account}`);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction(['meta'], 'readwrite');
    tx.objectStore('meta').delete('roster');
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  }, alice.jid);

  sent.length = 0;
  await page.reload();
  await widget.and(page.locator('[state=online]')).waitFor();
  assert.ok(sent.some((f) => f.startsWith('<resume')), 'the socket sends <resume>');
  await widget.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: new RegExp(`^${bob.username}`, 'i') }).waitFor();
  assert.ok(sent.some((f) => f.includes('jabber:iq:roster')), 'the roster is fetched');
  await context.close();
});
