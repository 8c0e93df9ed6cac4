/**
 * XEP-0280 Message Carbons (v1.0): copies of the messages our other clients send and receive.
 */
import xml, { Element } from '@xmpp/xml';
import type { IncomingMessage } from '../../model/types.js';
import * as NS from '../../xmpp/ns.js';
import { bareJid, formatJid, parseJid, sameBareJid } from '../../xmpp/jid.js';
import { parseChatMessage } from '../../xmpp/message.js';
import { attr, isStanza, soleChild } from '../../xmpp/stanza.js';

/**
 * Turns carbons on for this session (XEP-0280 §4). The iq has no `id`: `iqCaller.request()` assigns one.
 * Check first that the server announces `urn:xmpp:carbons:2` (§3).
 */
export function buildCarbonsEnable(): Element {
  return xml('iq', { type: 'set' }, xml('enable', { xmlns: NS.CARBONS }));
}

/** A carbon copy: a message one of our other clients sent (`sent`) or got (`received`). */
export interface Carbon {
  direction: 'sent' | 'received';
  /** The forwarded message; `receiptRequested` is always false (see {@link parseCarbon}). */
  message: IncomingMessage;
}

function carbonWrappers(el: Element): Element[] {
  return el.getChildElements().filter((c) => (c.name === 'sent' || c.name === 'received') && c.getNS() === NS.CARBONS);
}

/**
 * True for any message with a XEP-0280 `<sent/>` or `<received/>` child, forged or not, so the live
 * message path can leave it to {@link parseCarbon} (XEP-0297 §7.1: forwarded stanzas must not be handled
 * as if they were not forwarded).
 */
export function isCarbon(el: Element): boolean {
  return isStanza(el, 'message') && carbonWrappers(el).length > 0;
}

/** True when `from` is a bare JID equal, once normalized, to `own` (a full JID keeps its resource, so differs). */
function isOwnBareJid(from: string | undefined, own: string): boolean {
  const parts = parseJid(from ?? '');
  return parts !== null && formatJid(parts) === own;
}

/**
 * Reads a carbon copy (XEP-0280 §7 received, §8 sent): a message from our own bare JID holding one
 * `<sent/>` or `<received/>`, holding one XEP-0297 `<forwarded/>`, holding one `<message/>` in
 * `jabber:client` (XEP-0297 §3.2: an unqualified one would be in the forward namespace, which is wrong).
 *
 * Checks, each giving `null` when it fails:
 * - the wrapper's `from` is exactly our bare JID: no resource, no other account (§11: anyone can send us a
 *   forged carbon, and only our own server can use our bare JID); not `type="error"`;
 * - the forwarded message is a chat message by `parseChatMessage` (body, valid `from`, not groupchat);
 * - `received`: the forwarded message's `to` is our account (bare match); `sent`: its `from` is our
 *   account and it has a valid `to` (the peer).
 *
 * `message.receiptRequested` is forced to false: a `sent` copy carries our own request to the peer, and
 * for a `received` copy the client the message was delivered to answers (§10.4: no auto-replies from
 * every resource).
 * @returns the carbon, or `null`. Never throws.
 */
export function parseCarbon(el: Element, ownBareJid: string): Carbon | null {
  if (!isStanza(el, 'message') || attr(el, 'type') === 'error') return null;
  const own = bareJid(typeof ownBareJid === 'string' ? ownBareJid : '');
  if (own === '' || !isOwnBareJid(attr(el, 'from'), own)) return null;

  const wrappers = carbonWrappers(el);
  if (wrappers.length !== 1) return null;
  const [wrapper] = wrappers;
  const direction = wrapper.name === 'sent' ? 'sent' : 'received';

  const forwarded = soleChild(wrapper, 'forwarded', NS.FORWARD);
  const inner = forwarded && soleChild(forwarded, 'message', NS.CLIENT);
  const message = inner ? parseChatMessage(inner) : null;
  if (!message) return null;

  if (direction === 'received' && !sameBareJid(message.to, own)) return null;
  if (direction === 'sent' && (!sameBareJid(message.from, own) || message.to === '')) return null;
  return { direction, message: { ...message, receiptRequested: false } };
}
