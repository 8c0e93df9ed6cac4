// Shared set-up of the Playwright tests: the site served by Vite, Debian's Chromium, and the test Prosody
// that `npm test` started (scripts/prosody.sh reaches it through the XMPP_CHAT_* variables it exports).
import { execFileSync } from 'node:child_process';
import { connect, createServer as createNetServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const service = process.env.XMPP_CHAT_TEST_SERVICE ?? 'ws://localhost:15280/xmpp-websocket';

export function prosody(...args) {
  return execFileSync('bash', [join(root, 'scripts/prosody.sh'), ...args], { stdio: 'pipe' }).toString();
}

/** A fresh account on the test server: { jid, username, password }. */
export function registerUser(prefix) {
  const username = `${prefix}-${randomUUID().slice(0, 8)}`;
  const password = `pw-${randomUUID().slice(0, 8)}`;
  prosody('register', username, password);
  return { username, password, jid: `${username}@localhost` };
}

/** Serves the repository (index.html, demo/, test/e2e/pages/) on a free loopback port. */
export async function startSite() {
  // Any Host header: a test may reach the site under another name (see launchChromium's `hosts`).
  const server = await createServer({ root, logLevel: 'error', server: { host: '127.0.0.1', port: 0, allowedHosts: true } });
  await server.listen();
  const { port } = server.httpServer.address();
  return { url: (path) => `http://127.0.0.1:${port}${path}`, close: () => server.close() };
}

/** Debian's Chromium; `hosts` are names that resolve to 127.0.0.1 in it (plain-http pages off localhost). */
export function launchChromium({ hosts = [] } = {}) {
  const resolve = hosts.length > 0 ? [`--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`] : [];
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', ...resolve],
  });
}

/** Records every WebSocket frame a page sends, across reloads. */
export function recordSentFrames(page) {
  const sent = [];
  page.on('websocket', (socket) => socket.on('framesent', ({ payload }) => sent.push(String(payload))));
  return sent;
}

/**
 * A TCP proxy on loopback in front of the test server's HTTP port, that can be taken down (connections
 * refused, open ones cut, as when the network or the server is down) and brought back on the same port.
 */
export async function startProxy(targetUrl = service) {
  const target = Number(new URL(targetUrl.replace(/^ws/, 'http')).port);
  const open = new Set();
  let server = null;
  let port = 0;
  const up = () =>
    new Promise((resolve, reject) => {
      server = createNetServer((client) => {
        const upstream = connect(target, '127.0.0.1');
        const end = () => {
          client.destroy();
          upstream.destroy();
          open.delete(client);
        };
        open.add(client);
        client.pipe(upstream).pipe(client);
        for (const socket of [client, upstream]) socket.on('error', end).on('close', end);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = server.address().port;
        resolve();
      });
    });
  const down = () =>
    new Promise((resolve) => {
      for (const socket of open) socket.destroy();
      open.clear();
      server.close(() => resolve());
    });
  await up();
  return { service: `ws://localhost:${port}/xmpp-websocket`, up, down };
}
