/**
 * Records every WebSocket the page creates (e.g. the one inside @xmpp/client) and every frame sent
 * and received, and can simulate a network drop.
 *
 *   const spy = installSocketSpy();
 *   ... connect the widget ...
 *   await spy.waitForReceived(/<enabled[^>]*resume/);   // XEP-0198 enabled
 *   spy.dropAll();                                      // the app sees an abnormal close (1006)
 *   await spy.waitForSent(/<resume /);                  // the app reconnects and resumes
 *   spy.uninstall();                                    // in afterEach
 *
 * window.WebSocket is replaced by a subclass, so `instanceof WebSocket` keeps working.
 * Sockets opened by test/helpers/server.ts (registration) use the native class and are not recorded.
 */

/** The browser's WebSocket class, captured before any spy is installed. */
export const NativeWebSocket: typeof WebSocket = window.WebSocket;

export interface FrameRecord {
  /** index into sockets() */
  socket: number;
  direction: 'sent' | 'received';
  data: string;
  time: number;
}

export interface SocketSpy {
  /** Every socket created since install, oldest first. */
  sockets(): WebSocket[];
  /** The most recently created socket, if any. */
  last(): WebSocket | undefined;
  /** Frames sent by the page (optionally of one socket), as strings, in order. */
  sent(socket?: number): string[];
  /** Frames delivered to the page (optionally of one socket), as strings, in order. */
  received(socket?: number): string[];
  /** Everything, in order, with direction and socket index. */
  frames(): FrameRecord[];
  /** Forget the recorded frames (sockets stay recorded). */
  clearFrames(): void;
  /** Wait until a sent / received frame matches; resolves with that frame. */
  waitForSent(match: Matcher, timeout?: number): Promise<string>;
  waitForReceived(match: Matcher, timeout?: number): Promise<string>;
  /** Wait until `n` sockets in total have been created; resolves with the n-th one. */
  waitForSocket(n?: number, timeout?: number): Promise<WebSocket>;
  /**
   * Simulate a network drop of every open socket, from the client side: the page gets a `close`
   * event with code 1006 and wasClean=false right away (no XMPP </close>, no more messages), and
   * the underlying connection is torn down so the server sees the TCP/WebSocket connection go
   * away without a stream close (Prosody then hibernates the XEP-0198 session).
   * Returns how many sockets were dropped.
   */
  dropAll(): number;
  /**
   * While on, new sockets go to a closed loopback port instead, so every connection attempt is refused
   * for real, as when the network or the server is down.
   */
  refuseNew(on: boolean): void;
  /**
   * Holds back the next received frame matching `match` (the page does not see it) until `release()`,
   * which delivers it. `held` resolves with the frame once it has been caught.
   */
  hold(match: Matcher): { held: Promise<string>; release(): void };
  /** Restore the original window.WebSocket (already created sockets keep working). */
  uninstall(): void;
}

export type Matcher = string | RegExp | ((frame: string) => boolean);

function toPredicate(m: Matcher): (frame: string) => boolean {
  if (typeof m === 'string') return (f) => f.includes(m);
  if (m instanceof RegExp) return (f) => m.test(f);
  return m;
}

function frameText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(data as ArrayBufferView);
  if (data instanceof Blob) return `[Blob ${data.size} bytes]`;
  return String(data);
}

let active: SocketSpy | null = null;

export function installSocketSpy(): SocketSpy {
  if (active) active.uninstall(); // a previous test forgot to uninstall
  const Original = window.WebSocket;
  const created: WebSocket[] = [];
  let records: FrameRecord[] = [];
  const dropped = new WeakSet<WebSocket>();
  let refusing = false;
  let listeners: Array<() => void> = [];
  let holds: Array<{ matches: (frame: string) => boolean; catch: (ws: WebSocket, frame: string) => void }> = [];
  const released = new WeakSet<Event>();
  const notify = () => {
    const l = listeners;
    listeners = [];
    l.forEach((f) => f());
  };

  const record = (ws: WebSocket, direction: FrameRecord['direction'], data: unknown) => {
    records.push({ socket: created.indexOf(ws), direction, data: frameText(data), time: Date.now() });
    notify();
  };

  class SpyWebSocket extends Original {
    constructor(url: string | URL, protocols?: string | string[]) {
      // Port 9 (discard) on loopback: nothing listens, so the browser reports a refused connection.
      super(refusing ? 'ws://127.0.0.1:9/refused' : url, protocols);
      created.push(this);
      // Registered before any listener of the page, so it runs first and can swallow events of
      // a dropped socket.
      this.addEventListener('message', (e) => {
        if (dropped.has(this)) {
          e.stopImmediatePropagation();
          return;
        }
        const text = frameText(e.data);
        const hold = released.has(e) ? undefined : holds.find((h) => h.matches(text));
        if (hold) {
          e.stopImmediatePropagation();
          holds = holds.filter((h) => h !== hold);
          hold.catch(this, text);
          return;
        }
        record(this, 'received', e.data);
      });
      this.addEventListener('close', (e) => {
        // After dropAll() the page already got the synthetic close; swallow the real one.
        if (dropped.has(this) && e.isTrusted) e.stopImmediatePropagation();
        notify();
      });
      this.addEventListener('error', (e) => {
        if (dropped.has(this)) e.stopImmediatePropagation();
      });
      notify();
    }

    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (dropped.has(this)) return; // the wire is gone
      record(this, 'sent', data);
      super.send(data as string);
    }
  }

  window.WebSocket = SpyWebSocket as typeof WebSocket;

  const waitFor = <T>(check: () => T | undefined, timeout: number, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners = listeners.filter((l) => l !== tick);
        reject(new Error(`socket spy: timed out after ${timeout} ms waiting for ${what}`));
      }, timeout);
      const tick = () => {
        const v = check();
        if (v !== undefined) {
          clearTimeout(timer);
          resolve(v);
        } else listeners.push(tick);
      };
      tick();
    });

  const framesOf = (direction: FrameRecord['direction'], socket?: number) =>
    records.filter((r) => r.direction === direction && (socket === undefined || r.socket === socket)).map((r) => r.data);

  const spy: SocketSpy = {
    sockets: () => [...created],
    last: () => created[created.length - 1],
    sent: (socket) => framesOf('sent', socket),
    received: (socket) => framesOf('received', socket),
    frames: () => [...records],
    clearFrames: () => {
      records = [];
    },
    waitForSent: (match, timeout = 10_000) => {
      const p = toPredicate(match);
      return waitFor(() => framesOf('sent').find(p), timeout, `a sent frame matching ${String(match)}`);
    },
    waitForReceived: (match, timeout = 10_000) => {
      const p = toPredicate(match);
      return waitFor(() => framesOf('received').find(p), timeout, `a received frame matching ${String(match)}`);
    },
    waitForSocket: (n = 1, timeout = 10_000) =>
      waitFor(() => created[n - 1], timeout, `WebSocket #${n} to be created`),
    dropAll: () => {
      let n = 0;
      for (const ws of created) {
        if (dropped.has(ws) || ws.readyState === Original.CLOSED || ws.readyState === Original.CLOSING) continue;
        dropped.add(ws);
        n++;
        // Tear the connection down without an XMPP <close/>. Browsers only let scripts close with
        // 1000 or 3000-4999; the page never sees this code because the real close event is
        // swallowed above.
        try {
          ws.close(4000, 'socket-spy: simulated network drop');
        } catch {
          /* already closing */
        }
        // What a page sees when the network goes away: an abnormal closure.
        setTimeout(() => {
          ws.dispatchEvent(new CloseEvent('close', { code: 1006, reason: '', wasClean: false }));
        }, 0);
      }
      notify();
      return n;
    },
    refuseNew: (on) => {
      refusing = on;
    },
    hold: (match) => {
      let caught: { ws: WebSocket; frame: string } | null = null;
      let releaseAsked = false;
      const deliver = () => {
        if (!caught) return;
        const event = new MessageEvent('message', { data: caught.frame });
        released.add(event);
        caught.ws.dispatchEvent(event);
      };
      const held = new Promise<string>((resolve) => {
        holds.push({
          matches: toPredicate(match),
          catch: (ws, frame) => {
            caught = { ws, frame };
            resolve(frame);
            if (releaseAsked) deliver();
          },
        });
      });
      return {
        held,
        release: () => {
          releaseAsked = true;
          deliver();
        },
      };
    },
    uninstall: () => {
      if (window.WebSocket === (SpyWebSocket as typeof WebSocket)) window.WebSocket = Original;
      if (active === spy) active = null;
      listeners = [];
      holds = [];
    },
  };
  active = spy;
  return spy;
}
