import { LitElement, css, html, nothing } from 'lit';
import { msg } from '../../components/msg.js';
import { StoreController } from '../../components/store-controller.js';
import { tokens } from '../../components/tokens.js';
import { availabilityOf, nameOf, type ChatState } from '../../store/state.js';
import type { ChatStatesSlice } from './service.js';

/**
 * "Bob is typing…" under a conversation, while the contact's last chat state is `composing` and they are
 * online (a contact who goes offline mid-sentence stops typing). `<xmpp-chat-window>` places it; it is
 * defined when the chat-states chunk loads, which the first chat state to arrive does.
 *
 * @tag xmpp-typing-line
 * @attr peer - Bare JID of the contact.
 */
export class XmppTypingLine extends LitElement {
  static override properties = { peer: { type: String } };
  static override styles = [
    tokens,
    css`
      :host {
        display: block;
        padding: 0 0.9rem;
        font-size: 0.85rem;
        color: var(--_muted);
      }
      p {
        margin: 0;
      }
    `,
  ];

  declare peer: string;
  readonly #typing = new StoreController(this, (s: ChatState) => {
    const peer = this.peer;
    const composing = (s.features['chat-states'] as ChatStatesSlice | undefined)?.[peer] === 'composing';
    return composing && availabilityOf(s, peer) !== 'offline' ? nameOf(s, peer) : '';
  });

  override willUpdate() {
    this.#typing.refresh();
  }

  override render() {
    // Always present, so that screen readers hear the sentence when it appears.
    return html`<p role="status">${this.#typing.value ? msg('{name} is typing…', { name: this.#typing.value }) : nothing}</p>`;
  }
}

if (!customElements.get('xmpp-typing-line')) customElements.define('xmpp-typing-line', XmppTypingLine);
