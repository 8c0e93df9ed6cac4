// The package as a site installs it: `npm pack`, installed into a scratch Vite app that imports the full
// widget and the loader by their package names, type-checked against the package's types, built by Vite,
// and run in Chromium. Needs dist/ (npm run build).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { build, preview } from 'vite';
import { launchChromium, root } from './harness.mjs';

let scratch;
let browser;
let server;

function run(command, args, cwd) {
  try {
    return execFileSync(command, args, { cwd, stdio: 'pipe', env: { ...process.env, npm_config_update_notifier: 'false' } }).toString();
  } catch (error) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`, { cause: error });
  }
}

before(async () => {
  assert.ok(existsSync(join(root, 'dist', 'xmpp-chat-launcher.js')), 'dist/ exists (npm run build)');
  scratch = mkdtempSync(join(tmpdir(), 'xmpp-chat-app-'));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.httpServer.close(resolve) : resolve()));
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('npm pack gives a package that a Vite app installs, type-checks, builds and runs', { timeout: 180_000 }, async () => {
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', scratch], root));
  const files = packed.files.map((f) => f.path);
  for (const file of ['package.json', 'dist/xmpp-chat.js', 'dist/xmpp-chat-launcher.js', 'dist/custom-elements.json', 'dist/types/index.d.ts']) {
    assert.ok(files.includes(file), `the package holds ${file}`);
  }
  assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('test/')), 'only what a site needs');

  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }));
  // The package's dependencies come from npm's cache when they are there (npm ci filled it), else the registry.
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(scratch, packed.filename)], scratch);

  // A site's own code: both entry points by their package names, and their types.
  writeFileSync(join(scratch, 'full.ts'), `import 'xmpp-chat';
import type { ChatMessage, XmppChat } from 'xmpp-chat';
const chat: XmppChat = document.querySelector('xmpp-chat')!;
chat.addEventListener('xmpp-message-receive', (event) => console.log((event.message as ChatMessage).body));
export {};
`);
  writeFileSync(join(scratch, 'launcher.ts'), `import type { XmppChatLauncher, ChatUser } from 'xmpp-chat/launcher';
import 'xmpp-chat/launcher';
const user: ChatUser = { nick: 'Ada', email: 'ada@example.org' };
const launcher = document.querySelector('xmpp-chat') as unknown as XmppChatLauncher;
void launcher.setUser(user);
launcher.addEventListener('xmpp-unread-change', (event) => console.log(event.detail.count));
(window as unknown as { launcher: XmppChatLauncher }).launcher = launcher;
`);
  writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true, skipLibCheck: false, lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: [] },
    files: ['full.ts', 'launcher.ts'],
  }));
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', scratch], scratch);

  writeFileSync(join(scratch, 'full.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>full</title><script type="module" src="./full.ts"></script></head><body><xmpp-chat service="ws://localhost:9/none"></xmpp-chat></body></html>');
  writeFileSync(join(scratch, 'index.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>launcher</title><script type="module" src="./launcher.ts"></script></head><body><xmpp-chat mode="launcher" title="Help"></xmpp-chat></body></html>');
  await build({ root: scratch, logLevel: 'error', configFile: false, build: { outDir: 'dist', rollupOptions: { input: [join(scratch, 'index.html'), join(scratch, 'full.html')] } } });
  assert.match(readFileSync(join(scratch, 'dist', 'index.html'), 'utf8'), /<script type="module"/);
  server = await preview({ root: scratch, logLevel: 'error', configFile: false, preview: { host: '127.0.0.1', port: 0 } });
  const base = server.resolvedUrls.local[0];

  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${base}index.html`);
  await page.getByRole('button', { name: 'Chat', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Help' });
  // The full widget, fetched by the loader from the app's own build: its sign-in form.
  await panel.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 15_000 });
  await page.goto(`${base}full.html`);
  await page.locator('xmpp-chat').getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 15_000 });
  assert.deepEqual(errors, []);
});
