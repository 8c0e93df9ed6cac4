import type { ChatStore } from '../store/chat-store.js';

/** Where an `<xmpp-chat>` keeps its store for the elements inside it (in its light or shadow tree). */
export const STORE = Symbol('xmpp-chat-store');

/** The store of the nearest `<xmpp-chat>` at or above `element`, across shadow roots; undefined outside one. */
export function enclosingStore(element: Element): ChatStore | undefined {
  for (let node: Node | null = element; node; node = node instanceof ShadowRoot ? node.host : node.parentNode) {
    const store = (node as { [STORE]?: ChatStore })[STORE];
    if (store) return store;
  }
  return undefined;
}
