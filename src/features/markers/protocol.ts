/**
 * XEP-0333 Chat Markers (v0.4): `<markable/>` on a message, and `<displayed id="…"/>` in answer, the id being the
 * message's own or, in a room, the stanza-id the room gave it.
 */
import xml, { type Element } from '@xmpp/xml';
import { attr } from '../../xmpp/stanza.js';

export const MARKERS = 'urn:xmpp:chat-markers:0';

/** Longest id we read from a marker. */
const MAX_ID = 256;

export function buildMarkable(): Element {
  return xml('markable', { xmlns: MARKERS });
}

/** `id` (or, in a room, the stanza-id) was displayed: to the contact, or to the room as groupchat. */
export function buildDisplayed(to: string, id: string, groupchat: boolean): Element {
  return xml('message', { to, type: groupchat ? 'groupchat' : 'chat' }, xml('displayed', { xmlns: MARKERS, id }), xml('store', { xmlns: 'urn:xmpp:hints' }));
}

export function isMarkable(message: Element): boolean {
  return Boolean(message.getChild('markable', MARKERS));
}

/** The id a `<displayed/>` marker points at; null for any other message. */
export function parseDisplayed(message: Element): string | null {
  if (!message.is('message') || attr(message, 'type') === 'error') return null;
  const id = message.getChild('displayed', MARKERS)?.attrs.id;
  return typeof id === 'string' && id && id.length <= MAX_ID ? id : null;
}
