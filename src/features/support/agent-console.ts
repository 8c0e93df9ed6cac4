import { css, html, nothing, type PropertyValues } from 'lit';
import { msg } from '../../components/msg.js';
import { StoreController } from '../../components/store-controller.js';
import { XmppChat } from '../../components/xmpp-chat.js';
import type { ChatMessage, JidString } from '../../model/types.js';
import type { ChatState } from '../../store/state.js';
import type { Prechat, Rating, SupportData, SupportSlice, VisitorPage } from './service.js';

/** What the agent knows of one visitor: from their messages (details, rating) and their presence (page). */
export interface VisitorDetails {
  peer: JidString;
  prechat?: Prechat;
  rating?: Rating;
  page?: VisitorPage;
}

/** The details of `peer`'s conversation, from the messages loaded and the presence seen; null for a contact with none. */
export function visitorDetails(state: ChatState, peer: JidString | null): VisitorDetails | null {
  if (!peer) return null;
  const details: VisitorDetails = { peer };
  const messages: readonly ChatMessage[] = state.conversations[peer]?.messages ?? [];
  for (const message of messages) {
    const data = message.payloads?.support as SupportData | undefined;
    if (message.direction !== 'in' || !data) continue;
    details.prechat ??= data.prechat;
    if (data.rating) details.rating = data.rating;
  }
  details.page = (state.features.support as SupportSlice | undefined)?.pages[peer];
  const isContact = state.roster.contacts.some((c) => c.jid === peer);
  return isContact && !details.prechat && !details.rating && !details.page ? null : details;
}

/**
 * {@link visitorDetails} of the open conversation, worked out again only when what it reads changed (the open
 * conversation, the visitors' pages, the roster): not on every presence or on another conversation's message.
 */
function openVisitorDetails(): (state: ChatState) => VisitorDetails | null {
  let inputs: unknown[] = [];
  let details: VisitorDetails | null = null;
  return (state) => {
    const peer = state.activeChat;
    const next = [peer, peer && state.conversations[peer], state.features.support, state.roster.contacts];
    if (next.every((input, i) => input === inputs[i])) return details;
    inputs = next;
    return (details = visitorDetails(state, peer));
  };
}

/**
 * The agent's side of a support desk: the full chat, signed in as the desk's account, with the details of
 * the visitor whose conversation is open beside it: what they told in the pre-chat form, whether they are
 * online, the page they are on, and their rating. Visitors appear as conversations, not contacts. Several
 * agents may sign in to the desk at once: carbons keep their views the same, and each reply is signed with
 * the agent's name (`agent`). Loaded by the loader for `<xmpp-chat mode="page" agent="…">`.
 */
export class XmppAgentConsole extends XmppChat {
  static override properties = { ...XmppChat.properties, agent: { type: String } };

  static override styles = [
    ...XmppChat.styles,
    css`
      :host {
        block-size: var(--xmpp-chat-height, 100%);
      }
      .console {
        block-size: 100%;
        display: grid;
        grid-template-columns: 1fr minmax(14rem, 18rem);
        gap: 0.75rem;
      }
      .details {
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_bg);
        padding: 0.75rem 1rem;
        overflow: auto;
        font-size: 0.9rem;
      }
      .details h2 {
        font-size: 1rem;
        margin: 0 0 0.5rem;
      }
      .details dl {
        margin: 0;
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.3rem 0.75rem;
      }
      .details dt {
        color: var(--_muted);
      }
      .details dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .details a {
        color: var(--_accent);
      }
      .muted {
        color: var(--_muted);
      }
      @container (max-width: 48rem) {
        .console {
          grid-template-columns: 1fr;
          grid-template-rows: 1fr auto;
        }
        .details {
          max-block-size: 12rem;
        }
      }
    `,
  ];

  /** The agent's name: shown to visitors and to the other agents with each reply (XEP-0172). */
  declare agent: string;

  readonly #details = new StoreController(this, openVisitorDetails());

  constructor() {
    super();
    this.agent = '';
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('agent')) void this.store.act('support', { type: 'agent', name: this.agent });
    super.willUpdate(changed);
  }

  #renderDetails() {
    const details = this.#details.value ?? null;
    if (!details) {
      return html`<aside class="details" aria-label=${msg('Visitor details')}>
        <p class="muted">${msg("Open a visitor's conversation to see their details.")}</p>
      </aside>`;
    }
    const { prechat, rating, page, peer } = details;
    return html`<aside class="details" aria-label=${msg('Visitor details')}>
      <h2 dir="auto">${prechat?.name || msg('Visitor')}</h2>
      <dl>
        <dt>${msg('Status')}</dt>
        <dd><xmpp-presence-badge jid=${peer}></xmpp-presence-badge></dd>
        ${prechat?.email ? html`<dt>${msg('Email')}</dt><dd><a href=${`mailto:${prechat.email}`}>${prechat.email}</a></dd>` : nothing}
        ${prechat && prechat.consent !== undefined
          ? html`<dt>${msg('Consent')}</dt><dd>${prechat.consent ? msg('Given') : msg('Not given')}</dd>`
          : nothing}
        <dt>${msg('Page')}</dt>
        <dd>${page ? html`<a href=${page.url} target="_blank" rel="noopener noreferrer" dir="auto">${page.title || page.url}</a>` : html`<span class="muted">${msg('Not known')}</span>`}</dd>
        <dt>${msg('Rating')}</dt>
        <dd>${rating
          ? html`<span role="img" aria-label=${msg('Rated {stars} of 5', { stars: rating.stars })}>${'★'.repeat(rating.stars)}${'☆'.repeat(5 - rating.stars)}</span>
              ${rating.comment ? html`<div dir="auto">${rating.comment}</div>` : nothing}`
          : html`<span class="muted">${msg('Not rated yet')}</span>`}</dd>
        <dt>${msg('Address')}</dt>
        <dd>${peer}</dd>
      </dl>
    </aside>`;
  }

  override render() {
    return html`<div class="console">${super.render()}${this.#renderDetails()}</div>`;
  }
}
