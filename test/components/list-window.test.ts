import { expect } from '@open-wc/testing';
import { LitElement, css, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ListWindow } from '../../src/components/list-window.js';

const frame = () => new Promise(requestAnimationFrame);

/** Rows of one height, 10,000 of them, one pinned (the list's Tab stop). */
class RowsHost extends LitElement {
  static override styles = css`
    .scroller { block-size: 200px; overflow-y: auto; }
    ul { position: relative; margin: 0; padding: 0; }
    li { position: absolute; inset-inline: 0; block-size: 25px; list-style: none; }
  `;
  count = 10_000;
  pinned = -1;
  readonly window = new ListWindow(this, { scroller: () => this.renderRoot.querySelector('.scroller') });
  override render() {
    return html`<div class="scroller"><ul .style=${`block-size:${this.count * this.window.rowHeight}px`}>
      ${repeat(this.window.rows(this.count, this.pinned), (i) => i, (i) => html`<li data-index=${i} .style=${`top:${i * this.window.rowHeight}px`}>row ${i}</li>`)}
    </ul></div>`;
  }
}
customElements.define('list-window-rows', RowsHost);

type Item = { order: number; lines: number };

/** A log of items of different heights, newest last, with more to load before the first. */
class LogHost extends LitElement {
  static override styles = css`
    .log { block-size: 300px; overflow-y: auto; }
    p { margin: 0; }
  `;
  items: Item[] = [];
  /** Items the "archive" still holds, oldest first. */
  archive: Item[] = [];
  /** How many times older items were asked for. */
  asked = 0;
  readonly window = new ListWindow(this, {
    scroller: () => this.renderRoot.querySelector('.log'),
    log: {
      items: () => this.items,
      older: async () => {
        this.asked++;
        await new Promise((resolve) => setTimeout(resolve, 10));
        const page = this.archive.splice(-50);
        this.items = [...page, ...this.items];
        this.requestUpdate();
      },
    },
  });
  override render() {
    const shown = this.items.slice(...this.window.range(this.items));
    return html`<div class="log">
      ${repeat(shown, (m) => m.order, (m) => html`<p data-key=${m.order} .style=${`block-size:${m.lines * 18}px`}>item ${m.order}</p>`)}
    </div>`;
  }
}
customElements.define('list-window-log', LogHost);

function items(from: number, to: number): Item[] {
  const out: Item[] = [];
  for (let order = from; order < to; order++) out.push({ order, lines: 1 + (order % 4) });
  return out;
}

async function mount<T extends LitElement>(tag: string): Promise<T> {
  const el = document.createElement(tag) as T;
  document.body.append(el);
  await el.updateComplete;
  await frame();
  await el.updateComplete;
  return el;
}

/** A log holding `loaded`, with `archive` still to load before it. */
async function mountLog(loaded: Item[], archive: Item[] = []): Promise<LogHost> {
  const host = await mount<LogHost>('list-window-log');
  host.items = loaded;
  host.archive = archive;
  host.requestUpdate();
  await host.updateComplete;
  return host;
}

function shownKeys(host: LitElement, selector: string, attribute: string): number[] {
  return [...host.renderRoot.querySelectorAll<HTMLElement>(selector)].map((el) => Number(el.getAttribute(attribute)));
}

describe('ListWindow', () => {
  afterEach(() => document.querySelectorAll('list-window-rows, list-window-log').forEach((el) => el.remove()));

  it('rows: only those in view and a margin are in the DOM, measured from a rendered row, and follow the scroll', async () => {
    const host = await mount<RowsHost>('list-window-rows');
    expect(host.window.rowHeight).to.equal(25);
    const first = shownKeys(host, 'li', 'data-index');
    expect(first[0]).to.equal(0);
    expect(first.length).to.be.within(8, 30);

    const scroller = host.renderRoot.querySelector<HTMLElement>('.scroller')!;
    scroller.scrollTop = 5000 * 25;
    scroller.dispatchEvent(new Event('scroll'));
    await host.updateComplete;
    const rows = shownKeys(host, 'li', 'data-index');
    expect(rows).to.include(5000);
    expect(rows).not.to.include(0);
    expect(host.window.pageRows).to.equal(8);
  });

  it('rows: the pinned row stays in the DOM wherever the list is scrolled, and reveal brings a row into view', async () => {
    const host = await mount<RowsHost>('list-window-rows');
    host.pinned = 3;
    const scroller = host.renderRoot.querySelector<HTMLElement>('.scroller')!;
    scroller.scrollTop = 9000 * 25;
    scroller.dispatchEvent(new Event('scroll'));
    await host.updateComplete;
    const rows = shownKeys(host, 'li', 'data-index');
    expect(rows[0]).to.equal(3);
    expect(rows).to.include(9000);
    expect(rows.length).to.be.below(40);

    host.window.reveal(42);
    await host.updateComplete;
    expect(scroller.scrollTop).to.equal(42 * 25);
    expect(shownKeys(host, 'li', 'data-index')).to.include(42);
  });

  it('log: at most 150 items, following the newest as they arrive', async () => {
    const host = await mountLog(items(0, 400));
    const log = host.renderRoot.querySelector<HTMLElement>('.log')!;
    expect(shownKeys(host, 'p', 'data-key')).to.deep.equal(items(250, 400).map((m) => m.order));
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.below(1);

    host.items = [...host.items, ...items(400, 410)];
    host.requestUpdate();
    await host.updateComplete;
    const shown = shownKeys(host, 'p', 'data-key');
    expect(shown.at(-1)).to.equal(409);
    expect(shown).to.have.length(150);
    expect(log.scrollHeight - log.scrollTop - log.clientHeight, 'still at the newest').to.be.below(1);
  });

  it('log: following, the newest item stays in sight when the view shrinks (a header panel opened)', async () => {
    const host = await mountLog(items(0, 60));
    const log = host.renderRoot.querySelector<HTMLElement>('.log')!;
    await frame();
    expect(Math.round(log.scrollTop + log.clientHeight)).to.equal(log.scrollHeight);
    log.style.blockSize = '120px';
    await frame();
    await frame();
    expect(host.window.following).to.equal(true);
    expect(Math.round(log.scrollTop + log.clientHeight)).to.be.within(log.scrollHeight - 1, log.scrollHeight);
  });

  it('log: scrolled up, the item being read stays in place while the window moves and newer items arrive', async () => {
    const host = await mountLog(items(1000, 1400), items(900, 1000));
    const log = host.renderRoot.querySelector<HTMLElement>('.log')!;
    const positionOf = (order: number) => host.renderRoot.querySelector<HTMLElement>(`[data-key="${order}"]`)!.getBoundingClientRect().top;

    // Scrolled up (neither end): the window moves back 30 loaded items; the item read stays where it was.
    log.scrollTop = 2000;
    log.dispatchEvent(new Event('scroll'));
    await frame();
    expect(host.window.following).to.equal(false);
    const read = shownKeys(host, 'p', 'data-key').find((order) => positionOf(order) >= log.getBoundingClientRect().top)!;
    const before = positionOf(read);
    await host.window.older();
    let shown = shownKeys(host, 'p', 'data-key');
    expect(shown[0]).to.equal(1220);
    expect(shown.length).to.be.at.most(150);
    expect(Math.abs(positionOf(read) - before)).to.be.below(1);
    expect(host.window.following).to.equal(false);

    // Newer items arrive while reading: nothing jumps, and the window does not run after them.
    const still = positionOf(read);
    host.items = [...host.items, ...items(1400, 1420)];
    host.requestUpdate();
    await host.updateComplete;
    expect(Math.abs(positionOf(read) - still)).to.be.below(1);
    expect(shownKeys(host, 'p', 'data-key')).not.to.include(1419);

    // Reading back past all that is loaded asks for older items: the archive's page comes in.
    for (let i = 0; i < 20 && shownKeys(host, 'p', 'data-key')[0] !== 900; i++) await host.window.older();
    shown = shownKeys(host, 'p', 'data-key');
    expect(shown[0]).to.equal(900);
    expect(host.items[0].order).to.equal(900);
    expect(shown.length).to.be.at.most(150);

    // Back to the newest, following again.
    host.window.follow();
    await host.updateComplete;
    expect(shownKeys(host, 'p', 'data-key').at(-1)).to.equal(1419);
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.below(1);
  });

  it('log: paging is reported while older items come in; it fills the window, and paging twice at once asks once', async () => {
    const host = await mountLog(items(100, 120), items(0, 100));
    const paging = host.window.older();
    expect(host.window.paging).to.equal(true);
    await Promise.all([paging, host.window.older()]);
    expect(host.window.paging).to.equal(false);
    // Pages of 50 until the window is full or nothing more comes: 50, 50, then none.
    expect(host.asked).to.equal(3);
    expect(host.items.map((m) => m.order)).to.deep.equal(items(0, 120).map((m) => m.order));
  });
});
