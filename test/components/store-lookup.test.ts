import { expect } from '@open-wc/testing';
import { STORE, enclosingStore } from '../../src/components/context.js';
import { XmppChat } from '../../src/index.js';
import type { ChatStore } from '../../src/store/chat-store.js';

function widgetLike(store: object): HTMLElement {
  const el = document.createElement('div');
  (el as unknown as { [STORE]: object })[STORE] = store;
  return el;
}

describe('finding the enclosing widget store', () => {
  it('crosses shadow roots and slots up to the nearest <xmpp-chat>', () => {
    const store = {};
    const root = widgetLike(store);
    const shadow = root.attachShadow({ mode: 'open' });
    const inner = document.createElement('section');
    shadow.append(inner);
    const deep = document.createElement('span');
    inner.attachShadow({ mode: 'open' }).append(deep);
    const slotted = document.createElement('span');
    root.append(slotted);
    expect(enclosingStore(deep)).to.equal(store);
    expect(enclosingStore(slotted)).to.equal(store);
    expect(enclosingStore(document.createElement('span'))).to.equal(undefined);
  });

  it('a widget inside another keeps its own store, and so do the elements inside it', () => {
    const outer = widgetLike({});
    const innerStore = {};
    const inner = widgetLike(innerStore);
    outer.append(inner);
    const child = document.createElement('span');
    inner.append(child);
    expect(enclosingStore(inner)).to.equal(innerStore);
    expect(enclosingStore(child)).to.equal(innerStore);
  });

  it('is where <xmpp-chat> puts its store', () => {
    const chat = new XmppChat();
    expect((chat as unknown as { [STORE]: ChatStore })[STORE]).to.equal(chat.store);
  });
});
