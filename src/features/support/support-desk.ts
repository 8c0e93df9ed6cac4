// The support desk's elements, a chunk of their own ("support-desk"): the loader fetches it for
// `<xmpp-chat visitor=…>` and `<xmpp-chat agent=…>`, and never for a plain chat.
export { XmppAgentConsole, visitorDetails } from './agent-console.js';
export { XmppVisitorChat } from './visitor-chat.js';
