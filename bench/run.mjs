#!/usr/bin/env node
// `npm run bench`: builds, starts its own Prosody (fresh temp dir, own ports), provisions users, runs every
// performance scenario in headless Debian Chromium (playwright-core + CDP), and prints a table:
// scenario, figure, median [min–max] over repeated runs, the floor or baseline measured in the same run, the
// result the target is about, the target, and whether it is met. The same data goes to bench/results/latest.json.
//
//   node bench/run.mjs [--runs=10] [--repeat=3] [--only=1,2,5] [--keep]
//     --runs    visits per side in scenario 2 (widget and floor interleaved)      default 10
//     --repeat  runs of scenarios 4, 5 and 6                                        default 3
//     --only    scenarios to run (1 and 7a need 2's visits; 7b needs 3; 9 is the loader's cost to a host page;
//               10 to 12 are rooms: a big one, a busy one, a long archive)
//     --keep    keep the temp dir (Prosody data and log, floor builds)
// Env: CHROME_PATH (/usr/bin/chromium).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Node 20 has the global WebSocket (used by the bench's contacts) only behind a flag: run again with it.
if (typeof globalThis.WebSocket === 'undefined') {
  const again = spawnSync(process.execPath, ['--experimental-websocket', '--no-warnings', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}

const { buildLike } = await import('./lib/build.mjs');
const { launch } = await import('./lib/browser.mjs');
const { BenchProsody, freePorts, scramCredentials } = await import('./lib/prosody.mjs');
const { printTable } = await import('./lib/report.mjs');
const { serveStatic } = await import('./lib/static-server.mjs');
const { sizeRows } = await import('./scenarios/size.mjs');
const { timeToRoster } = await import('./scenarios/time-to-roster.mjs');
const { reconnect } = await import('./scenarios/reconnect.mjs');
const { hiddenTab } = await import('./scenarios/hidden-tab.mjs');
const { presenceStorm } = await import('./scenarios/presence-storm.mjs');
const { longHistory } = await import('./scenarios/long-history.mjs');
const { loaderCost } = await import('./scenarios/loader.mjs');
const { bigRoom, busyRoom, roomArchive, seedRooms } = await import('./scenarios/rooms.mjs');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? true];
  }),
);
const RUNS = Number(args.runs ?? 10);
const REPEAT = Number(args.repeat ?? 3);
const only = args.only ? new Set(String(args.only).split(',')) : null;
const wants = (id) => !only || only.has(id);

const say = (...a) => console.log(...a);
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;

// ---- users -------------------------------------------------------------------------------------------
const pad = (n, w) => String(n).padStart(w, '0');
const USERS = {
  bench: { name: 'bench', password: 'benchpass', contacts: 500 },
  storm: { name: 'storm', password: 'stormpass', contacts: 10_000 },
};
const CONTACT_PASSWORD = 'contactpass';
const contactName = (prefix, i, width) => `${prefix}${pad(i, width)}`;

function provision(prosody) {
  const user = scramCredentials(USERS.bench.password, 'bench-salt');
  const storm = scramCredentials(USERS.storm.password, 'storm-salt');
  const contact = scramCredentials(CONTACT_PASSWORD, 'contact-salt');
  prosody.writeAccounts(['bench'], user);
  prosody.writeAccounts(['storm'], storm);
  for (const [owner, prefix, width] of [['bench', 'c', 4], ['storm', 's', 5]]) {
    const n = USERS[owner].contacts;
    const names = Array.from({ length: n }, (_, i) => contactName(prefix, i, width));
    prosody.writeAccounts(names, contact);
    prosody.writeRoster(
      owner,
      names.map((name, i) => ({ jid: `${name}@localhost`, name: `Contact ${pad(i, width)}`, subscription: 'both' })),
    );
    for (const name of names) prosody.writeRoster(name, [{ jid: `${owner}@localhost`, name: owner, subscription: 'both' }]);
  }
}

// ---- main --------------------------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'xmpp-chat-bench-'));
const buildDir = join(work, 'build');
let prosody;
let server;
let browser;
let chromiumVersion = null;
const rows = [];
const detail = {};
let exitCode = 0;
// Ctrl-C or a kill: stop our Prosody and remove the temp dir before going.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}
try {
  say(`xmpp-chat bench — ${new Date().toISOString()}`);
  say(`machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), node ${process.version}`);

  say(`\n[${elapsed()}] build: npm run build, and the floors (vite, same config)`);
  try {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    throw new Error(`npm run build failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`, { cause: error });
  }
  mkdirSync(buildDir, { recursive: true });
  await buildLike(root, 'bench/pages/size-floor.js', buildDir, 'size-floor.js');
  await buildLike(root, 'bench/pages/floor-roster.js', buildDir, 'floor-roster.js');
  await buildLike(root, 'bench/pages/floor-room.js', buildDir, 'floor-room.js');

  const ports = await freePorts();
  prosody = new BenchProsody({ root, dir: join(work, 'prosody'), ...ports });
  say(`[${elapsed()}] Prosody on :${ports.httpPort}/:${ports.c2sPort}, data in ${prosody.dir}`);
  provision(prosody);
  await prosody.start();
  say(`[${elapsed()}] provisioned: bench (${USERS.bench.contacts} contacts), storm (${USERS.storm.contacts} contacts), all mutual`);

  server = await serveStatic({ '/dist/': join(root, 'dist'), '/bench/pages/': join(root, 'bench/pages'), '/build/': buildDir });
  browser = await launch();
  chromiumVersion = browser.version();
  say(`[${elapsed()}] Chromium ${chromiumVersion} (headless, ${process.env.CHROME_PATH || '/usr/bin/chromium'})`);

  const ctx = {
    root,
    browser,
    base: server.url,
    service: prosody.service,
    prosody,
    buildDir,
    progress: (line) => say(line),
    users: {
      bench: { jid: 'bench@localhost', password: USERS.bench.password },
      storm: { jid: 'storm@localhost', password: USERS.storm.password },
    },
    contact: (prefix, i, width) => ({ username: contactName(prefix, i, width), password: CONTACT_PASSWORD }),
  };

  // A scenario that throws becomes one "failed" row; the others still run.
  const attempt = async (id, scenario, fn) => {
    try {
      return await fn();
    } catch (error) {
      console.error(`  scenario ${id} failed: ${error.stack ?? error}`);
      exitCode = 1;
      rows.push({ id, scenario, figure: 'FAILED', unit: '', samples: [], stats: null, floor: null, value: null, target: null, met: false, note: String(error.message ?? error).split('\n')[0] });
      return null;
    }
  };

  let visited = [];
  if (wants('2') || wants('7a') || wants('8') || wants('1')) {
    say(`\n[${elapsed()}] scenarios 2, 7a, 8: ${RUNS} visits each of the widget and the floor, interleaved`);
    const r = await attempt('2', 'Time to roster', () => timeToRoster(ctx, { runs: RUNS, user: ctx.users.bench, contacts: USERS.bench.contacts }));
    if (r) {
      visited = r.visited;
      detail.timeToRoster = r.detail;
      rows.push(...r.rows.filter((x) => wants(x.id)));
    }
  }
  if (wants('5')) {
    say(`\n[${elapsed()}] scenario 5: full sign-in, then a dropped socket, then a reload (${REPEAT} runs)`);
    const r = await attempt('5', 'Reconnect bytes', () => reconnect(ctx, { repeat: REPEAT, user: ctx.users.bench, contacts: USERS.bench.contacts }));
    if (r) {
      detail.reconnect = r.detail;
      rows.push(...r.rows);
    }
  }
  if (wants('6')) {
    say(`\n[${elapsed()}] scenario 6: 50 contacts change presence, tab visible then hidden (${REPEAT} runs)`);
    const r = await attempt('6', 'Hidden tab', () => hiddenTab(ctx, { repeat: REPEAT, user: ctx.users.bench, contacts: USERS.bench.contacts }));
    if (r) {
      detail.hiddenTab = r.detail;
      rows.push(...r.rows);
    }
  }
  if (wants('4')) {
    say(`\n[${elapsed()}] scenario 4: ${USERS.storm.contacts} contacts, ${USERS.storm.contacts} presences in 1 s (${REPEAT} runs each, widget and floor)`);
    const r = await attempt('4', 'Presence storm', () => presenceStorm(ctx, { repeat: REPEAT, user: ctx.users.storm, contacts: USERS.storm.contacts }));
    if (r) {
      detail.presenceStorm = r.detail;
      rows.push(...r.rows);
    }
  }
  if (wants('3') || wants('7b')) {
    say(`\n[${elapsed()}] scenarios 3, 7b: 100,000 messages in IndexedDB, open, scroll back 10,000 (${REPEAT} runs)`);
    const r = await attempt('3', 'Long history', () => longHistory(ctx, { repeat: REPEAT, user: ctx.users.bench, contacts: USERS.bench.contacts }));
    if (r) {
      detail.longHistory = r.detail;
      rows.push(...r.rows.filter((x) => wants(x.id)));
    }
  }
  if (wants('9')) {
    say(`\n[${elapsed()}] scenario 9: what the loader costs a host page (${RUNS} visits with it, ${RUNS} without, interleaved)`);
    const r = await attempt('9', 'Loader cost', () => loaderCost(ctx, { runs: RUNS }));
    if (r) {
      detail.loaderCost = r.detail;
      rows.push(...r.rows);
    }
  }
  if (wants('10') || wants('11') || wants('12')) {
    say(`\n[${elapsed()}] scenarios 10 to 12: rooms (seeding: a room of 10,000 people, an archive of 100,000 messages)`);
    await seedRooms(ctx, [
      ...(wants('10') ? [{ room: 'big@conference.localhost', occupants: 10_000 }] : []),
      ...(wants('12') ? [{ room: 'archive@conference.localhost', messages: 100_000 }] : []),
    ]);
    say(`[${elapsed()}] seeded`);
    for (const [id, scenario, fn] of [
      ['10', 'Big room', () => bigRoom(ctx, { repeat: REPEAT })],
      ['11', 'Busy room', () => busyRoom(ctx, {})],
      ['12', 'Room archive', () => roomArchive(ctx, { repeat: REPEAT })],
    ]) {
      if (!wants(id)) continue;
      say(`\n[${elapsed()}] scenario ${id}: ${scenario}`);
      const r = await attempt(id, scenario, fn);
      if (r) {
        detail[scenario] = r.detail;
        rows.push(...r.rows);
      }
    }
  }
  if (wants('1')) {
    const r = sizeRows({ root, buildDir, visited });
    detail.size = r.detail;
    rows.unshift(...r.rows);
  }
} catch (error) {
  exitCode = 1;
  console.error(`\nbench failed: ${error.stack ?? error}`);
} finally {
  await cleanup();
}

async function cleanup() {
  const [b, s, p] = [browser, server, prosody];
  browser = server = prosody = undefined;
  await b?.close().catch(() => undefined);
  await s?.close().catch(() => undefined);
  await p?.stop().catch(() => undefined);
  if (args.keep) say(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

if (rows.length) {
  const order = ['1', '2', '3', '4', '5', '6', '7a', '7b', '8', '9', '10', '11', '12'];
  rows.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  say(`\n[${elapsed()}] results (median [min–max] n; "result" is what the target is about)\n`);
  printTable(rows);
  const summary = {
    date: new Date().toISOString(),
    chromium: chromiumVersion,
    cores: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? null,
    node: process.version,
    commit: (() => {
      try {
        const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: 'pipe' }).trim();
        const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8', stdio: 'pipe' }).trim();
        return dirty ? `${head} + uncommitted changes` : head;
      } catch {
        return null;
      }
    })(),
    options: { runs: RUNS, repeat: REPEAT, only: only ? [...only] : null },
    rows,
    detail,
  };
  const out = join(root, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const met = rows.filter((r) => r.met === true).length;
  const missed = rows.filter((r) => r.met === false).length;
  const unmeasured = rows.filter((r) => r.met === null).length;
  say(`\n${met} met, ${missed} not met, ${unmeasured} not measured — Chromium ${summary.chromium}, ${summary.cores} cores, ${elapsed()}`);
  say(`wrote bench/results/latest.json`);
}
process.exit(exitCode);
