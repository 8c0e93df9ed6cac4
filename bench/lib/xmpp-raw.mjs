// A minimal RFC 7395 (XMPP over WebSocket) client for the bench's set-up and for the contacts that change
// presence: SASL PLAIN, bind, raw stanzas. Deliberately not @xmpp/client, so the code under test never
// drives its own measurement. Needs a global WebSocket (Node 22, or Node 20 with --experimental-websocket).

const FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';

export function escapeXml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);
}

export class RawXmpp {
  #ws;
  #frames = [];
  #waiters = new Set();
  #closed = false;
  #seq = 0;

  static async login({ service, domain = 'localhost', username, password, resource = 'bench', timeout = 20_000 }) {
    const x = new RawXmpp(service);
    await x.#until(() => x.#ws.readyState === 1, timeout, 'socket open');
    x.send(`<open xmlns="${FRAMING}" to="${domain}" version="1.0"/>`);
    await x.next((f) => f.includes('<stream:features') || f.includes('<features'), timeout, 'features');
    const plain = Buffer.from(`\0${username}\0${password}`, 'utf8').toString('base64');
    x.send(`<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">${plain}</auth>`);
    const result = await x.next((f) => f.includes('<success') || f.includes('<failure'), timeout, 'SASL result');
    if (result.includes('<failure')) throw new Error(`login ${username}@${domain} refused: ${result}`);
    x.send(`<open xmlns="${FRAMING}" to="${domain}" version="1.0"/>`);
    await x.next((f) => f.includes('features'), timeout, 'features after auth');
    await x.iq('set', `<bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><resource>${escapeXml(resource)}</resource></bind>`, timeout);
    return x;
  }

  constructor(service) {
    this.#ws = new WebSocket(service, 'xmpp');
    this.#ws.addEventListener('open', () => this.#wake());
    this.#ws.addEventListener('message', (e) => {
      this.#frames.push(String(e.data));
      this.#wake();
    });
    this.#ws.addEventListener('close', () => {
      this.#closed = true;
      this.#wake();
    });
    this.#ws.addEventListener('error', () => {
      this.#closed = true;
      this.#wake();
    });
  }

  #wake() {
    for (const waiter of this.#waiters) waiter();
  }

  async #until(condition, timeout, what) {
    const deadline = Date.now() + timeout;
    while (!condition()) {
      if (this.#closed) throw new Error(`socket closed while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
      await new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.#waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.#waiters.add(done);
      });
    }
  }

  /** Waits for and removes the first frame matching `match`. */
  async next(match, timeout = 20_000, what = 'a frame') {
    let found;
    await this.#until(
      () => {
        const i = this.#frames.findIndex(match);
        if (i < 0) return false;
        found = this.#frames.splice(i, 1)[0];
        return true;
      },
      timeout,
      what,
    );
    return found;
  }

  send(xml) {
    this.#ws.send(xml);
  }

  /** Sends an iq and waits for its result; throws on type="error". */
  async iq(type, payload, timeout = 20_000) {
    const id = `b${++this.#seq}`;
    this.send(`<iq xmlns="jabber:client" type="${type}" id="${id}">${payload}</iq>`);
    const reply = await this.next((f) => f.startsWith('<iq') && (f.includes(`id='${id}'`) || f.includes(`id="${id}"`)), timeout, `iq ${id}`);
    if (/type=['"]error['"]/.test(reply.slice(0, 200))) throw new Error(`iq ${id} failed: ${reply}`);
    return reply;
  }

  /** Drops queued frames (presence from contacts and the like). */
  clear() {
    this.#frames = [];
  }

  async close() {
    if (this.#ws.readyState === 1) {
      this.send(`<close xmlns="${FRAMING}"/>`);
      await this.next((f) => f.includes('<close'), 2_000, 'close').catch(() => undefined);
    }
    this.#ws.close();
  }
}
