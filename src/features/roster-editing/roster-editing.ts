// The elements of roster editing (see manifest.ts), placed by <xmpp-roster> once this chunk is loaded.
import { LitElement, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { msg } from '../../components/msg.js';
import { StoreController } from '../../components/store-controller.js';
import { tokens } from '../../components/tokens.js';
import type { AddContactRefusal } from './service.js';

export { service } from './service.js';

const init = { bubbles: true, composed: true } as const;

const REFUSALS: Record<Exclude<AddContactRefusal, 'refused'>, string> = {
  address: 'Enter an address like name@example.org.',
  'own-address': 'That is your own address.',
  offline: 'You are offline.',
};

/** The Add contact form is done (added or cancelled): the roster closes it. */
export const ADD_CONTACT_CLOSE = 'xmpp-add-contact-close';
/** Remove was confirmed (`detail` true) or cancelled (false). */
export const REMOVE_CONTACT_CLOSE = 'xmpp-remove-contact-close';

const listStyles = css`
  h2 {
    font-size: 0.75rem;
    text-transform: uppercase;
    letter-spacing: 0.06em;
    color: var(--_muted);
    margin: 0.9rem 0.9rem 0.3rem;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0 0.4rem;
  }
  li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    padding: 0.4rem 0.5rem;
    gap: 0.4rem;
  }
  .who {
    flex: 1 1 100%;
    overflow-wrap: anywhere;
  }
`;

/**
 * Pending subscription requests (RFC 6121 §3.1.3), each with Accept and Decline. Answering one moves focus
 * to the next, or to the contact list after the last (its host's `focusList()`).
 * @csspart requests - The list of requests.
 */
export class XmppContactRequests extends LitElement {
  static override styles = [tokens, listStyles];

  readonly #requests = new StoreController(this, (s) => s.requests);

  async #answer(jid: string, accept: boolean) {
    const store = this.#requests.store;
    if (!store) return;
    const requests = this.#requests.value ?? [];
    const index = requests.indexOf(jid);
    const neighbour = requests[index + 1] ?? requests[index - 1];
    // The list goes with its last request, and this element with it: the roster is asked directly.
    const roster = (this.getRootNode() as ShadowRoot).host as HTMLElement & { focusList?(): Promise<void> };
    await store.act('roster-editing', { type: accept ? 'accept' : 'decline', jid });
    if (!neighbour) {
      await roster.focusList?.();
      return;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`li[data-jid="${CSS.escape(neighbour)}"] button`)?.focus();
  }

  override render() {
    const requests = this.#requests.value ?? [];
    if (requests.length === 0) return nothing;
    return html`<h2>${msg('Requests')}</h2>
      <ul part="requests" aria-label=${msg('Requests')}>
        ${repeat(
          requests,
          (jid) => jid,
          (jid) => html`<li data-jid=${jid}>
            <span class="who">${msg('{jid} wants to see your presence', { jid })}</span>
            <button class="primary" aria-label=${msg('Accept {jid}', { jid })} @click=${() => this.#answer(jid, true)}>${msg('Accept')}</button>
            <button aria-label=${msg('Decline {jid}', { jid })} @click=${() => this.#answer(jid, false)}>${msg('Decline')}</button>
          </li>`,
        )}
      </ul>`;
  }
}

/** The Add contact form: an address, Add and Cancel. Escape cancels. An error stays beside the field. */
export class XmppAddContact extends LitElement {
  static override properties = { error: { state: true } };

  static override styles = [
    tokens,
    css`
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
      }
      input {
        flex: 1 1 10rem;
        min-inline-size: 0;
      }
      .error {
        color: var(--_danger);
        flex-basis: 100%;
        margin: 0;
        font-size: 0.85rem;
      }
    `,
  ];

  declare error: string;
  readonly #store = new StoreController(this, (s) => s.connection.state);

  constructor() {
    super();
    this.error = '';
  }

  override firstUpdated() {
    this.renderRoot.querySelector('input')?.focus();
  }

  async #add(event: SubmitEvent) {
    event.preventDefault();
    const input = this.renderRoot.querySelector('input')!;
    const store = this.#store.store;
    const refusal = (store ? await store.act('roster-editing', { type: 'add', address: input.value }) : 'offline') as AddContactRefusal | null;
    if (refusal) {
      this.error = refusal === 'refused' ? msg('Could not add {jid}.', { jid: input.value.trim() }) : msg(REFUSALS[refusal]);
      input.focus();
      return;
    }
    this.#close();
  }

  #close() {
    this.dispatchEvent(new Event(ADD_CONTACT_CLOSE, init));
  }

  override render() {
    const invalid = Boolean(this.error);
    return html`<form @submit=${this.#add} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.#close()}>
      <input name="address" type="text" autocomplete="off" spellcheck="false" aria-label=${msg('Address')}
        placeholder=${msg('name@example.org')} required aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${invalid ? 'add-error' : nothing} />
      <button class="primary" type="submit">${msg('Add')}</button>
      <button type="button" @click=${this.#close}>${msg('Cancel')}</button>
      ${invalid ? html`<p id="add-error" class="error" role="alert">${this.error}</p>` : nothing}
    </form>`;
  }
}

/** Asks before a contact is removed: Remove, or Cancel (also Escape). Cancel has focus: removal is the rarer wish. */
export class XmppRemoveContact extends LitElement {
  static override properties = { name: { type: String } };

  static override styles = [
    tokens,
    css`
      div {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        padding: 0.4rem 0.5rem;
        background: color-mix(in srgb, var(--_danger) 10%, transparent);
        border-radius: var(--_radius);
      }
      span {
        flex: 1 1 100%;
        overflow-wrap: anywhere;
      }
    `,
  ];

  declare name: string;

  override firstUpdated() {
    this.renderRoot.querySelector<HTMLButtonElement>('button:not(.primary)')?.focus();
  }

  #close(remove: boolean) {
    this.dispatchEvent(new CustomEvent(REMOVE_CONTACT_CLOSE, { ...init, detail: remove }));
  }

  override render() {
    const { name } = this;
    return html`<div role="group" aria-label=${msg('Remove {name}', { name })} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.#close(false)}>
      <span>${msg('Remove {name} from your contacts?', { name })}</span>
      <button class="primary" @click=${() => this.#close(true)}>${msg('Remove')}</button>
      <button @click=${() => this.#close(false)}>${msg('Cancel')}</button>
    </div>`;
  }
}

for (const [tag, element] of [
  ['xmpp-remove-contact', XmppRemoveContact],
  ['xmpp-contact-requests', XmppContactRequests],
  ['xmpp-add-contact', XmppAddContact],
] as const) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
