/* global window */
// A page with a strict Content-Security-Policy: scripts and styles from the site only, Trusted Types required.
// The built widget must work there with no violation at all: its positions go through the CSSOM, its styles
// are constructed stylesheets, and the only Trusted Types policies are Lit's and the widget's, by name.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { launchChromium, prosody, registerUser, root, service } from './harness.mjs';

const escape = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const wsOrigin = new URL(service).origin;
const POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  `connect-src 'self' ${wsOrigin}`,
  "require-trusted-types-for 'script'",
  'trusted-types lit-html xmpp-chat',
].join('; ');

let server;
let origin;
let browser;

before(async () => {
  server = createServer(async (request, response) => {
    const url = new URL(request.url, 'http://localhost');
    if (url.pathname === '/') {
      const attrs = ['service', 'jid', 'password'].map((name) => `${name}="${escape(url.searchParams.get(name) ?? '')}"`).join(' ');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': POLICY });
      response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>strict CSP</title>
<script src="/watch.js"></script><script type="module" src="/dist/xmpp-chat.js"></script></head>
<body><main><xmpp-chat ${attrs}></xmpp-chat></main></body></html>`);
      return;
    }
    if (url.pathname === '/desk') {
      // The support desk with the loader alone: a visitor's launcher, or the agent console (role=agent).
      const names = ['service', 'jid', 'password', 'visitor', 'to', 'prechat', 'agent', 'mode', 'title'];
      const attrs = names.filter((name) => url.searchParams.has(name)).map((name) => `${name}="${escape(url.searchParams.get(name))}"`).join(' ');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': POLICY });
      response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>strict CSP desk</title>
<script src="/watch.js"></script><script type="module" src="/dist/xmpp-chat-launcher.js"></script></head>
<body><main><h1>A strict page</h1><xmpp-chat ${attrs}></xmpp-chat></main></body></html>`);
      return;
    }
    if (url.pathname === '/watch.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(`window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));`);
      return;
    }
    const file = normalize(join(root, url.pathname));
    if (!file.startsWith(join(root, 'dist'))) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': extname(file) === '.js' ? 'text/javascript' : 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

test('the built widget under a strict CSP and Trusted Types: no violation, the roster laid out, messages sent', { timeout: 60_000 }, async () => {
  const alice = registerUser('csp-alice');
  const bob = registerUser('csp-bob');
  const others = [registerUser('csp-carol'), registerUser('csp-dave')];
  prosody('contacts', alice.username, bob.username);
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${origin}/?${new URLSearchParams({ service, jid: alice.jid, password: alice.password })}`);
  const widget = page.locator('xmpp-chat');
  await widget.and(page.locator('[state=online]')).waitFor({ timeout: 20_000 });
  const rows = widget.getByRole('list', { name: 'Contacts' }).getByRole('listitem');
  await rows.first().waitFor();
  // Two more through Add contact: a lazy chunk loads under the policy too.
  for (const other of others) {
    await widget.getByRole('button', { name: 'Add contact' }).click();
    await widget.getByRole('textbox', { name: 'Address' }).fill(other.jid);
    await widget.getByRole('textbox', { name: 'Address' }).press('Enter');
    await widget.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: new RegExp(`^${other.username}`, 'i') }).waitFor();
  }
  assert.equal(await rows.count(), 3);

  // Each row has its own place: before, every one sat at the top of the list, on top of each other.
  const tops = await rows.evaluateAll((items) => items.map((li) => Math.round(li.getBoundingClientRect().top)));
  assert.equal(new Set(tops).size, tops.length, `rows at distinct heights: ${tops}`);
  const list = await widget.getByRole('list', { name: 'Contacts' }).evaluate((ul) => ul.getBoundingClientRect().height);
  assert.ok(list >= tops.length * 30, `the list is as tall as its rows (${list} px)`);

  await widget.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: new RegExp(`^${bob.username}`, 'i') }).click();
  const box = widget.getByRole('textbox', { name: 'Message', exact: true });
  await box.fill('under a strict policy');
  await box.press('Enter');
  await widget.getByRole('log', { name: 'Messages', exact: true }).getByRole('article').filter({ hasText: 'under a strict policy' }).getByText(/Sent|Delivered|Seen/).waitFor();
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
});

test('the loader, the visitor flow and the agent console under the same policy: no violation', { timeout: 60_000 }, async () => {
  const desk = registerUser('csp-desk');
  const errors = [];
  const agent = await browser.newPage();
  agent.on('pageerror', (error) => errors.push(error.message));
  await agent.goto(`${origin}/desk?${new URLSearchParams({ mode: 'page', agent: 'Ana', service, jid: desk.jid, password: desk.password })}`);
  await agent.locator('xmpp-chat-client-agent[state=online]').waitFor({ timeout: 20_000 });
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  visitor.on('pageerror', (error) => errors.push(error.message));
  const query = { mode: 'launcher', title: 'Help', service, visitor: 'visitors.localhost', to: desk.jid, prechat: 'name email consent' };
  await visitor.goto(`${origin}/desk?${new URLSearchParams(query)}`);
  await visitor.getByRole('button', { name: 'Chat', exact: true }).click();
  const panel = visitor.getByRole('dialog', { name: 'Help' });
  await panel.getByRole('textbox', { name: 'Name' }).fill('Strict Visitor');
  await panel.getByRole('textbox', { name: 'Email' }).fill('strict@example.org');
  await panel.getByRole('textbox', { name: 'How can we help?' }).fill('Hello under a strict policy');
  await panel.getByRole('checkbox').check();
  await panel.getByRole('button', { name: 'Start chat' }).click();
  await agent.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: /^Strict Visitor/ }).click({ timeout: 15_000 });
  await agent.getByRole('complementary', { name: 'Visitor details' }).getByText('strict@example.org').waitFor();
  const box = agent.getByRole('textbox', { name: 'Message', exact: true });
  await box.fill('Answered under a strict policy');
  await box.press('Enter');
  await panel.getByText('Answered under a strict policy').waitFor();
  await panel.getByRole('button', { name: 'End chat' }).click();
  await panel.getByRole('radio', { name: '3 stars' }).check();
  await panel.getByRole('button', { name: 'Send rating' }).click();
  await agent.getByRole('complementary', { name: 'Visitor details' }).getByRole('img', { name: 'Rated 3 of 5' }).waitFor({ timeout: 10_000 });
  assert.deepEqual(await visitor.evaluate(() => window.__violations), []);
  assert.deepEqual(await agent.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
  await visitorContext.close();
  await agent.close();
});
