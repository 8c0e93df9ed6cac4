import { expect } from '@open-wc/testing';
import type { XmppChat, XmppMessageReceiveEvent } from '../../src/index.js';
import { accessibleName, getByRole, pressKey, typeInto, waitFor } from '../helpers/dom.js';
import { registerUser } from '../helpers/server.js';
import { contactButton, mountWidget } from '../helpers/widget.js';

declare global {
  interface Window {
    __xssFired?: boolean;
  }
}

function log(widget: XmppChat): HTMLElement {
  return getByRole(widget.shadowRoot!, 'log', 'Messages');
}

function bodies(widget: XmppChat): string[] {
  return [...log(widget).querySelectorAll('.body')].map((p) => p.textContent ?? '');
}

async function openChatWith(widget: XmppChat, jid: string) {
  contactButton(widget, jid).click();
  await waitFor(() => getByRole(widget.shadowRoot!, 'heading', jid));
}

/** Writes `text` in the Message box and presses Enter, as a user does. */
function send(widget: XmppChat, text: string) {
  const box = getByRole(widget.shadowRoot!, 'textbox', 'Message');
  typeInto(box, text);
  pressKey(box, 'Enter');
}

describe('messages between two widgets against Prosody', function () {
  this.timeout(40_000);

  it('go both ways; an incoming message opens its conversation when none is open', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    // alice writes to a stranger's address: not a contact, still deliverable.
    await a.store.sendMessage(bob.jid, 'Hello Bob');
    await waitFor(() => bodies(b).includes('Hello Bob'), { what: 'bob receives' });
    expect(getByRole(b.shadowRoot!, 'heading', alice.jid)).to.exist;

    send(b, 'Hi Alice');
    await waitFor(() => bodies(a).includes('Hi Alice'), { what: 'alice receives the reply' });
    expect(bodies(b)).to.deep.equal(['Hello Bob', 'Hi Alice']);
    const article = log(b).querySelectorAll('article')[0];
    expect(article.querySelector('.sender')!.textContent).to.equal(alice.jid);
    expect(article.querySelector('time')!.getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
  });

  it('tells the host page with a bubbling, composed xmpp-message-receive event', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    const received: { target: EventTarget | null; from: string; body: string }[] = [];
    const listener = (event: Event) => {
      const { message } = event as XmppMessageReceiveEvent;
      received.push({ target: event.target, from: message.from, body: message.body });
    };
    document.addEventListener('xmpp-message-receive', listener);
    try {
      await a.store.sendMessage(bob.jid, 'for the host page');
      await waitFor(() => received.length === 1, { what: 'the event on document' });
      expect(received[0]).to.deep.equal({ target: b, from: alice.jid, body: 'for the host page' });
    } finally {
      document.removeEventListener('xmpp-message-receive', listener);
    }
  });

  it('renders unicode, RTL, emoji, an XSS payload and a 10 KB body as literal text', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    window.__xssFired = false;
    const xss = `<img src=x onerror="window.__xssFired=true"><script>window.__xssFired=true</script>&amp; "quotes" 'single'`;
    const rtl = 'שלום עולם مرحبا';
    const emoji = 'Grüße 👋🏽 家族 👨‍👩‍👧‍👦';
    const big = 'x'.repeat(5_000) + 'é'.repeat(2_500) + '✓'.repeat(100);
    for (const body of [emoji, rtl, xss, big]) await a.store.sendMessage(bob.jid, body);
    await waitFor(() => bodies(b).length === 4, { what: 'four messages' });
    expect(bodies(b)).to.deep.equal([emoji, rtl, xss, big]);
    expect(new TextEncoder().encode(bodies(b)[3]).length).to.be.greaterThan(10_000);
    expect(log(b).querySelector('img, script')).to.equal(null);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(window.__xssFired).to.equal(false);
    expect(log(b).querySelectorAll('.body')[1].getAttribute('dir')).to.equal('auto');
  });

  it('Enter sends, Shift+Enter does not; the box keeps focus and is emptied', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    await a.store.sendMessage(bob.jid, 'ping');
    await waitFor(() => bodies(b).includes('ping')).catch((error: Error) => {
      const state = (w: XmppChat) => JSON.stringify({ connection: w.store.state.connection, active: w.store.state.activeChat, looking: w.store.state.looking, conversations: w.store.state.conversations });
      throw new Error(`${error.message}; visibility ${document.visibilityState}; alice ${state(a)}; bob ${state(b)}`);
    });
    const box = getByRole(b.shadowRoot!, 'textbox', 'Message') as HTMLTextAreaElement;
    typeInto(box, 'line one');
    pressKey(box, 'Enter', { shiftKey: true });
    expect(box.value).to.equal('line one');
    typeInto(box, 'line one\nline two');
    pressKey(box, 'Enter');
    expect(box.value).to.equal('');
    await waitFor(() => bodies(a).includes('line one\nline two'), { what: 'multi-line message' });
    expect((box.getRootNode() as ShadowRoot).activeElement === box, 'the box keeps focus').to.equal(true);
  });

  it('a message for a conversation that is not open raises its unread count', async () => {
    const [alice, bob, carol] = await Promise.all([registerUser('alice'), registerUser('bob'), registerUser('carol')]);
    const [a, b, c] = await Promise.all([mountWidget(alice), mountWidget(bob), mountWidget(carol)]);
    await a.store.sendMessage(bob.jid, 'first, from alice');
    await waitFor(() => bodies(b).includes('first, from alice'));
    await c.store.sendMessage(bob.jid, 'one from carol');
    await c.store.sendMessage(bob.jid, 'two from carol');
    await waitFor(() => accessibleName(contactButton(b, carol.jid)).includes('2 unread'), { what: 'carol has 2 unread' });
    const carolRow = contactButton(b, carol.jid);
    expect(bodies(b)).to.deep.equal(['first, from alice']);
    carolRow.click();
    await waitFor(() => bodies(b).length === 2);
    expect(bodies(b)).to.deep.equal(['one from carol', 'two from carol']);
    expect(accessibleName(contactButton(b, carol.jid))).not.to.include('unread');
    await openChatWith(b, alice.jid);
    expect(bodies(b)).to.deep.equal(['first, from alice']);
  });

  it('follows the newest message, unless the user scrolled up', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    for (let i = 0; i < 30; i++) await a.store.sendMessage(bob.jid, `message ${i}\nwith a second line`);
    await waitFor(() => bodies(b).length === 30, { what: '30 messages' });
    const el = log(b);
    await waitFor(() => el.scrollHeight - el.scrollTop - el.clientHeight < 2, { what: 'pinned to the bottom' });
    el.scrollTop = 0;
    el.dispatchEvent(new Event('scroll'));
    await a.store.sendMessage(bob.jid, 'while scrolled up');
    await waitFor(() => bodies(b).includes('while scrolled up'));
    expect(el.scrollTop).to.equal(0);
  });
});
