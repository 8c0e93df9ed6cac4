import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../src/components/launcher/index.js';
import type { XmppChatLauncher } from '../../src/components/launcher/index.js';
import { expectAccessible } from '../helpers/axe.js';
import { accessibleName, deepActiveElement, getByRole, waitFor } from '../helpers/dom.js';
import { inner } from '../helpers/widget.js';
import { registerUser, testService } from '../helpers/server.js';

// The launcher, its panel, the pre-chat form, the rating and the agent console: WCAG 2.2 AA by axe-core (light
// and dark), and the visitor's whole way through with the keyboard alone.

const VISITORS = 'visitors.localhost';

/** Presses Tab until `wanted` has focus (at most `limit` times): the way a keyboard user gets there. */
async function tabTo(wanted: () => Element | null, limit = 12) {
  for (let i = 0; i < limit; i++) {
    if (deepActiveElement() === wanted()) return;
    await sendKeys({ press: 'Tab' });
  }
  expect(deepActiveElement(), `reached by Tab within ${limit} presses`).to.equal(wanted());
}

describe('support desk: accessibility and keyboard', function () {
  this.timeout(60_000);
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  afterEach(async () => {
    fixtureCleanup();
    await setViewport({ width: 800, height: 600 });
  });

  it('axe: the launcher, the panel with the pre-chat form, the rating, and the agent console', async () => {
    const desk = await registerUser('desk');
    const { service } = testService();
    const page = await fixture<HTMLElement>(html`<div>
      <xmpp-chat id="agent" mode="page" agent="Ana" service=${service} jid=${desk.jid} password=${desk.password} style="--xmpp-chat-height: 460px"></xmpp-chat>
      <xmpp-chat id="visitor" mode="launcher" title="Support" service=${service} visitor=${VISITORS} to=${desk.jid} prechat="name email consent"></xmpp-chat>
    </div>`);
    const agent = page.querySelector('#agent') as unknown as XmppChatLauncher;
    const visitor = page.querySelector('#visitor') as unknown as XmppChatLauncher;
    await expectAccessible(visitor as unknown as HTMLElement, 'the closed launcher');
    await visitor.open();
    const form = await waitFor(() => getByRole(inner(visitor).shadowRoot, 'form', 'Start a chat'), { what: 'the pre-chat form' });
    await expectAccessible(visitor as unknown as HTMLElement, 'the panel with the pre-chat form');
    getByRole(form, 'button', 'Start chat').click();
    await waitFor(() => getByRole(form, 'alert'));
    await expectAccessible(visitor as unknown as HTMLElement, 'the pre-chat form with an error');
    await waitFor(() => agent.store?.state.connection.state === 'online', { what: 'the agent online' });
    await expectAccessible(agent as unknown as HTMLElement, 'the agent console');
    await visitor.store!.sendMessage(desk.jid, 'Hello');
    const visitorJid = await waitFor(() => visitor.store!.state.connection.jid.split('/')[0]);
    await waitFor(() => agent.store!.state.conversations[visitorJid], { what: 'the conversation at the agent' });
    agent.store!.openChat(visitorJid);
    await waitFor(() => getByRole(inner(agent).shadowRoot, 'complementary', 'Visitor details').querySelector('h2'));
    await expectAccessible(agent as unknown as HTMLElement, "the agent console with a visitor's conversation");
    getByRole(inner(visitor).shadowRoot, 'button', 'End chat').click();
    await waitFor(() => getByRole(inner(visitor).shadowRoot, 'form', 'Rate this chat'));
    await expectAccessible(visitor as unknown as HTMLElement, 'the rating');
  });

  it('the whole visitor flow with the keyboard alone', async () => {
    const desk = await registerUser('desk');
    const { service } = testService();
    const page = await fixture<HTMLElement>(html`<div>
      <button>Before</button>
      <xmpp-chat mode="launcher" title="Support" service=${service} visitor=${VISITORS} to=${desk.jid} prechat="name email consent"></xmpp-chat>
    </div>`);
    const visitor = page.querySelector('xmpp-chat') as unknown as XmppChatLauncher;
    const button = visitor.shadowRoot!.querySelector<HTMLButtonElement>('button.launcher')!;
    page.querySelector('button')!.focus();
    await tabTo(() => button);
    await sendKeys({ press: 'Enter' });
    // Focus moves into the panel: the form's first field once it is here.
    const form = await waitFor(() => getByRole(inner(visitor).shadowRoot, 'form', 'Start a chat'), { what: 'the pre-chat form' });
    const name = getByRole(form, 'textbox', 'Name');
    await waitFor(() => deepActiveElement() === name, { what: 'focus on Name' });
    await sendKeys({ type: 'Kay Board' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'kay@example.org' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'Only the keyboard here.' });
    await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()).to.equal(getByRole(form, 'checkbox'));
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Tab' });
    expect(accessibleName(deepActiveElement()!)).to.equal('Start chat');
    await sendKeys({ press: 'Enter' });
    // The conversation, with focus in the composer.
    const window = await waitFor(() => inner(visitor).shadowRoot.querySelector('xmpp-chat-window')?.shadowRoot);
    await waitFor(() => window.textContent?.includes('Only the keyboard here.'), { what: 'the first message' });
    await waitFor(() => deepActiveElement() === getByRole(window, 'textbox', 'Message'), { what: 'focus in the composer' });
    await sendKeys({ type: 'And a second line.' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => window.textContent?.includes('And a second line.'), { what: 'the second message' });
    // End chat, rate with the arrow keys, comment, send.
    const end = getByRole(inner(visitor).shadowRoot, 'button', 'End chat');
    await tabTo(() => end, 20);
    await sendKeys({ press: 'Enter' });
    const rating = await waitFor(() => getByRole(inner(visitor).shadowRoot, 'form', 'Rate this chat'));
    await waitFor(() => deepActiveElement() === getByRole(rating, 'radio', '1 star'), { what: 'focus on the first star' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    expect((getByRole(rating, 'radio', '4 stars') as HTMLInputElement).checked).to.equal(true);
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'Fine by keyboard' });
    await sendKeys({ press: 'Tab' });
    expect(accessibleName(deepActiveElement()!)).to.equal('Send rating');
    await sendKeys({ press: 'Enter' });
    const again = await waitFor(() => getByRole(inner(visitor).shadowRoot, 'button', 'Start a new chat'));
    await waitFor(() => deepActiveElement() === again, { what: 'focus on Start a new chat' });
    const sent = visitor.store!.state.conversations[desk.jid].messages.at(-1)!;
    expect(sent.body).to.equal('★★★★☆ (4/5): Fine by keyboard');
    // Esc closes the panel and focus goes back to the launcher.
    await sendKeys({ press: 'Escape' });
    expect(visitor.isOpen).to.equal(false);
    expect(deepActiveElement()).to.equal(button);
  });
});
