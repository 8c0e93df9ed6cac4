import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** An item of a log: its order is ascending through the list and stable while items arrive on either side. */
type Ordered = { readonly order: number };

export interface ListWindowOptions {
  /** The scrolling element, once rendered; null while there is nothing to scroll. */
  scroller(): HTMLElement | null;
  /**
   * A log of items of any height, newest last, instead of rows of one height. `items` are all the items
   * loaded; `older` loads more before them (it may load nothing, when there are none).
   */
  log?: { items(): readonly Ordered[]; older(): Promise<unknown> };
}

/** Log: at most this many items are in the DOM; reading on moves the window this many at a time. */
const LOG_SIZE = 150;
const LOG_STEP = 30;
/** Log: within this many pixels of the end, the log follows the newest item. */
const FOLLOW_SLACK_PX = 48;
/** Log: within this many pixels of the start, older items are brought in. */
const OLDER_SLACK_PX = 120;

/**
 * Windowing for long lists: only a slice of the items is in the DOM, so 10,000 contacts or messages cost
 * what a screenful does. One controller for the two shapes of list:
 * - **rows of one height** (contacts, occupants): the host places row `i` at `i * rowHeight`, and the slice
 *   follows the scroll position exactly. The height is measured from a rendered row (`[data-index]`), so
 *   theming it just works. A pinned row (the list's one Tab stop) stays in the DOM wherever it is, so focus
 *   is never lost.
 * - **a log** of items of any height, newest last: at most 150 items are in the DOM, and the slice moves a
 *   step when the reader scrolls near one of its ends, loading older items when the first loaded one is
 *   reached. It follows the newest item unless the reader has scrolled up, and keeps the item being read in
 *   place whatever comes or goes around it (items carry `data-key`, their order).
 *
 * Why not `@lit-labs/virtualizer`: it adds 8.6 kB gzip, over the whole first-load budget's headroom; it
 * measures every child; in scroller mode it puts a sizer `<div>` inside the list, which breaks list
 * semantics; and it drops a focused row scrolled out of view.
 */
export class ListWindow implements ReactiveController {
  /** Rows: their height in px, an estimate (2.5rem) until one is measured. */
  rowHeight = 40;
  /** Log: it sticks to the newest item. */
  following = true;
  /** Log: older items are being brought in; the host marks the log busy meanwhile. */
  paging = false;
  // Rows: [start, end) in the DOM. Log: the orders of the first and last items shown, null for the newest.
  #start = 0;
  #end = 0;
  #span: { from: number; to: number } | null = null;
  #anchor: { key: string; offset: number } | null = null;
  readonly #host: ReactiveControllerHost;
  readonly #options: ListWindowOptions;
  #scroller: HTMLElement | null = null;
  #resize: ResizeObserver | undefined;
  #measured = false;
  readonly #onScroll = () => (this.#options.log ? this.#scrolledLog() : this.#computeRows());

  constructor(host: ReactiveControllerHost, options: ListWindowOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
    this.#computeRows();
  }

  hostDisconnected() {
    this.#bind(null);
  }

  hostUpdate() {
    // Log: before the DOM changes, note the first item in view and where it is.
    this.#anchor = null;
    const scroller = this.#scroller;
    if (!this.#options.log || !scroller || this.following) return;
    for (const item of scroller.querySelectorAll<HTMLElement>('[data-key]')) {
      if (item.offsetTop + item.offsetHeight > scroller.scrollTop) {
        this.#anchor = { key: item.dataset.key!, offset: item.offsetTop - scroller.scrollTop };
        break;
      }
    }
  }

  hostUpdated() {
    const scroller = this.#options.scroller();
    if (scroller !== this.#scroller) this.#bind(scroller);
    if (!scroller) return;
    if (!this.#options.log) {
      const row = scroller.querySelector<HTMLElement>('[data-index]');
      if (!this.#measured && row) this.#measure(row);
    } else if (this.following) {
      scroller.scrollTop = scroller.scrollHeight;
    } else {
      const anchor = this.#anchor && scroller.querySelector<HTMLElement>(`[data-key="${this.#anchor.key}"]`);
      if (anchor) scroller.scrollTop = anchor.offsetTop - this.#anchor!.offset;
    }
  }

  /** Rows: the indexes to render, of `count` rows; `pinned` (-1 for none) is always among them. */
  rows(count: number, pinned = -1): number[] {
    const end = Math.min(count, this.#end);
    const shown: number[] = [];
    for (let i = this.#start; i < end; i++) shown.push(i);
    if (pinned >= 0 && (pinned < this.#start || pinned >= end)) {
      shown.push(pinned);
      shown.sort((x, y) => x - y);
    }
    return shown;
  }

  /** Rows: scrolls just enough for row `index` to be in view. */
  reveal(index: number) {
    const scroller = this.#scroller;
    if (!scroller) return;
    const top = index * this.rowHeight;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + this.rowHeight > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + this.rowHeight - scroller.clientHeight;
    this.#computeRows();
  }

  /** Rows: how many fit in view. */
  get pageRows(): number {
    return Math.max(1, Math.floor((this.#scroller?.clientHeight ?? 0) / this.rowHeight));
  }

  /** Log: indexes [from, to) of the items shown, of all those loaded. */
  range(items: readonly Ordered[]): [number, number] {
    const span = this.#span;
    if (!span) return [Math.max(0, items.length - LOG_SIZE), items.length];
    const from = items.findIndex((m) => m.order >= span.from);
    const to = items.findLastIndex((m) => m.order <= span.to) + 1;
    return from < 0 ? [0, 0] : [from, Math.max(from, to)];
  }

  /** Log: back to the newest items, following them. */
  follow() {
    this.#span = null;
    this.following = true;
    this.#host.requestUpdate();
  }

  /** Log: shows older items, from those loaded or else loaded by `older()`; `paging` meanwhile. */
  async older() {
    if (this.paging) return;
    this.paging = true;
    this.#host.requestUpdate();
    try {
      await this.#pageBack();
      await this.#host.updateComplete;
      await new Promise(requestAnimationFrame);
    } finally {
      this.paging = false;
      this.#host.requestUpdate();
    }
  }

  async #pageBack() {
    const log = this.#options.log!;
    const items = log.items();
    const [from, to] = this.range(items);
    if (from > 0) {
      const start = Math.max(0, from - LOG_STEP);
      this.#show(items, start, Math.min(to, start + LOG_SIZE));
      return;
    }
    await log.older();
    // Show what came, once; the next scroll to the top asks again.
    if (log.items().length > items.length) await this.#pageBack();
  }

  #show(items: readonly Ordered[], from: number, to: number) {
    this.#span = to >= items.length ? null : { from: items[from].order, to: items[to - 1].order };
    if (this.#span) this.following = false;
    this.#host.requestUpdate();
  }

  #scrolledLog() {
    const scroller = this.#scroller!;
    const nearEnd = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= FOLLOW_SLACK_PX;
    if (nearEnd && this.#span) {
      const items = this.#options.log!.items();
      const [from, to] = this.range(items);
      const end = Math.min(items.length, to + LOG_STEP);
      this.#show(items, Math.max(from, end - LOG_SIZE), end);
    }
    this.following = nearEnd && !this.#span;
    if (scroller.scrollTop <= OLDER_SLACK_PX) void this.older();
  }

  #bind(scroller: HTMLElement | null) {
    this.#scroller?.removeEventListener('scroll', this.#onScroll);
    this.#resize?.disconnect();
    this.#scroller = scroller;
    if (!scroller) return;
    scroller.addEventListener('scroll', this.#onScroll, { passive: true });
    // Fires once at once, then whenever the view grows or shrinks (the widget resized, a form or a header
    // panel opened). Rows: which are in view changes. Log: one that follows keeps its newest item in sight.
    this.#resize ??= new ResizeObserver(() => {
      if (this.#options.log) {
        if (this.following && this.#scroller) this.#scroller.scrollTop = this.#scroller.scrollHeight;
        return;
      }
      this.#measured = false;
      this.#computeRows();
    });
    this.#resize.observe(scroller);
  }

  #measure(row: HTMLElement) {
    const height = row.getBoundingClientRect().height;
    if (height <= 0) return;
    this.#measured = true;
    if (Math.abs(height - this.rowHeight) < 0.5) return;
    this.rowHeight = height;
    this.#computeRows();
    this.#host.requestUpdate();
  }

  #computeRows() {
    const scroller = this.#scroller;
    // Before the first layout the view's size is unknown: assume a tall one, the margin covers the rest.
    const top = scroller?.scrollTop ?? 0;
    const height = scroller?.clientHeight || 800;
    const margin = 8;
    const start = Math.max(0, Math.floor(top / this.rowHeight) - margin);
    const end = Math.ceil((top + height) / this.rowHeight) + margin;
    if (start === this.#start && end === this.#end) return;
    this.#start = start;
    this.#end = end;
    this.#host.requestUpdate();
  }
}
