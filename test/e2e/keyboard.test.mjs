/* global document, getComputedStyle */
// The keyboard alone, as a person without a mouse uses the widget: sign in, open a contact, send, page back,
// change status, add a contact, accept a request. After every key, focus is on a control of the widget, never
// on <body>, and it is visible (:focus-visible, with an outline). Leaves test-results/keyboard.png.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchChromium, prosody, registerUser, root, service, startSite } from './harness.mjs';

let site;
let browser;

before(async () => {
  [site, browser] = await Promise.all([startSite(), launchChromium()]);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const pageFor = (user) => site.url(`/test/e2e/pages/widget.html?${new URLSearchParams(user ? { service, jid: user.jid, password: user.password } : { service })}`);

/** Where focus is, through shadow roots: its role-ish description, and whether it shows a focus ring. */
function focused(page) {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active || active === document.body) return { body: true };
    const style = getComputedStyle(active);
    return {
      body: false,
      tag: active.localName,
      name: active.getAttribute('aria-label') || active.textContent.trim().replace(/\s+/g, ' ').slice(0, 80),
      visible: active.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    };
  });
}

async function expectFocusVisible(page, what) {
  const now = await focused(page);
  assert.equal(now.body, false, `${what}: focus is not on <body>`);
  assert.equal(now.visible, true, `${what}: focus on ${now.tag} "${now.name}" is visible`);
  return now;
}

/** Presses Tab (or Shift+Tab) until focus is on an element whose name matches, checking focus at each step. */
async function tabTo(page, name, { back = false, most = 40 } = {}) {
  const path = [];
  for (let i = 0; i < most; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    path.push(now.body ? '<body>' : `${now.tag} "${now.name}"`);
    await expectFocusVisible(page, `Tab ${i + 1} towards ${name} (${path.join(' → ')})`);
    if (name.test(now.name)) return now;
  }
  throw new Error(`${name} not reached by ${back ? 'Shift+Tab' : 'Tab'}: ${path.join(' → ')}`);
}

test('keyboard only: sign in, open a contact, send, page back, change status, add a contact, accept a request', { timeout: 120_000 }, async () => {
  const alice = registerUser('kb-alice');
  const bob = registerUser('kb-bob');
  const carol = registerUser('kb-carol');
  const dave = registerUser('kb-dave');
  prosody('contacts', alice.username, bob.username);

  const bobPage = await browser.newPage();
  await bobPage.goto(pageFor(bob));
  const bobWidget = bobPage.locator('xmpp-chat');
  await bobWidget.and(bobPage.locator('[state=online]')).waitFor();
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  await page.goto(pageFor(null));
  const widget = page.locator('xmpp-chat');

  // Sign in, once the form is there.
  await widget.getByRole('button', { name: 'Sign in' }).waitFor();
  await tabTo(page, /^$/); // the Address field (its name comes from its label)
  await page.keyboard.type(alice.jid);
  await page.keyboard.press('Tab');
  await page.keyboard.type(alice.password);
  await page.keyboard.press('Enter');
  await widget.and(page.locator('[state=online]')).waitFor();
  await page.waitForFunction(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.getAttribute('aria-label') === 'Status';
  });
  await expectFocusVisible(page, 'after sign-in');

  // More than a page of history arrives; a reload later leaves only the newest page in memory.
  await bobWidget.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: new RegExp(`^${alice.username}`, 'i') }).click();
  const bobBox = bobWidget.getByRole('textbox', { name: 'Message', exact: true });
  for (let i = 1; i <= 60; i++) {
    await bobBox.fill(`history ${i}`);
    await bobBox.press('Enter');
  }
  const log = widget.getByRole('log', { name: 'Messages', exact: true });

  // Open bob's conversation from the contact list and send.
  await tabTo(page, new RegExp(`^${bob.username}`, 'i'));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.localName === 'textarea';
  });
  await page.keyboard.type('typed with the keyboard');
  await page.keyboard.press('Enter');
  await bobWidget.getByText('typed with the keyboard').waitFor();
  await expectFocusVisible(page, 'after sending');

  // Sign out and in again: this device keeps the history, and only its newest page is on screen.
  await log.getByText('history 60').waitFor();
  await tabTo(page, /^Sign out$/, { back: true, most: 80 });
  await page.keyboard.press('Enter');
  await widget.and(page.locator('[state=offline]')).waitFor();
  // Focus moves to the form's Address field, which keeps the address.
  await page.waitForFunction(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.getAttribute('name') === 'address';
  });
  await expectFocusVisible(page, 'after signing out');
  await page.keyboard.press('Tab');
  await page.keyboard.type(alice.password);
  await page.keyboard.press('Enter');
  await widget.and(page.locator('[state=online]')).waitFor();
  await log.getByText('typed with the keyboard').waitFor();
  assert.equal(await log.getByText('history 1', { exact: true }).count(), 0, 'only the newest page after the reload');
  // Focusing the button scrolls the log to its top, which may start loading by itself.
  await tabTo(page, /older messages/);
  await page.keyboard.press('Enter');
  await log.getByText('history 1', { exact: true }).waitFor();
  await expectFocusVisible(page, 'after paging back');

  // Change status: bob sees alice away.
  await tabTo(page, /^Status$/, { back: true, most: 80 });
  await page.keyboard.press('ArrowDown');
  await expectFocusVisible(page, 'after changing status');
  await bobWidget.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: new RegExp(`^${alice.username}.*away`, 'i') }).waitFor();

  // Add a contact.
  await tabTo(page, /^Add contact$/);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.getAttribute('aria-label') === 'Address';
  });
  await page.keyboard.type(dave.jid);
  await page.keyboard.press('Enter');
  await widget.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: new RegExp(`^${dave.username}`, 'i') }).waitFor();
  await expectFocusVisible(page, 'after adding a contact');

  // Accept a request.
  const carolPage = await browser.newPage();
  await carolPage.goto(pageFor(carol));
  const carolWidget = carolPage.locator('xmpp-chat');
  await carolWidget.and(carolPage.locator('[state=online]')).waitFor();
  await carolWidget.getByRole('button', { name: 'Add contact' }).click();
  await carolWidget.getByRole('textbox', { name: 'Address' }).fill(alice.jid);
  await carolWidget.getByRole('textbox', { name: 'Address' }).press('Enter');
  await widget.getByRole('list', { name: 'Requests' }).waitFor();
  await tabTo(page, new RegExp(`^Accept ${carol.jid}$`), { back: true, most: 80 });
  await page.keyboard.press('Enter');
  await widget.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: new RegExp(`^${carol.username}`, 'i') }).waitFor();
  await expectFocusVisible(page, 'after accepting a request');

  await page.screenshot({ path: join(root, 'test-results', 'keyboard.png') });
  await Promise.all([page.close(), bobPage.close(), carolPage.close()]);
});
