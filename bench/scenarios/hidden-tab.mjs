/* global window, document */
// Scenario 6: presence stanzas the server delivers while the tab is hidden, against the same 50 contacts
// changing presence while it is visible. A widget using client state indication (XEP-0352: <inactive/> when
// hidden; the server then holds presence back) receives far fewer; the target is at least 90 % fewer.
//
// Hidden is emulated in the page (document.visibilityState + visibilitychange, see bench/pages/probe.js):
// headless Chromium keeps every page visible whatever CDP is asked.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { SETTLE_MS, openVisit, readyAt } from '../lib/browser.mjs';
import { meets, row } from '../lib/report.mjs';
import { median } from '../lib/stats.mjs';
import { RawXmpp, escapeXml } from '../lib/xmpp-raw.mjs';

const TARGET = { op: '>=', value: 0.9, text: '≥ 90 % fewer' };
const HIDDEN_WINDOW_MS = 3_000;

const isPresence = (f) => f.dir === 'received' && /^<presence\b/.test(f.data);

function sendAll(sessions, show, status) {
  for (const s of sessions) {
    s.send(`<presence xmlns="jabber:client"><show>${show}</show><status>${escapeXml(status)}</status></presence>`);
  }
}

/** Waits until the widget's store shows `status` for all `jids` (or `timeout`); returns how many it shows. */
async function storeShows(page, jids, status, timeout) {
  return page
    .waitForFunction(
      ([list, text]) => {
        const presence = document.getElementById('chat').store.state.presence;
        return list.every((jid) => Object.values(presence[jid] ?? {}).some((r) => r.status === text));
      },
      [jids, status],
      { timeout, polling: 50 },
    )
    .then(
      () => jids.length,
      () =>
        page.evaluate(
          ([list, text]) => {
            const presence = document.getElementById('chat').store.state.presence;
            return list.filter((jid) => Object.values(presence[jid] ?? {}).some((r) => r.status === text)).length;
          },
          [jids, status],
        ),
    );
}

export async function hiddenTab(ctx, { repeat = 3, user, contacts, changing = 50 }) {
  const sessions = [];
  const jids = [];
  try {
    for (let i = 0; i < changing; i++) {
      const c = ctx.contact('c', i, 4);
      sessions.push(await RawXmpp.login({ service: ctx.service, username: c.username, password: c.password, resource: 'bench' }));
      jids.push(`${c.username}@localhost`);
    }
    sendAll(sessions, 'chat', 'start');
    const runs = [];
    for (let run = 0; run < repeat; run++) {
      const v = await openVisit(ctx.browser);
      try {
        const q = new URLSearchParams({ service: ctx.service, jid: user.jid, password: user.password, expect: String(contacts) });
        await v.page.goto(`${ctx.base}/bench/pages/widget.html?${q}`);
        await readyAt(v.page);
        await storeShows(v.page, jids, 'start', 10_000);
        await v.log.quiet(SETTLE_MS);

        // Visible: 50 contacts change presence; count what arrives until the store shows all of it.
        let from = performance.now();
        sendAll(sessions, 'away', `visible ${run}`);
        const shownVisible = await storeShows(v.page, jids, `visible ${run}`, 10_000);
        await v.log.quiet(300);
        const visible = v.log.select({ from }).filter(isPresence).length;

        // Hidden: the same 50 change again; count what arrives within a fixed window.
        await v.page.evaluate(() => window.__bench.setHidden(true));
        await sleep(500);
        const csiFrom = from;
        from = performance.now();
        sendAll(sessions, 'dnd', `hidden ${run}`);
        await sleep(HIDDEN_WINDOW_MS);
        const hidden = v.log.select({ from }).filter(isPresence).length;
        const sentCsi = v.log.select({ from: csiFrom }).filter((f) => f.dir === 'sent' && f.data.includes('urn:xmpp:csi:0'));
        const inactiveSent = sentCsi.some((f) => f.data.includes('<inactive'));

        // Visible again: the widget must catch up with what it was not sent.
        from = performance.now();
        await v.page.evaluate(() => window.__bench.setHidden(false));
        const caughtUp = await storeShows(v.page, jids, `hidden ${run}`, 10_000);
        const activeSent = v.log.select({ from }).some((f) => f.dir === 'sent' && f.data.includes('<active') && f.data.includes('urn:xmpp:csi:0'));
        await v.page.evaluate(() => document.getElementById('chat').store.signOut()).catch(() => undefined);
        runs.push({ visible, hidden, shownVisible, caughtUp, inactiveSent, activeSent, errors: v.errors });
        ctx.progress(
          `  run ${run + 1}/${repeat}: visible ${visible} presence stanzas (store shows ${shownVisible}/${changing}); ` +
            `hidden ${hidden} in ${HIDDEN_WINDOW_MS} ms (<inactive/> sent: ${inactiveSent ? 'yes' : 'no'}); caught up ${caughtUp}/${changing}`,
        );
      } finally {
        await v.close();
      }
    }
      const reduction = 1 - median(runs.map((r) => r.hidden)) / median(runs.map((r) => r.visible));
    const csi = runs.filter((r) => r.inactiveSent).length;
    const caught = Math.min(...runs.map((r) => r.caughtUp));
    return {
      rows: [
        row({
          id: '6',
          scenario: 'Hidden tab',
          figure: `presence stanzas delivered while hidden, ${changing} contacts change`,
          unit: 'n',
          samples: runs.map((r) => r.hidden),
          floorSamples: runs.map((r) => r.visible),
          floorLabel: 'visible',
          value: reduction,
          valueUnit: '%',
          target: TARGET,
          met: meets(reduction, TARGET),
          note:
            `result = fewer than visible; <inactive/> sent in ${csi}/${runs.length} runs; after becoming visible the store ` +
            `showed ≥ ${caught}/${changing} of the changes made while hidden; hidden emulated in-page (headless Chromium stays visible)`,
        }),
      ],
      detail: runs,
    };
  } finally {
    await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
  }
}
