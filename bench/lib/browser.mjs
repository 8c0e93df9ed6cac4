/* global window */
// Chromium through playwright-core (Debian's /usr/bin/chromium; nothing is downloaded), one fresh context
// per visit, and a CDP session per page for WebSocket byte counts and the JS heap.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox', // root in CI containers
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Long Tasks and timings must not depend on whether the (headless) window counts as occluded.
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * How long the connection must stay quiet before a sign-in counts as finished. After initial presence Prosody
 * probes every contact and answers for the offline ones with "unavailable"; for 500 contacts those answers
 * start 0.2 to 0.6 s later on this machine, so a shorter pause would cut the sign-in short.
 */
export const SETTLE_MS = 1_500;

/** Every WebSocket frame of a page, from CDP: { socket, dir: 'sent'|'received', bytes, data, at } (at: Node ms). */
export class FrameLog {
  frames = [];
  sockets = new Map(); // requestId -> { url, openedAt }

  attach(cdp) {
    cdp.on('Network.webSocketCreated', ({ requestId, url }) => this.sockets.set(requestId, { url, openedAt: performance.now() }));
    const add = (dir) => ({ requestId, response }) => {
      // Text frames carry the XML as is; binary frames come base64-encoded.
      const bytes = response.opcode === 1 ? Buffer.byteLength(response.payloadData, 'utf8') : Buffer.from(response.payloadData, 'base64').length;
      this.frames.push({ socket: requestId, dir, bytes, data: response.payloadData, at: performance.now() });
    };
    cdp.on('Network.webSocketFrameSent', add('sent'));
    cdp.on('Network.webSocketFrameReceived', add('received'));
  }

  /** Frames after Node time `from` (and before `to`), optionally of some sockets only. */
  select({ from = 0, to = Infinity, sockets = null } = {}) {
    return this.frames.filter((f) => f.at >= from && f.at < to && (!sockets || sockets.includes(f.socket)));
  }

  static bytes(frames) {
    const sent = frames.filter((f) => f.dir === 'sent').reduce((s, f) => s + f.bytes, 0);
    const received = frames.filter((f) => f.dir === 'received').reduce((s, f) => s + f.bytes, 0);
    return { sent, received, total: sent + received, frames: frames.length };
  }

  /** Resolves once no frame has come or gone for `quietMs` (or after `maxMs`). */
  async quiet(quietMs = 500, maxMs = 10_000) {
    const start = performance.now();
    for (;;) {
      const last = this.frames.at(-1)?.at ?? start;
      const now = performance.now();
      if (now - Math.max(last, start) >= quietMs || now - start >= maxMs) return;
      await sleep(50);
    }
  }
}

/** A fresh browser context (empty cache and storage: a first visit) with one page, tracked. */
export async function openVisit(browser, { viewport = { width: 1000, height: 700 } } = {}) {
  const context = await browser.newContext({ viewport });
  const tab = await openTab(context);
  return { ...tab, context, close: () => context.close() };
}

/** A new tab in `context` (same IndexedDB, its own sessionStorage), tracked: frames, errors, responses. */
export async function openTab(context) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const log = new FrameLog();
  log.attach(cdp);
  await cdp.send('Network.enable');
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const responses = [];
  page.on('response', (response) => responses.push(response.url()));
  return { page, cdp, log, errors, responses, close: () => page.close() };
}

/** JS heap in use after garbage collection, bytes. */
export async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.send('HeapProfiler.disable');
  return usedSize;
}

/** Waits for the page's __bench.readyAt (ms after navigation start, after paint). */
export async function readyAt(page, timeout = 60_000) {
  const handle = await page.waitForFunction(() => window.__bench && window.__bench.readyAt, null, { timeout, polling: 50 });
  return handle.jsonValue();
}
