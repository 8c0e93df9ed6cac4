// The support desk end to end, as people use it, against the test Prosody: a visitor on the demo site and
// an agent on the agent console, in two browser profiles. The visitor opens the launcher on page 1, fills the
// pre-chat form and writes; the agent gets it with the details and answers; the visitor moves to page 2 and
// finds the conversation and the open panel there; the visitor closes the tab, the agent answers again, and
// the visitor who comes back finds that answer; the visitor rates the chat, and the agent sees the rating.
// Leaves test-results/support-*.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchChromium, registerUser, root, service, startSite } from './harness.mjs';

const shots = join(root, 'test-results');
let site;
let browser;

before(async () => {
  mkdirSync(shots, { recursive: true });
  [site, browser] = await Promise.all([startSite(), launchChromium()]);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

function watchErrors(page, errors) {
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
}

test('a visitor and an agent: pre-chat, answers across pages and a closed tab, rating', { timeout: 120_000 }, async () => {
  const desk = registerUser('desk');
  const errors = [];
  const agentProfile = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const agent = await agentProfile.newPage();
  watchErrors(agent, errors);
  await agent.goto(site.url(`/demo/agent.html?${new URLSearchParams({ service, jid: desk.jid, password: desk.password })}`));
  await agent.locator('xmpp-chat-client-agent[state=online]').waitFor({ timeout: 20_000 });

  const visitorProfile = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  let visitor = await visitorProfile.newPage();
  watchErrors(visitor, errors);
  const siteQuery = new URLSearchParams({ service, to: desk.jid });
  await visitor.goto(site.url(`/demo/site/index.html?${siteQuery}`));

  // Page 1: the launcher, the pre-chat form, the first message.
  await visitor.getByRole('button', { name: 'Chat', exact: true }).click();
  let panel = visitor.getByRole('dialog', { name: 'Fernwood Tea support' });
  await panel.getByRole('textbox', { name: 'Name' }).fill('Ada Lovelace');
  await panel.getByRole('textbox', { name: 'Email' }).fill('ada@example.org');
  await panel.getByRole('textbox', { name: 'How can we help?' }).fill('Which tea goes with lemon?');
  await panel.getByRole('checkbox').check();
  await panel.getByRole('button', { name: 'Start chat' }).click();
  await panel.getByRole('log', { name: 'Messages' }).getByText('Which tea goes with lemon?').waitFor();

  // The agent: the visitor by name, the details, the page; then an answer.
  const conversation = agent.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: /^Ada Lovelace/ });
  await conversation.click({ timeout: 15_000 });
  const details = agent.getByRole('complementary', { name: 'Visitor details' });
  await details.getByText('ada@example.org').waitFor();
  await details.getByRole('link', { name: /Home · Fernwood Tea/ }).waitFor({ timeout: 10_000 });
  await details.getByText('online').waitFor();
  const composer = agent.getByRole('textbox', { name: 'Message', exact: true });
  await composer.fill('Try the Darjeeling, Ada.');
  await composer.press('Enter');
  await panel.getByText('Try the Darjeeling, Ada.').waitFor();
  await visitor.screenshot({ path: join(shots, 'support-visitor.png') });

  // Page 2: the panel comes back open, with the conversation, on a resumed stream; the agent sees the new page.
  await visitor.getByRole('link', { name: 'Delivery' }).click();
  await visitor.waitForURL(/delivery\.html/);
  panel = visitor.getByRole('dialog', { name: 'Fernwood Tea support' });
  await panel.getByText('Try the Darjeeling, Ada.').waitFor({ timeout: 15_000 });
  await details.getByRole('link', { name: /Delivery · Fernwood Tea/ }).waitFor({ timeout: 10_000 });

  // The visitor closes the tab; the agent answers; the visitor comes back later and finds it.
  await visitor.close();
  await composer.fill('And it ships today.');
  await composer.press('Enter');
  await agent.getByRole('log', { name: 'Messages' }).getByText('And it ships today.').waitFor();
  visitor = await visitorProfile.newPage();
  watchErrors(visitor, errors);
  await visitor.goto(site.url(`/demo/site/teas.html?${siteQuery}`));
  // A conversation going on: the loader fetches the widget at once, and the badge counts the answer.
  await visitor.getByRole('button', { name: /^Chat, 1 unread message/ }).waitFor({ timeout: 20_000 });
  await visitor.getByRole('button', { name: /^Chat/ }).click();
  panel = visitor.getByRole('dialog', { name: 'Fernwood Tea support' });
  await panel.getByText('And it ships today.').waitFor();

  // The visitor ends the chat and rates it; the agent sees the rating.
  await panel.getByRole('button', { name: 'End chat' }).click();
  await panel.getByRole('radio', { name: '5 stars' }).check();
  await panel.getByRole('textbox', { name: 'Comment (optional)' }).fill('Lovely');
  await panel.getByRole('button', { name: 'Send rating' }).click();
  await panel.getByRole('button', { name: 'Start a new chat' }).waitFor();
  await details.getByRole('img', { name: 'Rated 5 of 5' }).waitFor({ timeout: 10_000 });
  await details.getByText('Lovely').waitFor();
  await agent.screenshot({ path: join(shots, 'support-agent.png') });
  assert.deepEqual(errors, []);
  await agentProfile.close();
  await visitorProfile.close();
});

test('two agents share the desk from two browsers: each sees the visitor and the other\'s signed answer; the visitor sees who is online', { timeout: 90_000 }, async () => {
  const desk = registerUser('desk');
  const errors = [];
  const consoles = [];
  for (const name of ['Ana', 'Ben']) {
    const profile = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await profile.newPage();
    watchErrors(page, errors);
    await page.goto(site.url(`/demo/agent.html?${new URLSearchParams({ service, jid: desk.jid, password: desk.password })}`));
    // The demo's console signs as Ana: the second agent is Ben.
    await page.locator('xmpp-chat').evaluate((chat, agent) => chat.setAttribute('agent', agent), name);
    await page.locator('xmpp-chat-client-agent[state=online]').waitFor({ timeout: 20_000 });
    consoles.push({ profile, page });
  }
  const [ana, ben] = consoles.map((c) => c.page);
  const visitorProfile = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const visitor = await visitorProfile.newPage();
  watchErrors(visitor, errors);
  await visitor.goto(site.url(`/demo/themed.html?${new URLSearchParams({ service, to: desk.jid })}`));
  await visitor.getByRole('button', { name: 'Chat', exact: true }).click();
  const panel = visitor.getByRole('dialog', { name: 'Night Market help' });
  await panel.getByText(/Ana, Ben online|Ben, Ana online/).waitFor({ timeout: 15_000 });
  await panel.getByRole('textbox', { name: 'Name' }).fill('Lin');
  await panel.getByRole('textbox', { name: 'Email' }).fill('lin@example.org');
  await panel.getByRole('textbox', { name: 'How can we help?' }).fill('Is anyone there?');
  await panel.getByRole('button', { name: 'Start chat' }).click();

  for (const agent of [ana, ben]) await agent.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: /^Lin/ }).click({ timeout: 15_000 });
  const box = ana.getByRole('textbox', { name: 'Message', exact: true });
  await box.fill('Ana here, how can I help?');
  await box.press('Enter');
  // Ben sees that Ana answered (the carbon of her reply, signed); so does the visitor.
  const benLog = ben.getByRole('log', { name: 'Messages', exact: true });
  await benLog.getByText('Ana here, how can I help?').waitFor();
  await benLog.getByText('— Ana').waitFor();
  await panel.getByText('— Ana').waitFor();

  // The agents leave one by one: the visitor sees who is left, then that no one is.
  await ana.getByRole('button', { name: 'Sign out', exact: true }).click();
  await panel.getByText('Ben online').waitFor({ timeout: 15_000 });
  await ben.getByRole('button', { name: 'Sign out', exact: true }).click();
  await panel.getByText("Offline: leave a message and we'll reply here").waitFor({ timeout: 15_000 });
  assert.deepEqual(errors, []);
  for (const { profile } of consoles) await profile.close();
  await visitorProfile.close();
});
