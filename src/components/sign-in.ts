// The sign-in form, loaded by <xmpp-chat> when it has no credentials to sign in with: a widget given `jid` and
// `password` (or, later, a visitor's) never shows it, so the first load does without it.
import { LitElement, css, html, nothing } from 'lit';
import type { ConnectionProblem } from '../store/state.js';
import { msg } from './msg.js';
import { StoreController } from './store-controller.js';
import { tokens } from './tokens.js';

/** What the form asks its widget to do: sign in with these. */
export const SIGN_IN = 'xmpp-sign-in';

type Field = 'address' | 'password';

/**
 * Address, Password and Sign in. While signing in the fields are read-only and the button says so, but keep
 * focus; a refused sign-in marks the field at fault, points it at the error and selects it.
 */
export class XmppSignIn extends LitElement {
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override properties = { address: { type: String } };

  static override styles = [
    tokens,
    css`
      :host {
        display: block;
        margin: auto;
        inline-size: min(20rem, 100% - 2rem);
      }
      form {
        display: flex;
        flex-direction: column;
        gap: 0.75rem;
      }
      h2 {
        margin: 0;
        font-size: 1.15rem;
      }
      label {
        display: flex;
        flex-direction: column;
        gap: 0.25rem;
        font-size: 0.9rem;
      }
      p {
        color: var(--_danger);
        margin: 0;
      }
    `,
  ];

  declare address: string;
  readonly #connection = new StoreController(this, (s) => s.connection);
  #submitted = false;

  constructor() {
    super();
    this.address = '';
  }

  #submit(event: SubmitEvent) {
    event.preventDefault();
    const connection = this.#connection.value;
    if (connection?.state === 'connecting' && connection.retryAt === null) return;
    const form = event.currentTarget as HTMLFormElement;
    const value = (name: Field) => (form.elements.namedItem(name) as HTMLInputElement).value;
    this.address = value('address');
    this.#submitted = true;
    this.dispatchEvent(new CustomEvent(SIGN_IN, { bubbles: true, composed: true, detail: { address: this.address, password: value('password') } }));
  }

  protected override updated() {
    const connection = this.#connection.value;
    if (!this.#submitted || connection?.state !== 'error') return;
    this.#submitted = false;
    this.renderRoot.querySelector<HTMLInputElement>(`input[name=${connection.problem?.field ?? 'password'}]`)?.select();
  }

  override render() {
    const connection = this.#connection.value;
    const connecting = connection?.state === 'connecting' && connection.retryAt === null;
    const problem = connection?.state === 'error' ? connection.problem : null;
    const invalid = (field: Field) => Boolean(problem && (problem.kind === 'auth' || problem.field === field));
    const described = (field: Field) => (invalid(field) ? 'login-error' : nothing);
    return html`<form @submit=${this.#submit} aria-busy=${connecting ? 'true' : 'false'}>
      <h2>${msg('Sign in to chat')}</h2>
      <label
        >${msg('Address')}
        <input name="address" type="email" autocomplete="username" spellcheck="false" required
          placeholder=${msg('name@example.org')} .value=${this.address} ?readonly=${connecting}
          aria-invalid=${invalid('address') ? 'true' : 'false'} aria-describedby=${described('address')}
      /></label>
      <label
        >${msg('Password')}
        <input name="password" type="password" autocomplete="current-password" required ?readonly=${connecting}
          aria-invalid=${invalid('password') ? 'true' : 'false'} aria-describedby=${described('password')}
      /></label>
      ${problem ? html`<p id="login-error" role="alert">${problemSentence(problem)}</p>` : nothing}
      <button class="primary" type="submit" aria-disabled=${connecting ? 'true' : 'false'}>
        ${connecting ? msg('Signing in…') : msg('Sign in')}
      </button>
    </form>`;
  }
}

// The store reports codes; these are their words. A condition not listed falls back to its kind's sentence.
const SENTENCES: Record<string, string> = {
  'input address': 'Enter an address like name@example.org.',
  'input service': 'No chat server is configured for this widget.',
  'input password': 'Enter your password.',
  auth: 'The address or password is not correct.',
  'auth no-mechanism': 'The server offers no sign-in method that is safe on this connection.',
  'auth server-proof': 'The server could not prove that it knows your password, so the connection was closed. It may be intercepted.',
  unreachable: 'The chat server cannot be reached.',
  'unreachable timeout': 'The chat server did not answer in time.',
  'unreachable closed': 'The chat server closed the connection.',
  'protocol host-unknown': 'This server does not serve that address.',
  protocol: 'The connection failed.',
};

export function problemSentence({ kind, condition }: ConnectionProblem): string {
  const sentence = SENTENCES[`${kind} ${condition}`];
  if (sentence) return msg(sentence);
  // A stream error we have no words for: its condition is the best detail there is.
  if (kind === 'protocol' && condition) return msg('The server closed the connection ({condition}).', { condition });
  return msg(SENTENCES[kind] ?? SENTENCES.protocol);
}

if (!customElements.get('xmpp-sign-in')) customElements.define('xmpp-sign-in', XmppSignIn);
