/* eslint-disable @typescript-eslint/no-explicit-any -- listeners take whatever their event carries */
type Listener = ((...args: any[]) => unknown) & { listener?: Listener };

/**
 * The part of Node's EventEmitter that xmpp.js uses (on, once, removeListener, emit), with Node's semantics:
 * listeners run in order, each emit sees the listeners it started with, removing a listener also removes its
 * `once` wrapper, and an "error" nobody listens to is thrown. It stands in for the `events` polyfill, at a
 * fifth of its size; the build and the test runner both resolve `events` to this file.
 */
export class EventEmitter {
  #listeners = new Map<string | symbol, readonly Listener[]>();

  on(event: string | symbol, listener: Listener): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }

  addListener(event: string | symbol, listener: Listener): this {
    return this.on(event, listener);
  }

  once(event: string | symbol, listener: Listener): this {
    const wrapper: Listener = (...args) => {
      this.removeListener(event, wrapper);
      return listener.apply(this, args);
    };
    wrapper.listener = listener;
    return this.on(event, wrapper);
  }

  removeListener(event: string | symbol, listener: Listener): this {
    const list = this.#listeners.get(event) ?? [];
    const index = list.findLastIndex((l) => l === listener || l.listener === listener);
    if (index < 0) return this;
    const rest = list.filter((_, i) => i !== index);
    if (rest.length > 0) this.#listeners.set(event, rest);
    else this.#listeners.delete(event);
    return this;
  }

  emit(event: string | symbol, ...args: unknown[]): boolean {
    const list = this.#listeners.get(event);
    if (!list) {
      if (event === 'error') throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error event: ${String(args[0])}`);
      return false;
    }
    for (const listener of list) listener.apply(this, args);
    return true;
  }
}

export default EventEmitter;
