/* global window */
// Scenario 9: what the loader (dist/xmpp-chat-launcher.js) costs the page that embeds it, on a first visit:
// its bytes, the main thread's time at load (Chromium's TaskDuration, the page with the loader against the
// same page without it, interleaved), and layout shift (the sum of shifts the user did not cause: must be 0).
// Nothing else may load until the visitor comes near the button: the full widget is counted if it was fetched.
import { setTimeout as sleep } from 'node:timers/promises';
import { checkBudgets, readBudgets } from '../lib/size.mjs';
import { meets, row } from '../lib/report.mjs';
import { openVisit } from '../lib/browser.mjs';

async function visit(ctx, page) {
  const tab = await openVisit(ctx.browser);
  try {
    await tab.cdp.send('Performance.enable');
    await tab.page.goto(`${ctx.base}/bench/pages/${page}`, { waitUntil: 'load' });
    // Settled: the loader's module ran and drew its button, and nothing follows.
    await sleep(800);
    const metrics = Object.fromEntries((await tab.cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const shifts = await tab.page.evaluate(() => window.__shifts);
    const widgetFetched = tab.responses.some((url) => url.endsWith('/dist/xmpp-chat.js'));
    if (tab.errors.length) throw new Error(`page errors: ${tab.errors.join('; ')}`);
    return {
      taskMs: metrics.TaskDuration * 1000,
      scriptMs: metrics.ScriptDuration * 1000,
      shift: shifts.filter((s) => !s.hadRecentInput).reduce((sum, s) => sum + s.value, 0),
      widgetFetched,
    };
  } finally {
    await tab.close();
  }
}

export async function loaderCost(ctx, { runs }) {
  const withLoader = [];
  const without = [];
  for (let i = 0; i < runs; i++) {
    without.push(await visit(ctx, 'host.html'));
    withLoader.push(await visit(ctx, 'host-launcher.html'));
  }
  const { launcher } = checkBudgets(`${ctx.root}/dist`, readBudgets(ctx.root));
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const extraTask = median(withLoader.map((v) => v.taskMs)) - median(without.map((v) => v.taskMs));
  const shift = Math.max(...withLoader.map((v) => v.shift));
  const fetched = withLoader.filter((v) => v.widgetFetched).length;
  const base = { id: '9', scenario: 'Loader cost' };
  const bytesTarget = { op: '<=', value: launcher.budget, text: `≤ ${launcher.budget.toLocaleString('en-US')} B gzip` };
  const shiftTarget = { op: '<=', value: 0, text: '0' };
  return {
    rows: [
      row({ ...base, figure: `the loader (${launcher.file}), gzip -9`, unit: 'B', samples: [launcher.gzip], value: launcher.gzip, target: bytesTarget, met: meets(launcher.gzip, bytesTarget), note: fetched ? `the full widget was fetched at load in ${fetched} of ${runs} visits` : 'nothing else fetched before the visitor comes near the button' }),
      row({ ...base, figure: 'main-thread time at load (TaskDuration), with the loader', unit: 'ms', samples: withLoader.map((v) => v.taskMs), floorSamples: without.map((v) => v.taskMs), floorLabel: 'page alone', value: extraTask, valueUnit: 'ms', note: 'result = what the loader adds (median with minus median without)' }),
      row({ ...base, figure: 'layout shift the user did not cause (sum, worst visit)', unit: 'n', samples: withLoader.map((v) => v.shift), value: shift, valueUnit: 'n', target: shiftTarget, met: meets(shift, shiftTarget) }),
    ],
    detail: { withLoader, without },
  };
}
