/* global window, document, requestAnimationFrame, MessageChannel, MessageEvent, PerformanceObserver, Worker, Blob, Event */
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
          let ok;
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
    /**
     * Delivers `frames` (XML strings) to `socket` as if the server sent them: a worker posts them on its own
     * clock, evenly over `ms`, so they queue up while the main thread is busy, as socket messages do. Each is
     * dispatched in its own task. Resolves with { first, last }: when the first and the last were posted
     * (page time), and `done` when the last has been dispatched.
     */
    feed(socket, frames, ms = 1000) {
      const code = `onmessage = (e) => {
        const { count, ms } = e.data;
        const start = performance.timeOrigin + performance.now();
        let sent = 0;
        const tick = () => {
          const due = Math.min(count, Math.ceil(((performance.timeOrigin + performance.now() - start) / ms) * count) || 1);
          for (; sent < due; sent++) postMessage([sent, performance.timeOrigin + performance.now()]);
          if (sent < count) setTimeout(tick, 4);
        };
        tick();
      };`;
      const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
      return new Promise((resolve) => {
        let first = null;
        worker.onmessage = ({ data: [i, postedAt] }) => {
          const at = postedAt - performance.timeOrigin;
          if (i === 0) first = at;
          socket.dispatchEvent(new MessageEvent('message', { data: frames[i] }));
          if (i === frames.length - 1) {
            worker.terminate();
            resolve({ first, last: at, done: performance.now() });
          }
        };
        worker.postMessage({ count: frames.length, ms });
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
