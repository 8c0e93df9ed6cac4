/**
 * XEP-0280 Message Carbons (v1.0): copies of the messages our other clients send and receive.
 */
import xml, { Element } from '@xmpp/xml';
import type { JidString } from '../../model/types.js';
import * as NS from '../../xmpp/ns.js';
import { bareJid, formatJid, parseJid, sameBareJid } from '../../xmpp/jid.js';
import { parseMessageEnvelope } from '../../xmpp/message.js';
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
  /** The forwarded message, for the inbound pipeline to read like any other. */
  message: Element;
  /** Bare JID of the other side: the `to` of a sent copy, the `from` of a received one. */
  peer: JidString;
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
 * - the forwarded message has a one-to-one envelope (`parseMessageEnvelope`: valid `from`, not groupchat,
 *   error or headline, not itself a carbon); a body is not needed (a chat state, a receipt);
 * - `received`: the forwarded message's `to` is our account (bare match); `sent`: its `from` is our
 *   account and it has a valid `to` (the peer).
 *
 * Nothing answers a carbon automatically: for a `received` copy the client it was delivered to does
 * (§10.4: no auto-replies from every resource).
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
  const message = forwarded && soleChild(forwarded, 'message', NS.CLIENT);
  const envelope = message && parseMessageEnvelope(message);
  if (!envelope) return null;

  if (direction === 'received' && !sameBareJid(envelope.to, own)) return null;
  if (direction === 'sent' && (!sameBareJid(envelope.from, own) || envelope.to === '')) return null;
  return { direction, message: message!, peer: bareJid(direction === 'sent' ? envelope.to : envelope.from) };
}
