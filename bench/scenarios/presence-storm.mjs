/* global window, document */
// Scenario 4: a roster of 10,000 contacts, then 10,000 presence stanzas within one second, fed in at the
// session's inbound boundary: the page's WebSocket, as message events, each in its own task, posted by a worker
// on its own clock so they queue up like a server's frames when the main thread is busy (and @xmpp/client
// parses them as it would real ones). Measured: the time from the arrival of the last stanza until the roster
// on screen reflects all of them (after paint), the longest main-thread task from the first stanza until then,
// and that every presence is in the store. The floor is @xmpp/client alone receiving the same stanzas.
//
// Each side signs in once in its own browser context (so a roster cache, once the widget has one, is filled),
// then opens a new tab for every run: the roster then comes from that cache (or from the server without one;
// the note says which, by the roster bytes on the wire). Before each storm the sign-in must be over: after initial
// presence Prosody answers its probes of 10,000 offline contacts with 10,000 "unavailable" (several seconds).
// A storm fed while those are still coming would also make the client acknowledge (XEP-0198) more stanzas than
// the server sent, and Prosody closes such a stream.
import { FrameLog, SETTLE_MS, openTab, openVisit, readyAt } from '../lib/browser.mjs';
import { meets, row } from '../lib/report.mjs';
import { median } from '../lib/stats.mjs';

const RENDER = { op: '<=', value: 300, text: '≤ 300 ms' };
const TASK = { op: '<=', value: 50, text: '≤ 50 ms' };

async function signedIn(v, url, { kind, contacts }) {
  const from = v.log.frames.length ? v.log.frames.at(-1).at + 1 : 0;
  await v.page.goto(url);
  const toRoster = await readyAt(v.page, 120_000);
  let resumed = false;
  if (kind === 'widget') {
    await v.page.waitForFunction(() => window.__bench.connects.length > 0, null, { timeout: 60_000, polling: 50 });
    resumed = await v.page.evaluate(() => window.__bench.connects[0].resumed);
  }
  if (kind === 'widget' && !resumed) {
    // A fresh session: every probe answered (one presence per contact), then quiet. A resumed stream gets none.
    const deadline = Date.now() + 180_000;
    while (v.log.select({ from }).filter((f) => f.dir === 'received' && f.data.startsWith('<presence')).length < contacts && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  await v.log.quiet(SETTLE_MS, 60_000);
  const frames = v.log.select({ from });
  const rosterBytes = frames.filter((f) => f.dir === 'received' && f.data.includes('jabber:iq:roster')).reduce((s, f) => s + f.bytes, 0);
  return { toRoster, rosterBytes, resumed, loginBytes: FrameLog.bytes(frames).total };
}

function stormInPage({ kind, count }) {
  const bench = window.__bench;
  const socket = bench.sockets.filter((s) => s.readyState === 1).at(-1);
  const chat = document.getElementById('chat');
  const to = kind === 'widget' ? chat.store.state.connection.jid : window.__floor.xmpp.jid.toString();
  const jid = (i) => `s${String(i).padStart(5, '0')}@localhost`;
  const stanzas = Array.from(
    { length: count },
    (_, i) => `<presence xmlns="jabber:client" from="${jid(i)}/storm" to="${to}"><show>away</show><status>storm ${i}</status></presence>`,
  );
  const floorBefore = kind === 'floor' ? window.__floor.presences : 0;
  const connectsBefore = bench.connects.length;
  const rows = () => [...chat.shadowRoot.querySelector('xmpp-roster').shadowRoot.querySelectorAll('[part~=contacts] > li')];
  const done =
    kind === 'widget'
      ? () => {
          const presence = chat.store.state.presence;
          if (Object.keys(presence).length < count) return false;
          // The rows on screen show the stormed status text and an "away" badge.
          const shown = rows();
          return shown.length > 0 && shown.every((li) => li.textContent.includes('storm') && li.querySelector('xmpp-presence-badge')?.availability === 'away');
        }
      : () => window.__floor.presences - floorBefore >= count;
  return bench.feed(socket, stanzas, 1000).then(async ({ first, last, done: dispatched }) => {
    const painted = await bench.whenPainted(done, 60_000).catch(() => null);
    let reflected = 0;
    if (kind === 'widget') {
      const presence = chat.store.state.presence;
      for (let i = 0; i < count; i++) {
        const r = presence[jid(i)]?.storm;
        if (r && r.availability === 'away' && r.status === `storm ${i}`) reflected += 1;
      }
    } else {
      reflected = window.__floor.presences - floorBefore;
    }
    return {
      feedMs: last - first,
      dispatchLagMs: dispatched - last,
      renderMs: painted === null ? null : painted - last,
      longestTask: bench.longestTask(first, painted ?? performance.now()),
      reflected,
      reconnected: bench.connects.length > connectsBefore,
    };
  });
}

export async function presenceStorm(ctx, { repeat = 3, user, contacts }) {
  const runs = { widget: [], floor: [] };
  for (const kind of ['floor', 'widget']) {
    const visit = await openVisit(ctx.browser);
    try {
      const q = new URLSearchParams({ service: ctx.service, jid: user.jid, password: user.password, expect: String(contacts) });
      const url = `${ctx.base}/bench/pages/${kind === 'widget' ? 'widget.html' : 'floor.html'}?${q}`;
      const first = await signedIn(visit, url, { kind, contacts });
      ctx.progress(`  ${kind.padEnd(6)} first visit: roster on screen ${Math.round(first.toRoster)} ms, ${first.rosterBytes} B of roster`);
      await visit.page.close();
      // Every run is a new tab in the same browser context: whatever the widget cached (IndexedDB) is there,
      // but no stream to resume (that is per tab). A new tab also leaves behind the stream the storm fed:
      // its stanza count (XEP-0198) no longer matches the server's, so it could not be resumed anyway.
      for (let i = 0; i < repeat; i++) {
        const v = await openTab(visit.context);
        try {
          const login = await signedIn(v, url, { kind, contacts });
          const r = { ...(await v.page.evaluate(stormInPage, { kind, count: contacts })), ...login, errors: [...v.errors] };
          runs[kind].push(r);
          ctx.progress(
            `  run ${i + 1}/${repeat} ${kind.padEnd(6)} ${r.resumed ? 'resumed, ' : ''}roster on screen ${Math.round(r.toRoster)} ms (${r.rosterBytes} B of roster); ` +
              `storm posted over ${Math.round(r.feedMs)} ms, dispatched ${Math.round(r.dispatchLagMs)} ms after the last, ` +
              `painted ${r.renderMs === null ? 'never (60 s)' : `${Math.round(r.renderMs)} ms`} after the last; longest task ` +
              `${Math.round(r.longestTask)} ms; reflected ${r.reflected}/${contacts}${r.reconnected ? '; RECONNECTED during the storm' : ''}`,
          );
        } finally {
          await v.close();
        }
      }
    } finally {
      await visit.close();
    }
  }
  const w = runs.widget;
  const render = w.map((r) => r.renderMs ?? Infinity);
  const cached = w.every((r) => r.rosterBytes < 10_000);
  const resumedRuns = w.filter((r) => r.resumed).length;
  const source =
    (cached
      ? "roster from the widget's cache (no roster on the wire)"
      : `roster from the server (${median(w.map((r) => r.rosterBytes)).toLocaleString('en-US')} B again in a new tab: no roster cache)`) +
    (resumedRuns ? `; stream resumed in ${resumedRuns}/${w.length} runs` : '');
  const errors = [...new Set(w.flatMap((r) => r.errors))];
  return {
    rows: [
      row({
        id: '4',
        scenario: 'Presence storm',
        figure: `last of ${contacts.toLocaleString('en-US')} presences (1 s) → roster painted`,
        unit: 'ms',
        samples: render,
        floorSamples: runs.floor.map((r) => r.renderMs ?? Infinity),
        value: median(render),
        target: RENDER,
        met: meets(median(render), RENDER),
        note: `${source}; time to roster on screen ${Math.round(median(w.map((r) => r.toRoster)))} ms (floor ${Math.round(median(runs.floor.map((r) => r.toRoster)))} ms)${errors.length ? `; page errors: ${errors.join(' | ')}` : ''}`,
      }),
      row({
        id: '4',
        scenario: 'Presence storm',
        figure: 'longest main-thread task, first stanza → painted',
        unit: 'ms',
        samples: w.map((r) => r.longestTask),
        floorSamples: runs.floor.map((r) => r.longestTask),
        value: Math.max(...w.map((r) => r.longestTask)),
        target: TASK,
        met: meets(Math.max(...w.map((r) => r.longestTask)), TASK),
        note: 'PerformanceObserver("longtask"): 0 = no task reached 50 ms; result = the longest over all runs',
      }),
      row({
        id: '4',
        scenario: 'Presence storm',
        figure: 'presences reflected in the store',
        unit: 'n',
        samples: w.map((r) => r.reflected),
        value: Math.min(...w.map((r) => r.reflected)),
        valueUnit: 'n',
        target: { op: '>=', value: contacts, text: `all ${contacts.toLocaleString('en-US')}` },
        met: Math.min(...w.map((r) => r.reflected)) >= contacts,
        note: w.some((r) => r.reconnected) ? 'the widget reconnected during a storm (its presence was reset)' : '',
      }),
    ],
    detail: runs,
  };
}
