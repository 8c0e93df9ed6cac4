/* global window, document, location, performance, requestAnimationFrame, MessageChannel, MessageEvent, PerformanceObserver */
// Loaded first (a classic script in <head>) by every bench page: the instruments the bench reads.
//   __bench.ready       a function the page sets: true once the scenario's "done" condition holds
//   __bench.readyAt     ms since navigation start, after the first paint with `ready()` true
//   __bench.longTasks   every long task (>= 50 ms): { start, duration }
//   __bench.sockets     every WebSocket the page opened (for dropping one, or feeding it frames)
//   __bench.connects    the widget's xmpp-connect events: { resumed, at }
//   __bench.setHidden   emulates a hidden/visible tab (see below)
(() => {
  const bench = {
    ready: () => false,
    readyAt: null,
    longTasks: [],
    sockets: [],
    connects: [],
    /** Resolves after the next frame has been painted. */
    afterPaint() {
      return new Promise((resolve) =>
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now());
          channel.port2.postMessage(null);
        }),
      );
    },
    /** Polls `condition` once per frame; resolves with the time after the paint of the frame where it held. */
    whenPainted(condition, timeout = 60_000) {
      const deadline = performance.now() + timeout;
      return new Promise((resolve, reject) => {
        const check = () => {
          let ok = false;
          try {
            ok = Boolean(condition());
          } catch {
            ok = false;
          }
          if (ok) {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve(performance.now());
            channel.port2.postMessage(null);
          } else if (performance.now() > deadline) reject(new Error('timed out'));
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
    },
    longestTask(from = 0, to = Infinity) {
      return bench.longTasks.filter((t) => t.start + t.duration >= from && t.start <= to).reduce((max, t) => Math.max(max, t.duration), 0);
    },
    // Headless Chromium keeps every page "visible": bringToFront of another page, Target.activateTarget,
    // minimizing the window and Page.setWebLifecycleState all leave document.visibilityState alone. So the
    // bench emulates the Page Visibility API the way a real tab switch shows it to page code.
    setHidden(hidden) {
      const state = hidden ? 'hidden' : 'visible';
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
      document.dispatchEvent(new Event('visibilitychange'));
    },
    /** Delivers `frames` (XML strings) to `socket` as if they came from the server, one task each, over `ms`. */
    feed(socket, frames, ms = 1000) {
      return new Promise((resolve) => {
        const channel = new MessageChannel();
        let next = 0;
        let first = null;
        channel.port1.onmessage = () => {
          const i = next++;
          if (first === null) first = performance.now();
          socket.dispatchEvent(new MessageEvent('message', { data: frames[i] }));
          if (i === frames.length - 1) resolve({ first, last: performance.now() });
        };
        const ticks = Math.max(1, Math.round(ms / 10));
        const perTick = Math.ceil(frames.length / ticks);
        let sent = 0;
        const timer = setInterval(() => {
          for (let j = 0; j < perTick && sent < frames.length; j++, sent++) channel.port2.postMessage(null);
          if (sent >= frames.length) clearInterval(timer);
        }, 10);
      });
    },
  };
  window.__bench = bench;

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No Long Tasks API: longestTask() reports 0.
  }

  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      bench.sockets.push(this);
    }
  };

  bench.whenPainted(() => bench.ready(), 120_000).then((t) => (bench.readyAt = t), () => undefined);
})();
