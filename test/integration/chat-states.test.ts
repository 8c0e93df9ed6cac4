import { expect } from '@open-wc/testing';
import { fixture, html } from '@open-wc/testing';
import type { XmppChat } from '../../src/index.js';
import { getByRole, typeInto, waitFor } from '../helpers/dom.js';
import { Peer } from '../helpers/peer.js';
import { registerUser, testService } from '../helpers/server.js';
import { installSocketSpy, type SocketSpy } from '../helpers/socket-spy.js';
import { befriend, mountWidget, waitForState } from '../helpers/widget.js';

// Chat states (XEP-0085), a lazy feature: what the composer tells, to whom, and "… is typing…".

const composer = (widget: XmppChat) => getByRole(widget.shadowRoot!.querySelector('xmpp-chat-window')!.shadowRoot!, 'textbox', 'Message');
const typingLine = (widget: XmppChat) =>
  widget.shadowRoot!.querySelector('xmpp-chat-window')!.shadowRoot!.querySelector('xmpp-typing-line')?.shadowRoot?.querySelector('[role=status]');
const chatStateFrames = (spy: SocketSpy, to: string) =>
  spy.sent().filter((frame) => frame.includes('http://jabber.org/protocol/chatstates') && frame.includes(`to="${to}"`));

describe('chat states (XEP-0085)', function () {
  this.timeout(60_000);
  let spy: SocketSpy | undefined;
  afterEach(() => spy?.uninstall());

  it('typing tells a contact who sees our presence; they read "… is typing…" until the message comes', async () => {
    const [alice, bob] = await Promise.all([registerUser('typer'), registerUser('reader')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    await befriend(a, b, bob.jid, alice.jid);
    a.store.openChat(bob.jid);
    b.store.openChat(alice.jid);
    await a.updateComplete;

    expect(performance.getEntriesByType('resource').some((e) => /chat-states-/.test(e.name) || /chat-states\.ts/.test(e.name))).to.equal(false);
    typeInto(composer(a), 'hel');
    const line = await waitFor(() => (typingLine(b)?.textContent?.includes('is typing') ? typingLine(b) : null), { what: 'typing line at bob' });
    expect(line!.textContent!.trim()).to.equal(`${alice.jid} is typing…`);

    // Sent: the message carries <active/>, and the line goes.
    getByRole(a.shadowRoot!.querySelector('xmpp-chat-window')!.shadowRoot!, 'button', 'Send').click();
    await waitFor(() => b.store.state.conversations[alice.jid]?.messages.some((m) => m.body === 'hel'), { what: 'the message at bob' });
    await waitFor(() => b.store.state.features['chat-states'] && (b.store.state.features['chat-states'] as Record<string, string>)[alice.jid] === 'active', {
      what: 'active at bob',
    });
    expect(typingLine(b)!.textContent!.trim()).to.equal('');

    // Clearing what was typed, without sending, says active again.
    typeInto(composer(a), 'second thought');
    await waitFor(() => typingLine(b)?.textContent?.includes('is typing'), { what: 'typing again' });
    typeInto(composer(a), '');
    await waitFor(() => (b.store.state.features['chat-states'] as Record<string, string>)[alice.jid] === 'active', { what: 'active after clearing' });
  });

  it('tells nothing to an address that does not see our presence, and nothing at all with chat-states="off"', async () => {
    const [alice, bob, stranger, quiet] = await Promise.all([registerUser('cs'), registerUser('csb'), registerUser('css'), registerUser('csq')]);
    spy = installSocketSpy();
    const a = await mountWidget(alice);
    const b = await mountWidget(bob);
    await befriend(a, b, bob.jid, alice.jid);

    a.store.openChat(stranger.jid);
    await a.updateComplete;
    typeInto(composer(a), 'to a stranger');
    // Then to bob, who may know: once that one leaves, the stranger's would have left before it.
    a.store.openChat(bob.jid);
    await a.updateComplete;
    typeInto(composer(a), 'to bob');
    await spy.waitForSent((frame) => frame.includes('<composing') && frame.includes(`to="${bob.jid}"`));
    expect(chatStateFrames(spy, stranger.jid), 'nothing to the stranger').to.deep.equal([]);

    // A page that turned chat states off: no notification, and no <active/> on its messages.
    const { service } = testService();
    const q = await fixture<XmppChat>(html`<xmpp-chat service=${service} jid=${quiet.jid} password=${quiet.password} chat-states="off"></xmpp-chat>`);
    await waitForState(q, 'online');
    const quietSocket = spy.sockets().length - 1;
    await befriend(q, b, bob.jid, quiet.jid);
    b.store.openChat(quiet.jid);
    q.store.openChat(bob.jid);
    await q.updateComplete;
    typeInto(composer(q), 'quietly');
    getByRole(q.shadowRoot!.querySelector('xmpp-chat-window')!.shadowRoot!, 'button', 'Send').click();
    await waitFor(() => b.store.state.conversations[quiet.jid]?.messages.some((m) => m.body === 'quietly'), { what: 'the quiet message at bob' });
    const quietFrames = spy.sent(quietSocket);
    expect(quietFrames.filter((f) => f.includes('quietly')), 'the message left through this socket').to.have.length(1);
    expect(quietFrames.filter((f) => f.includes('http://jabber.org/protocol/chatstates'))).to.deep.equal([]);
  });

  it('speaks with slixmpp: its composing shows here, and ours reaches it', async () => {
    const [alice, bob] = await Promise.all([registerUser('csl'), registerUser('slix')]);
    const peer = await Peer.start(bob);
    try {
      const a = await mountWidget(alice);
      // slixmpp accepts the request and asks back; the widget accepts that, since it asked first.
      await a.store.act('roster-editing', { type: 'add', address: bob.jid });
      await waitFor(() => a.store.state.roster.contacts.find((c) => c.jid === bob.jid)?.subscription === 'both', { what: 'mutual subscription' });
      a.store.openChat(bob.jid);
      await a.updateComplete;

      await peer.do({ op: 'chat_state', to: alice.jid, state: 'composing' });
      await waitFor(() => typingLine(a)?.textContent?.includes(`${bob.jid} is typing…`), { what: "slixmpp's composing" });
      await peer.do({ op: 'chat_state', to: alice.jid, state: 'paused' });
      await waitFor(() => typingLine(a)?.textContent?.trim() === '', { what: 'paused hides the line' });

      typeInto(composer(a), 'hi slixmpp');
      await peer.waitForEvent((e) => e.event === 'chat_state' && e.from === alice.jid && e.state === 'composing', 'our composing');
      getByRole(a.shadowRoot!.querySelector('xmpp-chat-window')!.shadowRoot!, 'button', 'Send').click();
      const message = await peer.waitForEvent((e) => e.event === 'message' && e.body === 'hi slixmpp', 'our message');
      expect(message.state).to.equal('active');

      await peer.do({ op: 'message', to: alice.jid, body: 'hello widget', state: 'active' });
      await waitFor(() => a.store.state.conversations[bob.jid]?.messages.some((m) => m.body === 'hello widget'), { what: "slixmpp's message" });
    } finally {
      await peer.stop();
    }
  });
});
