import { createContext } from '@lit/context';
import type { ChatStore } from '../store/chat-store.js';

/** The store of the nearest `<xmpp-chat>`, handed down to every element inside it. */
export const storeContext = createContext<ChatStore>(Symbol('xmpp-chat-store'));
