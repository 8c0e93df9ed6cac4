/**
 * XEP-0184 Message Delivery Receipts (v1.4.0): answering a receipt request, and reading receipts.
 * The request itself rides on our chat messages (see `buildChatMessage`).
 */
import xml, { Element } from '@xmpp/xml';
import { newId } from '../../model/id.js';
import * as NS from '../../xmpp/ns.js';
import { formatJid, parseJid } from '../../xmpp/jid.js';
import { attr, isStanza } from '../../xmpp/stanza.js';

/** Ids longer than this are not ours: we send short random ids. */
const MAX_RECEIPT_ID_LENGTH = 1024;

/**
 * The ack message for a content message (XEP-0184 §7): `<received id=receivedId/>` as its only child, no
 * body, and never a `<request/>` (§5.4, no loops). Send it to the content message's `from` as received (a
 * full JID, so it reaches the client that sent it). `type` mirrors the content message's type, which §7
 * calls good practice; `normal` is written as no `type` attribute, like the XEP's example. The stanza gets
 * its own fresh random `id` unless one is given (tests).
 *
 * Only call this for a message whose `receiptRequested` is true (it has an `id` to echo), never for
 * archived (§5.5) or carbon-copied ones, and only to contacts allowed to see our presence (§8).
 */
export function buildReceipt(
  to: string,
  receivedId: string,
  type: 'chat' | 'normal' = 'chat',
  id: string = newId(),
): Element {
  return xml('message', { to, id, type: type === 'chat' ? 'chat' : undefined },
    xml('received', { xmlns: NS.RECEIPTS, id: receivedId }));
}

/** A delivery receipt: `from` (normalized, resource kept) says it got our message `id`. */
export interface Receipt {
  from: string;
  id: string;
}

/**
 * Reads an ack message (XEP-0184 §7): a message, of any type but `error`, with a
 * `<received xmlns="urn:xmpp:receipts"/>` child whose `id` is non-empty. Receipts of any type are accepted,
 * as §7 asks. A body next to the receipt does not matter here; `parseChatMessage` reads it separately.
 * The caller must check that `from` has the bare JID our message went to: anyone who learns the id could
 * otherwise mark it delivered.
 * @returns the receipt, or `null` when `el` is not one or its `from` is missing or invalid.
 */
export function parseReceipt(el: Element): Receipt | null {
  if (!isStanza(el, 'message') || attr(el, 'type') === 'error') return null;
  const received = el.getChildren('received', NS.RECEIPTS)[0];
  if (!received) return null;
  const id = attr(received, 'id');
  if (id === undefined || id === '' || id.length > MAX_RECEIPT_ID_LENGTH) return null;
  const from = parseJid(attr(el, 'from') ?? '');
  return from ? { from: formatJid(from), id } : null;
}
