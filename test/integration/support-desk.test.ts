import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/components/launcher/index.js';
import type { XmppChatLauncher } from '../../src/components/launcher/index.js';
import { visitorDetails } from '../../src/features/support/agent-console.js';
import { loadVisitorAccount } from '../../src/storage/visitor-account.js';
import { visitorAccount } from '../../src/store/visitor.js';
import { RegistrationError, register } from '../../src/xmpp/register.js';
import { accessibleName, getByRole, typeInto, waitFor } from '../helpers/dom.js';
import { registerUser, testService, uniqueUsername } from '../helpers/server.js';
import { inner } from '../helpers/widget.js';

// The support desk against Prosody: visitors register their own account on visitors.localhost (XEP-0077),
// talk to the desk's account signed in on an agent console, and see each other through directed presence.

const VISITORS = 'visitors.localhost';

describe('support desk', function () {
  this.timeout(40_000);

  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  afterEach(() => fixtureCleanup());

  describe('visitor accounts (XEP-0077)', () => {
    it('registers on the visitor host, refuses a taken name, and says so where registration is off', async () => {
      const { service } = testService();
      const username = uniqueUsername('visitor');
      await register({ service, host: VISITORS, username, password: 'pw-1' });
      const taken = await register({ service, host: VISITORS, username, password: 'pw-2' }).catch((error: unknown) => error);
      expect(taken).to.be.instanceOf(RegistrationError);
      expect((taken as RegistrationError).condition).to.equal('conflict');
      const anonymous = await register({ service, host: 'anon.localhost', username, password: 'x' }).catch((error: unknown) => error);
      expect((anonymous as RegistrationError).condition).to.equal('unsupported');
      const down = await register({ service: 'ws://127.0.0.1:9/xmpp-websocket', host: VISITORS, username, password: 'x' }).catch((error: unknown) => error);
      expect((down as RegistrationError).condition).to.equal('unreachable');
    });

    it('keeps one account per device, saved before it is registered', async () => {
      const { service } = testService();
      const first = await visitorAccount(service, VISITORS);
      expect(first.jid).to.match(/^visitor-[0-9a-f]{20}@visitors\.localhost$/);
      expect(first.registered).to.equal(true);
      expect(loadVisitorAccount(service, VISITORS)).to.deep.equal(first);
      expect(await visitorAccount(service, VISITORS)).to.deep.equal(first);
      // Saved but never confirmed (the page closed mid-way): registered again under the same name.
      localStorage.setItem(`xmpp-chat:visitor:${VISITORS}:${service}`, JSON.stringify({ ...first, registered: false }));
      expect(await visitorAccount(service, VISITORS)).to.deep.equal(first);
    });
  });

  it('a host that takes no registrations: the visitor is told why, with Retry, and no sign-in is tried', async () => {
    const { service } = testService();
    const visitor = await fixture<XmppChatLauncher>(html`<xmpp-chat mode="launcher" title="Support" service=${service} visitor="anon.localhost" to="desk@localhost"></xmpp-chat>`);
    await visitor.open();
    const alert = await waitFor(() => getByRole(inner(visitor).shadowRoot, 'alert'), { what: 'the refusal' });
    expect(alert.textContent).to.include('The chat is not available right now. Please try again later.');
    expect(getByRole(alert, 'button', 'Retry')).to.be.instanceOf(HTMLButtonElement);
    expect(visitor.store!.state.connection.state).to.equal('offline');
  });

  it('a visitor fills the pre-chat form and writes; the agent sees the details, the page and who is online, answers, and gets the rating', async () => {
    const desk = await registerUser('desk');
    const { service } = testService();
    const page = await fixture<HTMLElement>(html`<div>
      <xmpp-chat id="agent" mode="page" agent="Ana" service=${service} jid=${desk.jid} password=${desk.password} style="--xmpp-chat-height: 420px"></xmpp-chat>
      <xmpp-chat id="visitor" mode="launcher" title="Support" service=${service} visitor=${VISITORS} to=${desk.jid}
        prechat="name email consent" replies-within="a few minutes"></xmpp-chat>
    </div>`);
    const agent = page.querySelector('#agent') as unknown as XmppChatLauncher;
    const visitor = page.querySelector('#visitor') as unknown as XmppChatLauncher;
    await waitFor(() => agent.store?.state.connection.state === 'online', { what: 'the agent online' });

    await visitor.open();
    const panel = getByRole(visitor.shadowRoot!, 'dialog', 'Support');
    const form = await waitFor(() => getByRole(inner(visitor).shadowRoot, 'form', 'Start a chat'), { what: 'the pre-chat form' });
    // Nothing typed yet: the first problem is named and its field gets focus.
    getByRole(form, 'button', 'Start chat').click();
    await waitFor(() => getByRole(form, 'alert').textContent?.includes('Please enter your name.'));
    expect(inner(visitor).shadowRoot.activeElement).to.equal(getByRole(form, 'textbox', 'Name'));
    typeInto(getByRole(form, 'textbox', 'Name'), 'Grace Hopper');
    typeInto(getByRole(form, 'textbox', 'Email'), 'grace@example.org');
    typeInto(getByRole(form, 'textbox', 'How can we help?'), 'My order has not arrived.');
    (getByRole(form, 'checkbox') as HTMLInputElement).click();
    getByRole(form, 'button', 'Start chat').click();

    const visitorLog = await waitFor(() => getByRole(inner(visitor).shadowRoot, 'log', 'Messages'), { what: 'the visitor log' });
    await waitFor(() => visitorLog.textContent?.includes('My order has not arrived.'));

    // The agent: the visitor's conversation, with the details as fields, the page, and the visitor online.
    const visitorJid = visitor.store!.state.connection.jid.split('/')[0];
    expect(visitorJid).to.match(/@visitors\.localhost$/);
    await waitFor(() => agent.store!.state.conversations[visitorJid]?.messages.length === 1, { what: 'the message at the agent' });
    agent.store!.openChat(visitorJid);
    const details = await waitFor(() => {
      const found = visitorDetails(agent.store!.state, visitorJid);
      return found?.prechat && found.page ? found : null;
    }, { what: 'the visitor details at the agent' });
    expect(details.prechat).to.deep.equal({ name: 'Grace Hopper', email: 'grace@example.org', consent: true });
    expect(details.page!.url).to.equal(location.href);
    const aside = await waitFor(() => getByRole(inner(agent).shadowRoot, 'complementary', 'Visitor details'));
    await waitFor(() => aside.textContent?.includes('Grace Hopper') && aside.textContent.includes('grace@example.org'));
    await waitFor(() => accessibleName(aside.querySelector('xmpp-presence-badge')!).includes('online') || aside.querySelector('xmpp-presence-badge')!.shadowRoot!.textContent!.includes('online'), {
      what: 'the visitor online at the agent',
    });

    // The visitor sees the agent by name, online, through the agent's directed presence.
    const header = () => inner(visitor).shadowRoot.querySelector('[part="header"]')!.textContent ?? '';
    await waitFor(() => header().includes('Ana online'), { what: `"Ana online" in the visitor's header` });

    // The agent answers through the console's composer; the visitor sees it, signed.
    const composer = getByRole(inner(agent).shadowRoot.querySelector('xmpp-chat-window')!.shadowRoot!, 'textbox', 'Message');
    typeInto(composer, 'Sorry about that, let me check.');
    getByRole(inner(agent).shadowRoot.querySelector('xmpp-chat-window')!.shadowRoot!, 'button', 'Send').click();
    const visitorWindow = inner(visitor).shadowRoot.querySelector('xmpp-chat-window')!.shadowRoot!;
    await waitFor(() => visitorWindow.textContent?.includes('Sorry about that') && visitorWindow.textContent.includes('— Ana'), { what: 'the signed answer at the visitor' });

    // The visitor ends the chat and rates it; the agent sees the rating.
    getByRole(inner(visitor).shadowRoot, 'button', 'End chat').click();
    const rating = await waitFor(() => getByRole(inner(visitor).shadowRoot, 'form', 'Rate this chat'));
    (getByRole(rating, 'radio', '4 stars') as HTMLInputElement).click();
    typeInto(getByRole(rating, 'textbox', 'Comment (optional)'), 'Quick and kind');
    getByRole(rating, 'button', 'Send rating').click();
    await waitFor(() => getByRole(inner(visitor).shadowRoot, 'button', 'Start a new chat'));
    await waitFor(() => visitorDetails(agent.store!.state, visitorJid)?.rating?.stars === 4, { what: 'the rating at the agent' });
    expect(visitorDetails(agent.store!.state, visitorJid)!.rating!.comment).to.equal('Quick and kind');
    await waitFor(() => aside.textContent?.includes('Quick and kind'));
    expect(panel.hidden).to.equal(false);
  });

  it('a desk that is a room: the visitor joins it by the name they gave, the agents in it see the details and answer', async () => {
    const agentUser = await registerUser('agent');
    const { service } = testService();
    const room = `desk-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@conference.localhost`;
    const agent = await fixture<XmppChatLauncher>(html`<xmpp-chat service=${service} jid=${agentUser.jid} password=${agentUser.password}></xmpp-chat>`);
    await waitFor(() => agent.store?.state.connection.state === 'online', { what: 'the agent online' });
    await agent.store!.act('rooms', { type: 'join', room, nick: 'Ana' });
    await waitFor(() => (agent.store!.state.features.rooms as Record<string, { status: string }>)[room]?.status === 'joined', { what: 'the agent in the room' });

    const visitor = await fixture<XmppChatLauncher>(html`<xmpp-chat mode="launcher" title="Support" service=${service} visitor=${VISITORS} to=${room} prechat="name"></xmpp-chat>`);
    await visitor.open();
    const form = await waitFor(() => getByRole(inner(visitor).shadowRoot, 'form', 'Start a chat'), { what: 'the pre-chat form' });
    typeInto(getByRole(form, 'textbox', 'Name'), 'Grace');
    typeInto(getByRole(form, 'textbox', 'How can we help?'), 'Is the shop open on Sunday?');
    getByRole(form, 'button', 'Start chat').click();

    // In the room under the name she gave; her question, with her details, reaches the agent there.
    await waitFor(() => (visitor.store!.state.features.rooms as Record<string, { status: string; nick: string }> | undefined)?.[room]?.nick === 'Grace', { what: 'the visitor in the room as Grace' });
    await waitFor(() => agent.store!.state.conversations[room]?.messages.some((m) => m.body === 'Is the shop open on Sunday?' && m.from === `${room}/Grace`), { what: 'the question in the room' });
    const question = agent.store!.state.conversations[room].messages.find((m) => m.body === 'Is the shop open on Sunday?')!;
    expect((question.payloads?.support as { prechat?: { name: string } } | undefined)?.prechat?.name).to.equal('Grace');

    // The visitor's header: online, with the agent's name (an occupant); the answer comes back to her.
    const header = () => inner(visitor).shadowRoot.querySelector('[part="header"]')!.textContent ?? '';
    await waitFor(() => header().includes('Ana online'), { what: `"Ana online" in the visitor's header (${header()})` });
    await agent.store!.sendMessage(room, 'Yes, from 10 to 4.');
    const visitorWindow = inner(visitor).shadowRoot.querySelector('xmpp-chat-window')!.shadowRoot!;
    await waitFor(() => visitorWindow.textContent?.includes('Yes, from 10 to 4.'), { what: 'the answer at the visitor' });
    expect(visitor.store!.state.conversations[room].messages.filter((m) => m.body === 'Is the shop open on Sunday?')).to.have.length(1);
  });
});
