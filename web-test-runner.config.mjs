// @web/test-runner: TypeScript unit/component tests (test/**/*.test.ts) in headless Debian Chromium,
// driven by Playwright. No browser is ever downloaded: we point Playwright at /usr/bin/chromium.
//
// Env:
//   CHROME_PATH               browser binary (default /usr/bin/chromium)
//   XMPP_CHAT_TEST_HTTP_PORT  HTTP port of the test Prosody (default 15280); tests read the service URL
//                             from window.__XMPP_TEST__ (see test/helpers/server.ts), never hard-code it
//   WTR_COUNTS_FILE           if set, {"passed","failed","skipped",...} JSON is written there at the end
//   WTR_CONCURRENCY           test files run at the same time (default 2; each test registers its own users)
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { defaultReporter } from '@web/test-runner';
import { countsReporter } from './scripts/wtr-counts-reporter.mjs';
import { peerPlugin } from './scripts/wtr-peer-plugin.mjs';
import { privateProsodyPlugin } from './scripts/wtr-prosody-plugin.mjs';

const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
const HTTP_PORT = Number(process.env.XMPP_CHAT_TEST_HTTP_PORT || 15280);
const XMPP_TEST = { service: `ws://localhost:${HTTP_PORT}/xmpp-websocket`, domain: 'localhost' };

const chromiumArgs = [
  '--no-sandbox', // CI runs as root; Chromium refuses to start as root with the sandbox
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage', // small /dev/shm in containers
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Test files run side by side in tabs of one browser: a tab in the background must not have its timers
  // throttled to one a second (and the test's own polling with them), or its tests time out under load.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

// The module resolutions of the build (vite.config.ts), so that tests run what users get: `events`
// is src/xmpp/emitter.ts, `@xmpp/jid` src/xmpp/jid.ts, `@xmpp/xml` src/xmpp/xml.ts, `koa-compose` src/xmpp/compose.ts, the stream parser
// src/xmpp/frame-parser.ts, stream management without its SASL2 and bind2 halves, and ltx comes from its
// ES module sources rather than its CommonJS build. So no CommonJS is left to convert.
const buildResolutions = {
  name: 'build-resolutions',
  resolveImport({ source, context }) {
    if ((source === './lib/Parser.js' && /@xmpp\/xml\//.test(context.path)) || (source === './FramedParser.js' && /@xmpp\/websocket\//.test(context.path))) {
      return '/src/xmpp/frame-parser.ts';
    }
    if ((source === './bind2.js' || source === './sasl2.js') && /@xmpp\/stream-management\//.test(context.path)) return '/src/xmpp/no-sasl2.ts';
    if (source === 'events') return '/src/xmpp/emitter.ts';
    if (source === '@xmpp/jid') return '/src/xmpp/jid.ts';
    if (source === '@xmpp/xml') return '/src/xmpp/xml.ts';
    if (source === 'koa-compose') return '/src/xmpp/compose.ts';
    if (source.startsWith('ltx/lib/')) return `/node_modules/ltx/src/${source.slice('ltx/lib/'.length)}`;
  },
};

// Lit's dev-mode banner and similar notices are noise; everything else (errors above all) is shown.
const NOISE = [/Lit is in dev mode/, /Multiple versions of Lit loaded/];
function filterBrowserLogs({ args }) {
  const text = args.map((a) => (typeof a === 'string' ? a : '')).join(' ');
  return !NOISE.some((re) => re.test(text));
}

export default {
  files: ['test/**/*.test.ts', '!test/e2e/**'],
  rootDir: '.',
  nodeResolve: { exportConditions: ['browser', 'development'], browser: true },
  plugins: [
    privateProsodyPlugin({ httpPort: HTTP_PORT }),
    peerPlugin({ c2sPort: Number(process.env.XMPP_CHAT_TEST_C2S_PORT || 15222) }),
    buildResolutions,
    esbuildPlugin({ ts: true, target: 'auto', tsconfig: './tsconfig.json' }),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: CHROMIUM, headless: true, args: chromiumArgs },
    }),
  ],
  // Files run in parallel tabs against one Prosody. Safe because every test registers fresh users.
  concurrency: Number(process.env.WTR_CONCURRENCY || 2),
  concurrentBrowsers: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 20_000 } },
  // Page that runs each test file: exposes the test XMPP service before any test module loads.
  testRunnerHtml: (testFramework) => `<!doctype html>
<html>
  <head><meta charset="utf-8"></head>
  <body>
    <script>window.__XMPP_TEST__ = ${JSON.stringify(XMPP_TEST)};</script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  // No progress-bar redraws (escape codes) in CI logs / when piped.
  staticLogging: !process.stdout.isTTY || Boolean(process.env.CI),
  browserLogs: true,
  filterBrowserLogs,
  reporters: [defaultReporter({ reportTestResults: true, reportTestProgress: true }), countsReporter()],
};
