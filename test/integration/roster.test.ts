import { expect } from '@open-wc/testing';
import { accessibleName, allByRole, getByRole, typeInto, waitFor } from '../helpers/dom.js';
import { registerUser } from '../helpers/server.js';
import { befriend, contactButton, mountWidget } from '../helpers/widget.js';

describe('roster, subscriptions and presence against Prosody', function () {
  this.timeout(40_000);

  it('alice adds bob, bob accepts once, and both rosters show each other online', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    await befriend(a, b, bob.jid, alice.jid);
    // One Accept was enough: alice's widget approved bob's request itself, so she has none pending.
    expect(allByRole(a.shadowRoot!, 'list', 'Requests')).to.have.length(0);
    expect(allByRole(b.shadowRoot!, 'list', 'Requests')).to.have.length(0);
    expect(accessibleName(contactButton(a, bob.jid))).to.match(new RegExp(`^${bob.jid}.*online`));
    expect(accessibleName(contactButton(b, alice.jid))).to.match(new RegExp(`^${alice.jid}.*online`));
  });

  it('a status change is seen live by the other side: away, busy, then online again', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    await befriend(a, b, bob.jid, alice.jid);
    const status = getByRole(b.shadowRoot!, 'combobox', 'Status') as HTMLSelectElement;
    for (const [choice, word] of [['away', 'away'], ['busy', 'busy'], ['available', 'online']] as const) {
      status.value = choice;
      status.dispatchEvent(new Event('change', { bubbles: true }));
      await waitFor(() => accessibleName(contactButton(a, bob.jid)).includes(word), { what: `bob reads ${word}` });
    }
    const text = getByRole(b.shadowRoot!, 'textbox', 'Status message');
    typeInto(text, 'In a meeting');
    await waitFor(() => accessibleName(contactButton(a, bob.jid)).includes('In a meeting'), { what: 'status text' });
  });

  it('a contact who signs out reads offline, and back online when they return', async () => {
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [a, b] = await Promise.all([mountWidget(alice), mountWidget(bob)]);
    await befriend(a, b, bob.jid, alice.jid);
    getByRole(b.shadowRoot!, 'button', 'Sign out').click();
    await waitFor(() => accessibleName(contactButton(a, bob.jid)).includes('offline'), { what: 'bob offline' });
    await mountWidget(bob);
    await waitFor(() => accessibleName(contactButton(a, bob.jid)).includes('online'), { what: 'bob online again' });
  });

  it('decline refuses the request; remove takes a contact off both rosters live', async () => {
    const [alice, bob, carol] = await Promise.all([registerUser('alice'), registerUser('bob'), registerUser('carol')]);
    const [a, b, c] = await Promise.all([mountWidget(alice), mountWidget(bob), mountWidget(carol)]);
    // carol asks bob; bob declines.
    getByRole(c.shadowRoot!, 'button', 'Add contact').click();
    typeInto(await waitFor(() => getByRole(c.shadowRoot!, 'textbox', 'Address')), bob.jid);
    getByRole(c.shadowRoot!, 'button', 'Add').click();
    const requests = await waitFor(() => getByRole(b.shadowRoot!, 'list', 'Requests'));
    getByRole(requests, 'button', `Decline ${carol.jid}`).click();
    await waitFor(() => allByRole(b.shadowRoot!, 'list', 'Requests').length === 0, { what: 'request gone' });
    // carol's roster keeps bob, no longer pending, with no presence shared.
    await waitFor(() => !accessibleName(contactButton(c, bob.jid)).includes('pending'), { what: 'request no longer pending' });
    expect(accessibleName(contactButton(c, bob.jid))).to.include('offline');

    await befriend(a, b, bob.jid, alice.jid);
    getByRole(a.shadowRoot!, 'button', `Remove ${bob.jid}`).click();
    (await waitFor(() => getByRole(a.shadowRoot!, 'button', 'Remove'))).click();
    await waitFor(() => allByRole(getByRole(a.shadowRoot!, 'list', 'Contacts'), 'button', new RegExp(`^${bob.jid}`)).length === 0, {
      what: 'bob removed from alice',
    });
    await waitFor(() => accessibleName(contactButton(b, alice.jid)).includes('offline'), { what: 'alice no longer shares presence' });
  });

  it('rejects an invalid address with a clear message', async () => {
    const alice = await registerUser('alice');
    const a = await mountWidget(alice);
    getByRole(a.shadowRoot!, 'button', 'Add contact').click();
    typeInto(await waitFor(() => getByRole(a.shadowRoot!, 'textbox', 'Address')), 'not an address');
    getByRole(a.shadowRoot!, 'button', 'Add').click();
    const alert = await waitFor(() => getByRole(a.shadowRoot!, 'alert'));
    expect(alert.textContent).to.match(/name@example\.org/);
  });
});
