/**
 * The loader, `dist/xmpp-chat-launcher.js`: defines `<xmpp-chat>` as a small element without Lit that draws
 * at once (a launcher's button, or the room for an inline or page chat) and fetches the full widget,
 * `dist/xmpp-chat.js`, when it is needed.
 * @packageDocumentation
 */
import { XmppChatLauncher } from './xmpp-chat-launcher.js';

if (!customElements.get('xmpp-chat')) customElements.define('xmpp-chat', XmppChatLauncher);

export { XmppChatLauncher };
export type { ChatUser, XmppUnreadChangeEvent } from './xmpp-chat-launcher.js';

