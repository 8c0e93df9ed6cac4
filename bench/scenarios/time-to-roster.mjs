/* global window, document */
// Scenarios 2, 7a and 8, from one set of visits: a user with 500 contacts opens the page. The widget (built
// dist/xmpp-chat.js) and the floor (@xmpp/client alone: sign in, fetch the roster, no UI) take turns, each
// visit in a fresh browser context, so neither profits from the other's cache and both see the same noise.
//   2  time from navigation until the roster is painted with all 500 known to the store
//   7a JS heap after GC once the roster is shown
//   8  WebSocket bytes both ways for the sign-in, until the connection has been quiet for SETTLE_MS
import { FrameLog, SETTLE_MS, heapAfterGc, openVisit, readyAt } from '../lib/browser.mjs';
import { meets, row } from '../lib/report.mjs';
import { median } from '../lib/stats.mjs';

function kindOf(frame) {
  const m = /^<\s*([\w:]+)/.exec(frame.data);
  const name = m ? m[1].replace(/^stream:/, '') : '?';
  if (name === 'iq' && frame.dir === 'received' && frame.data.includes('jabber:iq:roster')) return 'roster';
  return name;
}

/** Bytes per kind of frame (open, features, auth, iq, roster, presence, …), both ways. */
export function breakdown(frames) {
  const out = {};
  for (const f of frames) {
    const k = `${f.dir === 'sent' ? '→' : '←'}${kindOf(f)}`;
    out[k] ??= { frames: 0, bytes: 0 };
    out[k].frames += 1;
    out[k].bytes += f.bytes;
  }
  return out;
}

async function visit(ctx, kind, user, expect) {
  const v = await openVisit(ctx.browser);
  try {
    const page = kind === 'widget' ? 'widget.html' : 'floor.html';
    const q = new URLSearchParams({ service: ctx.service, jid: user.jid, password: user.password, expect: String(expect) });
    await v.page.goto(`${ctx.base}/bench/pages/${page}?${q}`);
    const ms = await readyAt(v.page);
    await v.log.quiet(SETTLE_MS);
    const frames = v.log.select();
    const bytes = FrameLog.bytes(frames);
    const heap = await heapAfterGc(v.cdp);
    // Prosody answers its own probes of offline contacts (sent on our initial presence) with "unavailable".
    const probeReplies = FrameLog.bytes(frames.filter((f) => f.dir === 'received' && /^<presence\b[^>]*type=['"]unavailable['"]/.test(f.data)));
    const sentIqs = frames.filter((f) => f.dir === 'sent' && f.data.startsWith('<iq'));
    const perContact = sentIqs.filter((f) => /disco#info|vcard-temp|urn:ietf:params:xml:ns:vcard-4\.0|urn:xmpp:avatar/.test(f.data));
    const visited = v.responses.map((u) => new URL(u).pathname).filter((p) => p.startsWith('/dist/')).map((p) => p.slice(6));
    // Sign out cleanly, so no stream lingers in Prosody's resumption window and sends presence to the next visit.
    await v.page
      .evaluate((k) => (k === 'widget' ? document.getElementById('chat').store.signOut() : window.__floor.xmpp.stop()), kind)
      .catch(() => undefined);
    return { ms, bytes, probeReplies, heap, iqs: sentIqs.length, perContact: perContact.length, breakdown: breakdown(frames), visited, errors: v.errors };
  } finally {
    await v.close();
  }
}

export async function timeToRoster(ctx, { runs = 10, user, contacts }) {
  const results = { widget: [], floor: [] };
  // Warm-up pair, not counted: the first visit of a fresh browser pays one-off costs (code caches, fonts).
  await visit(ctx, 'floor', user, contacts);
  await visit(ctx, 'widget', user, contacts);
  for (let i = 0; i < runs; i++) {
    for (const kind of i % 2 ? ['widget', 'floor'] : ['floor', 'widget']) {
      const r = await visit(ctx, kind, user, contacts);
      results[kind].push(r);
      ctx.progress(`  run ${i + 1}/${runs} ${kind.padEnd(6)} ${Math.round(r.ms)} ms, ${r.bytes.total} B, heap ${(r.heap / 1e6).toFixed(2)} MB`);
    }
  }
  const pick = (kind, key) => results[kind].map((r) => (typeof key === 'function' ? key(r) : r[key]));
  const errors = [...new Set([...results.widget, ...results.floor].flatMap((r) => r.errors))];

  const t2 = { op: '<=', value: 1.3, text: '≤ 1.3× floor' };
  const widgetMs = pick('widget', 'ms');
  const floorMs = pick('floor', 'ms');
  // The ratio of medians, and the median of per-pair ratios (robust to drift over the run) in the note.
  const pairRatios = widgetMs.map((w, i) => w / floorMs[i]);
  const ratio2 = median(widgetMs) / median(floorMs);

  const t7 = { op: '<=', value: 5e6, text: '≤ 5 MB' };
  const heap = pick('widget', 'heap');

  const t8 = { op: '<=', value: 1.2, text: '≤ 1.2× floor' };
  const widgetBytes = pick('widget', (r) => r.bytes.total);
  const floorBytes = pick('floor', (r) => r.bytes.total);
  const ratio8 = median(widgetBytes) / median(floorBytes);
  const last = results.widget.at(-1);
  const presence = Object.entries(last.breakdown)
    .filter(([k]) => k.includes('presence'))
    .map(([k, v]) => `${k} ${v.frames} frames ${v.bytes} B`)
    .join(', ');
  const roster = last.breakdown['←roster']?.bytes ?? 0;
  const withoutProbes = median(pick('widget', (r) => r.bytes.total - r.probeReplies.total)) / median(floorBytes);

  const perContact = Math.max(...pick('widget', 'perContact'));
  const iqs = Math.max(...pick('widget', 'iqs'));
  const t8b = { op: '<=', value: 5, text: '≤ 5 in all (none per contact)' };

  const rows = [
    row({
      id: '2',
      scenario: 'Time to roster',
      figure: `navigation → ${contacts} contacts painted & in store`,
      unit: 'ms',
      samples: widgetMs,
      floorSamples: floorMs,
      value: ratio2,
      valueUnit: '×',
      target: t2,
      met: meets(ratio2, t2),
      note: `median of per-pair ratios ${median(pairRatios).toFixed(2)}×; runs interleaved, fresh context each${errors.length ? `; page errors: ${errors.join(' | ')}` : ''}`,
    }),
    row({
      id: '7a',
      scenario: 'Memory',
      figure: 'JS heap after GC, roster shown (scenario 2)',
      unit: 'MB',
      samples: heap,
      floorSamples: pick('floor', 'heap'),
      value: median(heap),
      target: t7,
      met: meets(median(heap), t7),
    }),
    row({
      id: '8',
      scenario: 'Login traffic',
      figure: `WebSocket bytes both ways, sign-in with ${contacts} contacts`,
      unit: 'B',
      samples: widgetBytes,
      floorSamples: floorBytes,
      value: ratio8,
      valueUnit: '×',
      target: t8,
      met: meets(ratio8, t8),
      note:
        `widget: roster ${roster} B; ${presence || 'no presence'}; sent ${last.bytes.sent} B / received ${last.bytes.received} B. ` +
        `${last.probeReplies.frames} "unavailable" (${last.probeReplies.total} B) are Prosody's answers for offline contacts to the probes ` +
        `that initial presence triggers (the floor sends none); without them ${withoutProbes.toFixed(2)}× floor`,
    }),
    row({
      id: '8',
      scenario: 'Login traffic',
      figure: 'disco / vCard / avatar requests at sign-in',
      unit: 'n',
      samples: pick('widget', 'perContact'),
      value: perContact,
      valueUnit: 'n',
      target: t8b,
      met: meets(perContact, t8b),
      note: `iq requests sent at sign-in: ${iqs}`,
    }),
  ];
  return { rows, visited: results.widget.flatMap((r) => r.visited), detail: results };
}
