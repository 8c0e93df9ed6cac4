import { expect, fixture, html } from '@open-wc/testing';
import type { XmppChat } from '../../src/index.js';
import { allByRole, deepActiveElement, getByRole, typeInto, waitFor } from '../helpers/dom.js';
import { registerUser, testService } from '../helpers/server.js';
import { contactButton, mountWidget, signInForm } from '../helpers/widget.js';

// What a screen reader or keyboard user meets: where focus goes, what is announced, which field is wrong.


function announcer(widget: XmppChat): HTMLElement {
  return widget.shadowRoot!.querySelector<HTMLElement>('.announcer')!;
}

function chatWindow(widget: XmppChat): ShadowRoot {
  return widget.shadowRoot!.querySelector('xmpp-chat-window')!.shadowRoot!;
}

describe('accessibility: focus, announcements and errors', function () {
  this.timeout(60_000);

  it('a refused sign-in marks the fields invalid and points them at the error; success moves focus to Status', async () => {
    const user = await registerUser('focus');
    const widget = await fixture<XmppChat>(html`<xmpp-chat service=${testService().service}></xmpp-chat>`);
    const root = widget.shadowRoot!;
    await signInForm(widget);
    typeInto(getByRole(root, 'textbox', 'Address'), user.jid);
    typeInto(getByRole(root, 'textbox', 'Password'), 'wrong');
    getByRole(root, 'button', 'Sign in').focus();
    getByRole(root, 'button', 'Sign in').click();
    // While signing in, focus stays in the form: the button is not disabled out from under it.
    await widget.updateComplete;
    expect(deepActiveElement()).to.equal(getByRole(root, 'button', 'Signing in…'));
    const alert = await waitFor(() => getByRole(root, 'alert'));
    for (const name of ['Address', 'Password']) {
      const field = getByRole(root, 'textbox', name);
      expect(field.getAttribute('aria-invalid'), name).to.equal('true');
      expect(field.getAttribute('aria-describedby'), name).to.equal(alert.id);
    }
    expect(deepActiveElement()).to.equal(getByRole(root, 'textbox', 'Password'));

    typeInto(getByRole(root, 'textbox', 'Password'), user.password);
    getByRole(root, 'button', 'Sign in').click();
    await waitFor(() => deepActiveElement() === getByRole(root, 'combobox', 'Status'), { what: 'focus on Status' });
    expect(document.activeElement).to.not.equal(document.body);
  });

  it('Add contact succeeds without an alert; a bad address is marked invalid and described', async () => {
    const [alice, bob] = await Promise.all([registerUser('adder'), registerUser('added')]);
    const a = await mountWidget(alice);
    const root = a.shadowRoot!;
    getByRole(root, 'button', 'Add contact').click();
    const address = await waitFor(() => getByRole(root, 'textbox', 'Address'));
    typeInto(address, 'not an address');
    getByRole(root, 'button', 'Add').click();
    const alert = await waitFor(() => getByRole(root, 'alert'));
    expect(address.getAttribute('aria-invalid')).to.equal('true');
    expect(address.getAttribute('aria-describedby')).to.equal(alert.id);

    typeInto(address, bob.jid);
    getByRole(root, 'button', 'Add').click();
    await waitFor(() => contactButton(a, bob.jid), { what: 'bob in the roster' });
    await waitFor(() => allByRole(root, 'textbox', 'Address').length === 0, { what: 'the form closed' });
    expect(allByRole(root, 'alert')).to.have.length(0);
    await waitFor(() => deepActiveElement() === getByRole(root, 'button', 'Add contact'), { what: 'focus back on Add contact' });
  });

  it('answering a request moves focus to the next one, then to the contacts', async () => {
    const [alice, bob, carol] = await Promise.all([registerUser('asked'), registerUser('asker1'), registerUser('asker2')]);
    const [a, b, c] = await Promise.all([mountWidget(alice), mountWidget(bob), mountWidget(carol)]);
    await b.store.act('roster-editing', { type: 'add', address: alice.jid });
    await c.store.act('roster-editing', { type: 'add', address: alice.jid });
    const root = a.shadowRoot!;
    await waitFor(() => a.store.state.requests.length === 2, { what: 'two requests' });
    const requests = await waitFor(() => getByRole(root, 'list', 'Requests'));
    const [first, second] = a.store.state.requests;
    const accept = getByRole(requests, 'button', `Accept ${first}`);
    accept.focus();
    accept.click();
    await waitFor(() => deepActiveElement() === getByRole(root, 'button', `Accept ${second}`), { what: 'focus on the next request' });
    // The accepted contact joins the list when the server's roster push comes: then the list has a row to focus.
    await waitFor(() => contactButton(a, first), { what: 'the accepted contact in the list' });
    getByRole(root, 'button', `Decline ${second}`).click();
    await waitFor(() => allByRole(root, 'list', 'Requests').length === 0, { what: 'no requests left' });
    await waitFor(() => deepActiveElement()?.closest('ul')?.getAttribute('aria-label') === 'Contacts', { what: 'focus in the contacts' });
  });

  it('announces deliveries with their context, and messages in conversations that are not open', async () => {
    const [alice, bob, carol] = await Promise.all([registerUser('speaker'), registerUser('listener'), registerUser('other')]);
    const [a, b, c] = await Promise.all([mountWidget(alice), mountWidget(bob), mountWidget(carol)]);
    await a.store.act('roster-editing', { type: 'add', address: bob.jid });
    await waitFor(() => getByRole(b.shadowRoot!, 'list', 'Requests'));
    await b.store.act('roster-editing', { type: 'accept', jid: alice.jid });
    await waitFor(() => b.store.state.roster.contacts.some((contact) => contact.jid === alice.jid && contact.subscription === 'both'));
    // Bob's widget out of sight: his client confirms delivery, and nobody there has seen it yet.
    b.store.setShown(false);
    a.store.openChat(bob.jid);
    await a.store.sendMessage(bob.jid, 'did you get this?');
    await waitFor(() => announcer(a).textContent === `Message to ${bob.jid} delivered`, { what: 'the delivery announced' });
    expect(announcer(a).getAttribute('role')).to.equal('status');
    // The state word in the log is not a live announcement of its own.
    expect(chatWindow(a).querySelector('.state.delivered')!.getAttribute('aria-live')).to.equal('off');

    await c.store.sendMessage(alice.jid, 'psst');
    await waitFor(() => announcer(a).textContent === `New message from ${carol.jid}`, { what: 'a message elsewhere announced' });
  });

  it('paging back keeps focus on Show older messages and the log busy while it fills', async () => {
    const [alice, bob] = await Promise.all([registerUser('pager'), registerUser('paged')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    for (let i = 1; i <= 60; i++) await b.store.sendMessage(alice.jid, `p${i}`);
    await waitFor(() => a.store.state.conversations[bob.jid]?.messages.length === 60, { what: '60 messages' });
    a.remove();
    const again = await mountWidget(alice);
    again.store.openChat(bob.jid);
    const log = await waitFor(() => getByRole(again.shadowRoot!, 'log', 'Messages'));
    const older = await waitFor(() => getByRole(log, 'button', 'Show older messages'));
    const busy: string[] = [];
    const watcher = new MutationObserver(() => busy.push(log.getAttribute('aria-busy') ?? ''));
    watcher.observe(log, { attributes: true, attributeFilter: ['aria-busy'] });
    older.focus();
    older.click();
    await waitFor(() => log.querySelectorAll('article').length === 60, { what: 'the older page' });
    await waitFor(() => log.getAttribute('aria-busy') === 'false', { what: 'the log no longer busy' });
    watcher.disconnect();
    expect(busy).to.include('true');
    // The archive may still hold more: the same button, still focused; once it is all there, the log.
    const active = deepActiveElement();
    expect(active === older || active === log, 'focus on the button or the log, never the page').to.equal(true);
    for (let i = 0; i < 5 && allByRole(log, 'button', /older/).length > 0; i++) {
      getByRole(log, 'button', /older/).click();
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await waitFor(() => allByRole(log, 'button', /older/).length === 0, { what: 'all history shown' });
    await waitFor(() => deepActiveElement() === log, { what: 'focus on the log' });
  });

  it('a message the server refused says why in words, with the condition as its detail', async () => {
    const alice = await registerUser('refused');
    const a = await mountWidget(alice);
    const nobody = `nobody-${Date.now()}@${testService().domain}`;
    a.store.openChat(nobody);
    await a.store.sendMessage(nobody, 'into the void');
    const retry = await waitFor(() => getByRole(a.shadowRoot!, 'button', 'Retry'), { what: 'a failed message' });
    const reason = retry.previousElementSibling as HTMLElement;
    await waitFor(() => reason.textContent === 'This address does not exist or does not take messages.', { what: 'the reason in words' });
    expect(reason.title).to.match(/^service-unavailable/);
    await waitFor(() => announcer(a).textContent === `Message to ${nobody} not sent`, { what: 'the failure announced' });
  });
});
