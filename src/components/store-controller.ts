import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatStore } from '../store/chat-store.js';
import type { ChatState } from '../store/state.js';
import { enclosingStore } from './context.js';

/**
 * Reads one slice of a widget's store and re-renders its host only when that slice changes. State is
 * immutable, so `Object.is` is the whole change check. The store is the enclosing `<xmpp-chat>`'s, found
 * each time the host connects, or one handed over with {@link StoreController.attach}.
 */
export class StoreController<T> implements ReactiveController {
  value: T | undefined;
  store: ChatStore | undefined;
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #select: (state: ChatState) => T;
  #off: (() => void) | undefined;
  #connected = false;

  constructor(host: ReactiveControllerHost & HTMLElement, select: (state: ChatState) => T) {
    this.#host = host;
    this.#select = select;
    host.addController(this);
  }

  hostConnected() {
    this.#connected = true;
    const store = enclosingStore(this.#host);
    if (store) this.attach(store);
    this.#listen();
  }

  hostDisconnected() {
    this.#connected = false;
    this.#off?.();
    this.#off = undefined;
  }

  /** Reads from `store` from now on (undefined: from none). */
  attach(store: ChatStore | undefined) {
    if (store === this.store) return;
    this.#off?.();
    this.#off = undefined;
    this.store = store;
    this.#listen();
    this.refresh();
  }

  /** Selects again, for when the selector reads host properties that changed. */
  refresh() {
    const next = this.store ? this.#select(this.store.state) : undefined;
    if (!Object.is(next, this.value)) {
      this.value = next;
      this.#host.requestUpdate();
    }
  }

  #listen() {
    if (!this.#connected || !this.store || this.#off) return;
    this.#off = this.store.subscribe(() => this.refresh());
    this.refresh();
  }
}
