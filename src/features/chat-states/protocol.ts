/**
 * XEP-0085 Chat State Notifications (v2.1): what the user is doing in a one-to-one chat.
 */
import xml, { Element } from '@xmpp/xml';
import { newId } from '../../model/id.js';
import * as NS from '../../xmpp/ns.js';
import { formatJid, parseJid } from '../../xmpp/jid.js';
import { attr, isStanza } from '../../xmpp/stanza.js';

export const CHAT_STATES = ['active', 'composing', 'paused', 'inactive', 'gone'] as const;
export type ChatStateName = (typeof CHAT_STATES)[number];

/**
 * A standalone notification (§5.5): a chat message with the state alone, no body. It carries the XEP-0334
 * `<no-store/>` hint, so archives do not fill with typing noise.
 */
export function buildChatState(to: string, state: ChatStateName, id: string = newId()): Element {
  return xml('message', { to, id, type: 'chat' }, xml(state, { xmlns: NS.CHATSTATES }), xml('no-store', { xmlns: NS.HINTS }));
}

/** Adds `state` to an outgoing content message (§5.1: a message we send makes us `active`). */
export function addChatState(message: Element, state: ChatStateName): Element {
  if (!message.getChildElements().some((c) => c.getNS() === NS.CHATSTATES)) message.append(xml(state, { xmlns: NS.CHATSTATES }));
  return message;
}

export interface ChatStateNotice {
  /** The sender, normalized, resource kept. */
  from: string;
  state: ChatStateName;
  /** The notice came with a body. */
  withBody: boolean;
}

/**
 * Reads the chat state of a `chat` or `normal` message (§5.2: one state per message; the first known one
 * counts). Error messages and groupchat carry none here.
 * @returns the notice, or `null` when there is none, or `from` is missing or invalid.
 */
export function parseChatState(el: Element): ChatStateNotice | null {
  if (!isStanza(el, 'message')) return null;
  const type = attr(el, 'type') ?? 'normal';
  if (type !== 'chat' && type !== 'normal') return null;
  const child = el.getChildElements().find((c) => c.getNS() === NS.CHATSTATES && (CHAT_STATES as readonly string[]).includes(c.name));
  const from = parseJid(attr(el, 'from') ?? '');
  if (!child || !from) return null;
  return { from: formatJid(from), state: child.name as ChatStateName, withBody: Boolean(el.getChild('body')) };
}
