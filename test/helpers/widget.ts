import { fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { XmppChat } from '../../src/index.js';
import { accessibleName, getByRole, typeInto, waitFor } from './dom.js';
import { testService, type TestUser } from './server.js';

/** A signed-in `<xmpp-chat>` for `user`, resolved once it reflects `state="online"`. */
export async function mountWidget(user: TestUser, { waitOnline = true } = {}): Promise<XmppChat> {
  const { service } = testService();
  const el = await fixture<XmppChat>(
    html`<xmpp-chat service=${service} jid=${user.jid} password=${user.password}></xmpp-chat>`,
  );
  if (waitOnline) await waitForState(el, 'online');
  return el;
}

export async function waitForState(el: XmppChat, state: string, timeout = 15_000) {
  await waitFor(() => el.getAttribute('state') === state, { timeout, what: `state="${state}" (now "${el.getAttribute('state')}")` });
}

/** The contact button whose accessible name starts with `name`. */
export function contactButton(widget: XmppChat, name: string): HTMLElement {
  const contacts = getByRole(widget.shadowRoot!, 'list', 'Contacts');
  return getByRole(contacts, 'button', new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`));
}

/** Makes `a` and `b` mutual contacts through the widgets' own Add contact and Accept controls. */
export async function befriend(a: XmppChat, b: XmppChat, bJid: string, aJid: string) {
  const aRoot = a.shadowRoot!;
  getByRole(aRoot, 'button', 'Add contact').click();
  const address = await waitFor(() => getByRole(aRoot, 'textbox', 'Address'));
  typeInto(address, bJid);
  getByRole(aRoot, 'button', 'Add').click();
  const accept = await waitFor(() => getByRole(getByRole(b.shadowRoot!, 'list', 'Requests'), 'button', `Accept ${aJid}`), {
    what: `a subscription request from ${aJid}`,
  });
  accept.click();
  await waitFor(() => accessibleName(contactButton(a, bJid)).includes('online'), { what: `${bJid} online in ${aJid}'s roster` });
  await waitFor(() => accessibleName(contactButton(b, aJid)).includes('online'), { what: `${aJid} online in ${bJid}'s roster` });
}

/** The sign-in form, once its chunk has loaded and drawn it. */
export async function signInForm(widget: XmppChat): Promise<HTMLElement> {
  return waitFor(() => getByRole(widget.shadowRoot!, 'button', 'Sign in'), { what: 'the sign-in form' });
}

/** The widget inside a loader's `<xmpp-chat>` (the launcher's, or an inline or page one), once it has loaded. */
export function inner(loader: HTMLElement): HTMLElement & { shadowRoot: ShadowRoot } {
  return loader.shadowRoot!.querySelector('[state]') as HTMLElement & { shadowRoot: ShadowRoot };
}
