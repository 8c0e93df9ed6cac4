/* global window, document */
// Scenario 5: WebSocket bytes both ways of a full sign-in (500 contacts), compared with what coming back costs
//   a) after the socket drops (closed under the widget, as a network loss looks to both ends: no </close>),
//   b) after a reload of the page within the server's resumption window (smacks_hibernation_time = 60 s).
// A resumption (XEP-0198) should cost a small fraction of a sign-in; the target is 5 %.
import { setTimeout as sleep } from 'node:timers/promises';
import { FrameLog, SETTLE_MS, openVisit, readyAt } from '../lib/browser.mjs';
import { meets, row } from '../lib/report.mjs';
import { median } from '../lib/stats.mjs';

const TARGET = { op: '<=', value: 0.05, text: '≤ 5 % of full sign-in' };

async function waitConnects(page, n, timeout = 20_000) {
  await page.waitForFunction((count) => window.__bench.connects.length >= count, n, { timeout, polling: 50 });
  return page.evaluate(() => window.__bench.connects.at(-1));
}

async function once(ctx, user, contacts) {
  const v = await openVisit(ctx.browser);
  try {
    const q = new URLSearchParams({ service: ctx.service, jid: user.jid, password: user.password, expect: String(contacts) });
    await v.page.goto(`${ctx.base}/bench/pages/widget.html?${q}`);
    await readyAt(v.page);
    await waitConnects(v.page, 1);
    await v.log.quiet(SETTLE_MS);
    const full = FrameLog.bytes(v.log.select());

    // a) drop the socket
    const before = new Set(v.log.sockets.keys());
    await v.page.evaluate(() => window.__bench.sockets.at(-1).close());
    const dropped = await waitConnects(v.page, 2);
    await v.log.quiet(SETTLE_MS);
    const fresh = [...v.log.sockets.keys()].filter((id) => !before.has(id));
    const resume = FrameLog.bytes(v.log.select({ sockets: fresh }));

    // b) reload within the resumption window
    const beforeReload = new Set(v.log.sockets.keys());
    await v.page.reload();
    await readyAt(v.page);
    const reloaded = await waitConnects(v.page, 1);
    await v.log.quiet(SETTLE_MS);
    const afterReload = [...v.log.sockets.keys()].filter((id) => !beforeReload.has(id));
    const reload = FrameLog.bytes(v.log.select({ sockets: afterReload }));
    await v.page.evaluate(() => document.getElementById('chat').store.signOut()).catch(() => undefined);
    await sleep(100);
    return { full, resume, reload, dropResumed: dropped.resumed, reloadResumed: reloaded.resumed, errors: v.errors };
  } finally {
    await v.close();
  }
}

export async function reconnect(ctx, { repeat = 3, user, contacts }) {
  const runs = [];
  for (let i = 0; i < repeat; i++) {
    const r = await once(ctx, user, contacts);
    runs.push(r);
    ctx.progress(
      `  run ${i + 1}/${repeat}: full ${r.full.total} B; drop → ${r.dropResumed ? 'resumed' : 'new session'} ${r.resume.total} B; ` +
        `reload → ${r.reloadResumed ? 'resumed' : 'new session'} ${r.reload.total} B`,
    );
  }
  const full = runs.map((r) => r.full.total);
  const rowFor = (key, figure, resumedKey) => {
    const samples = runs.map((r) => r[key].total);
    const ratio = median(samples) / median(full);
    const resumed = runs.filter((r) => r[resumedKey]).length;
    return row({
      id: '5',
      scenario: 'Reconnect bytes',
      figure,
      unit: 'B',
      samples,
      floorSamples: full,
      floorLabel: 'full sign-in',
      value: ratio,
      valueUnit: '%',
      target: TARGET,
      met: meets(ratio, TARGET),
      note: `resumed (XEP-0198) in ${resumed}/${runs.length} runs${resumed < runs.length ? '; the others signed in afresh' : ''}`,
    });
  };
  return {
    rows: [
      rowFor('resume', 'bytes to come back after a dropped socket', 'dropResumed'),
      rowFor('reload', 'bytes to come back after a reload (< 60 s)', 'reloadResumed'),
    ],
    detail: runs.map(({ full: f, resume, reload, dropResumed, reloadResumed }) => ({ full: f, resume, reload, dropResumed, reloadResumed })),
  };
}
