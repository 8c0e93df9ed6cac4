import { css, html, nothing, type PropertyValues } from 'lit';
import { msg } from '../../components/msg.js';
import { StoreController } from '../../components/store-controller.js';
import { XmppChat } from '../../components/xmpp-chat.js';
import type { ChatUser } from '../../components/launcher/xmpp-chat-launcher.js';
import { availabilityOf } from '../../store/state.js';
import { RegistrationError, forgetVisitorAccount, visitorAccount } from '../../store/visitor.js';
import type { Prechat, SupportSlice } from './service.js';
import { ratingText } from './text.js';

type Stage = 'prechat' | 'chat' | 'rating' | 'ended';

/** What this device remembers of the visitor's chat, by visitor account: the details given, and whether it ended. */
interface Remembered {
  details?: Prechat;
  ended?: boolean;
}

function remembered(jid: string): Remembered {
  try {
    return (JSON.parse(localStorage.getItem(`xmpp-chat:visitor-chat:${jid}`) ?? '{}') as Remembered) ?? {};
  } catch {
    return {};
  }
}

function remember(jid: string, value: Remembered) {
  try {
    localStorage.setItem(`xmpp-chat:visitor-chat:${jid}`, JSON.stringify(value));
  } catch {
    // Full or blocked: this page keeps it; the next one asks again.
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const RETRY_MS = 10_000;

/**
 * The visitor's side of a support desk: one conversation with the desk (`to`), no roster. The visitor
 * signs in to an account of their own that the widget registers on the `visitor` host (XEP-0077), kept on
 * this device so the conversation carries on across the site's pages and later visits. Loaded by the
 * loader for `<xmpp-chat visitor="…" to="…">`.
 */
export class XmppVisitorChat extends XmppChat {
  static override properties = {
    ...XmppChat.properties,
    visitor: { type: String },
    to: { type: String },
    prechat: { type: String },
    repliesWithin: { type: String, attribute: 'replies-within' },
    user: { attribute: false },
    stage: { state: true },
    problem: { state: true },
  };

  static override styles = [
    ...XmppChat.styles,
    css`
      .presence {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        padding: 0.5rem 0.75rem;
        border-block-end: 1px solid var(--_border);
        font-size: 0.9rem;
      }
      .presence .line {
        flex: 1;
        min-inline-size: 0;
      }
      .dot {
        inline-size: 0.6rem;
        block-size: 0.6rem;
        border-radius: 50%;
        background: var(--_offline);
        flex: none;
      }
      .dot.online {
        background: var(--_online);
      }
      xmpp-chat-window {
        flex: 1;
        min-block-size: 0;
      }
      xmpp-chat-window::part(header) {
        display: none;
      }
      form.card,
      .card {
        display: flex;
        flex-direction: column;
        gap: 0.75rem;
        padding: 1rem;
        overflow: auto;
        flex: 1;
      }
      label.field {
        display: flex;
        flex-direction: column;
        gap: 0.25rem;
        font-size: 0.9rem;
      }
      label.check {
        display: flex;
        gap: 0.5rem;
        align-items: flex-start;
        font-size: 0.9rem;
      }
      .intro {
        margin: 0;
      }
      .invalid {
        color: var(--_danger);
        margin: 0;
        font-size: 0.85rem;
      }
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
      }
      legend {
        padding: 0;
        margin-block-end: 0.4rem;
      }
      .stars {
        display: flex;
        gap: 0.25rem;
      }
      .stars label {
        position: relative;
        font-size: 1.6rem;
        line-height: 1;
        cursor: pointer;
        color: var(--_muted);
      }
      .stars input {
        position: absolute;
        opacity: 0;
        inset: 0;
        margin: 0;
        cursor: pointer;
      }
      .stars label.lit {
        color: var(--_accent);
      }
      .stars label:has(input:focus-visible) {
        outline: 2px solid var(--_accent);
        outline-offset: 2px;
        border-radius: 4px;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      .problem {
        margin: auto;
        padding: 1rem;
        text-align: center;
      }
    `,
  ];

  /** The host the visitor's account is registered on. */
  declare visitor: string;
  /** The desk's address: the one conversation. */
  declare to: string;
  /** The pre-chat form's fields, of `name email consent`; empty for none. */
  declare prechat: string;
  /** Shown while no agent is online, as "Usually replies within {repliesWithin}". */
  declare repliesWithin: string;
  /** What the site knows of its user (`setUser`): prefills the form and names the visitor. */
  declare user: ChatUser | undefined;
  declare stage: Stage;
  declare problem: string;

  readonly #presence = new StoreController(this, (state) => (this.to ? availabilityOf(state, this.to) : 'offline'));
  /** A desk that is a room: the people in it (its agents) besides us, by nick. */
  readonly #roomAgents = new StoreController(this, (state) => {
    const room = (state.features.rooms as Record<string, { nick: string; occupants: Record<string, unknown> }> | undefined)?.[this.to];
    const nicks = room ? Object.keys(room.occupants).filter((nick) => nick !== room.nick) : [];
    return nicks.join('\n');
  });
  readonly #support = new StoreController(this, (state) => state.features.support as SupportSlice | undefined);
  /** The desk's resources online now: an agent's name counts only while its resource is here. */
  readonly #deskResources = new StoreController(this, (state) => (this.to ? state.presence[this.to] : undefined));
  readonly #messages = new StoreController(this, (state) => (this.to ? (state.conversations[this.to]?.messages.length ?? 0) : 0));
  #starting = false;
  #reregistered = false;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #stars = 0;
  /** The first field the visitor has to fix, and why. */
  #invalid: [string, string] | null = null;

  constructor() {
    super();
    this.visitor = '';
    this.to = '';
    this.prechat = '';
    this.repliesWithin = '';
    this.stage = 'chat';
    this.problem = '';
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.#start();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.#retry);
  }

  /** Registers (once per device) and signs in; tells the desk who and where the visitor is. */
  async #start({ fresh = false } = {}) {
    if (this.#starting || !this.service || !this.visitor || !this.to) return;
    this.#starting = true;
    this.problem = '';
    clearTimeout(this.#retry);
    try {
      const account = await visitorAccount(this.service, this.visitor, { fresh });
      const known = remembered(account.jid);
      const fields = this.#fields();
      this.stage = known.ended ? 'ended' : fields.length > 0 && !known.details ? 'prechat' : 'chat';
      const name = known.details?.name || this.user?.nick || '';
      await this.#tellDesk(name);
      this.password = account.password;
      this.jid = account.jid;
    } catch (error) {
      const condition = error instanceof RegistrationError ? error.condition : 'unreachable';
      this.problem = condition === 'unreachable' ? msg('Could not reach the chat. Trying again…') : msg('The chat is not available right now. Please try again later.');
      // A network that is down comes back: try again by itself.
      if (condition === 'unreachable') this.#retry = setTimeout(() => void this.#start({ fresh }), RETRY_MS);
    } finally {
      this.#starting = false;
    }
  }

  /** Who the visitor is and where: the desk hears it in the visitor's presence. The desk is named as the panel is. */
  #tellDesk(name: string) {
    const deskName = ((this.getRootNode() as ShadowRoot).host as HTMLElement | undefined)?.getAttribute('title') ?? '';
    return this.store.act('support', { type: 'visitor', desk: this.to, deskName, name, page: { url: location.href, title: document.title } });
  }

  #fields(): string[] {
    return this.prechat.split(/\s+/).filter((f) => ['name', 'email', 'consent'].includes(f));
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    const { connection, activeChat } = this.store.state;
    // The account the server no longer knows (deleted, or another device's): a new one, once.
    if (connection.state === 'error' && connection.problem?.kind === 'auth' && !this.#reregistered && this.jid) {
      this.#reregistered = true;
      forgetVisitorAccount(this.service, this.visitor);
      this.jid = '';
      this.password = '';
      void this.#start({ fresh: true });
    }
    if (connection.jid && this.to && activeChat !== this.to) queueMicrotask(() => this.store.openChat(this.to));
    if ((changed.has('visitor') || changed.has('to') || changed.has('service')) && !this.jid) void this.#start();
  }

  #availability() {
    if (this.#presence.value !== 'offline' || this.#roomAgents.value) return msg('Online');
    if (this.repliesWithin) return msg('Usually replies within {time}', { time: this.repliesWithin });
    return msg("Offline: leave a message and we'll reply here");
  }

  #agentNames(): string {
    if (this.#roomAgents.value) return this.#roomAgents.value.split('\n').join(', ');
    const here = this.#deskResources.value ?? {};
    const names = Object.entries(this.#support.value?.agents ?? {}).filter(([full, name]) => name && full.slice(full.indexOf('/') + 1) in here);
    return [...new Set(names.map(([, name]) => name))].join(', ');
  }

  async #submitPrechat(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const fields = this.#fields();
    const details: Prechat = { name: String(data.get('name') ?? '').trim(), email: String(data.get('email') ?? '').trim() };
    if (fields.includes('consent')) details.consent = data.get('consent') === 'on';
    const body = String(data.get('message') ?? '').trim();
    const problems: [string, string][] = [
      ['name', fields.includes('name') && !details.name ? msg('Please enter your name.') : ''],
      ['email', fields.includes('email') && !EMAIL.test(details.email) ? msg('Please enter a valid email address.') : ''],
      ['message', body ? '' : msg('Please write your question.')],
      ['consent', fields.includes('consent') && !details.consent ? msg('Please agree before starting the chat.') : ''],
    ];
    this.#invalid = problems.find(([, problem]) => problem) ?? null;
    if (this.#invalid) {
      this.requestUpdate();
      await this.updateComplete;
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    await this.#tellDesk(details.name);
    // The details ride with the first message, kept in the outbox with it: a reload cannot lose them.
    await this.store.sendMessage(this.to, body, { support: { prechat: details, ...(details.name && { nick: details.name }) } });
    remember(this.store.state.connection.jid.split('/')[0], { details });
    this.stage = 'chat';
    await this.updateComplete;
    this.focus();
  }

  async #endChat() {
    this.stage = 'rating';
    this.#stars = 0;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.stars input')?.focus();
  }

  async #finish(event: Event, rate: boolean) {
    event.preventDefault();
    const account = this.store.state.connection.jid.split('/')[0];
    if (rate && this.#stars > 0) {
      const comment = String(new FormData(this.renderRoot.querySelector<HTMLFormElement>('form.rating')!).get('comment') ?? '').trim();
      const rating = { stars: this.#stars, comment };
      await this.store.sendMessage(this.to, ratingText(rating), { support: { rating } });
    }
    remember(account, { ...remembered(account), ended: true });
    this.stage = 'ended';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.card button')?.focus();
  }

  async #newChat() {
    const account = this.store.state.connection.jid.split('/')[0];
    remember(account, { ...remembered(account), ended: false });
    this.stage = 'chat';
    await this.updateComplete;
    this.focus();
  }

  #renderPrechat() {
    const fields = this.#fields();
    const user = this.user ?? {};
    const [invalidField, problem] = this.#invalid ?? ['', ''];
    const invalid = (name: string) => (name === invalidField ? 'true' : 'false');
    const field = (name: string, label: string, type: string, autocomplete: string, value = '') =>
      html`<label class="field">${label}
        <input name=${name} type=${type} autocomplete=${autocomplete} .value=${value} required aria-invalid=${invalid(name)} />
      </label>`;
    return html`<form class="card prechat" novalidate @submit=${this.#submitPrechat} aria-label=${msg('Start a chat')}>
      <p class="intro">${msg('Tell us a little about yourself and we will be right with you.')}</p>
      ${fields.includes('name') ? field('name', msg('Name'), 'text', 'name', user.nick) : nothing}
      ${fields.includes('email') ? field('email', msg('Email'), 'email', 'email', user.email) : nothing}
      <label class="field">${msg('How can we help?')}
        <textarea name="message" rows="3" required aria-invalid=${invalid('message')}></textarea>
      </label>
      ${fields.includes('consent')
        ? html`<label class="check"><input type="checkbox" name="consent" aria-invalid=${invalid('consent')} />
            <span>${msg('I agree that my details are kept to answer me.')}</span></label>`
        : nothing}
      ${problem ? html`<p class="invalid" role="alert">${problem}</p>` : nothing}
      <div class="actions"><button class="primary" type="submit">${msg('Start chat')}</button></div>
    </form>`;
  }

  #renderRating() {
    return html`<form class="card rating" @submit=${(e: Event) => this.#finish(e, true)} aria-label=${msg('Rate this chat')}>
      <fieldset>
        <legend>${msg('How was this chat?')}</legend>
        <div class="stars">
          ${[1, 2, 3, 4, 5].map(
            (n) => html`<label class=${n <= this.#stars ? 'lit' : ''}>
              <input type="radio" name="stars" value=${n} aria-label=${n === 1 ? msg('1 star') : msg('{count} stars', { count: n })}
                @change=${() => ((this.#stars = n), this.requestUpdate())} /><span aria-hidden="true">${n <= this.#stars ? '★' : '☆'}</span>
            </label>`,
          )}
        </div>
      </fieldset>
      <label class="field">${msg('Comment (optional)')}<textarea name="comment" rows="3" maxlength="2000"></textarea></label>
      <div class="actions">
        <button class="primary" type="submit" aria-disabled=${this.#stars === 0 ? 'true' : 'false'}>${msg('Send rating')}</button>
        <button type="button" @click=${(e: Event) => this.#finish(e, false)}>${msg('Skip')}</button>
      </div>
    </form>`;
  }

  /** Focus asked for before there was anything to focus (still signing in): given once there is. */
  #focusWhenReady = false;

  #ready(): boolean {
    return Boolean(this.store.state.connection.jid) && !this.problem;
  }

  /** Focus to where the visitor starts: the composer in a conversation, else the form's first field. */
  override focus() {
    this.#focusWhenReady = !this.#ready();
    if (this.#focusWhenReady) return;
    const window = this.renderRoot.querySelector('xmpp-chat-window');
    if (window) void window.focusComposer();
    else this.renderRoot.querySelector<HTMLElement>('.card input, .card textarea, .card button')?.focus();
  }

  protected override updated() {
    super.updated();
    // Only if focus is still where the user left it, in the panel around this chat.
    const around = this.getRootNode() as ShadowRoot | Document;
    if (this.#focusWhenReady && this.#ready() && around.activeElement) {
      this.#focusWhenReady = false;
      void this.updateComplete.then(() => this.focus());
    }
  }

  override render() {
    const connection = this.store.state.connection;
    // A conversation under way is shown, whatever the form said (its first message went out on another page).
    const stage = this.stage === 'prechat' && this.#messages.value ? 'chat' : this.stage;
    const names = this.#agentNames();
    const online = this.#presence.value !== 'offline' || Boolean(this.#roomAgents.value);
    const reconnecting = connection.reconnecting || (connection.state === 'connecting' && connection.problem?.kind === 'unreachable');
    let body;
    if (this.problem) {
      body = html`<p class="problem" role="alert">${this.problem}
        <button @click=${() => void this.#start()}>${msg('Retry')}</button></p>`;
    } else if (!connection.jid) {
      body = html`<p class="signing-in" role="status">${msg('Connecting…')}</p>`;
    } else if (stage === 'prechat') {
      body = this.#renderPrechat();
    } else if (stage === 'rating') {
      body = this.#renderRating();
    } else if (stage === 'ended') {
      body = html`<div class="card" role="status">
        <p class="intro">${msg('Thank you. The chat has ended; you can start a new one at any time.')}</p>
        <div class="actions"><button class="primary" @click=${this.#newChat}>${msg('Start a new chat')}</button></div>
      </div>`;
    } else {
      body = html`<xmpp-chat-window part="chat-window" exportparts="log, message, composer"></xmpp-chat-window>`;
    }
    return html`<div part="frame" class="frame" role="region" aria-label=${msg('Chat')}>
      <div class="presence" part="header">
        <span class="dot ${online ? 'online' : ''}" aria-hidden="true"></span>
        <span class="line">${online && names ? msg('{names} online', { names }) : this.#availability()}</span>
        ${stage === 'chat' && this.#ready() ? html`<button @click=${this.#endChat}>${msg('End chat')}</button>` : nothing}
      </div>
      <div class="banner info" role="status" ?hidden=${!reconnecting}>${reconnecting ? msg('Reconnecting…') : nothing}</div>
      ${body}
      <div class="announcer visually-hidden" role="status"></div>
    </div>`;
  }
}
