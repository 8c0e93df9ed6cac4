/**
 * xmpp-chat: a chat widget for any web page. Importing this module defines every element.
 * @packageDocumentation
 */
import { XmppChat } from './components/xmpp-chat.js';
import { XmppChatWindow } from './components/xmpp-chat-window.js';
import { XmppPresenceBadge } from './components/xmpp-presence-badge.js';
import { XmppRoster } from './components/xmpp-roster.js';

// The root first: children upgraded after it find its store at once.
const elements = [
  ['xmpp-chat', XmppChat],
  ['xmpp-roster', XmppRoster],
  ['xmpp-chat-window', XmppChatWindow],
  ['xmpp-presence-badge', XmppPresenceBadge],
] as const;
for (const [tag, element] of elements) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

export { XmppChat, XmppChatWindow, XmppPresenceBadge, XmppRoster };
export {
  XmppConnectEvent,
  XmppContactSelectEvent,
  XmppDisconnectEvent,
  XmppMessageReceiveEvent,
} from './components/events.js';
export { setMessages } from './components/msg.js';

/** The support desk's elements (the visitor's chat and the agent console), fetched on first use. */
export const loadSupportDesk = () => import('./features/support/support-desk.js');
export type { Availability, ChatMessage, ConnectionState, Contact, JidString, OwnShow } from './model/types.js';

declare global {
  interface HTMLElementTagNameMap {
    'xmpp-chat': XmppChat;
    'xmpp-roster': XmppRoster;
    'xmpp-chat-window': XmppChatWindow;
    'xmpp-presence-badge': XmppPresenceBadge;
  }
}
