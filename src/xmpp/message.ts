/**
 * One-to-one chat messages (RFC 6121 §5), with the ids of XEP-0359 and the receipt request of XEP-0184,
 * and message errors (RFC 6120 §8.3).
 */
import xml, { Element } from '@xmpp/xml';
import type { IncomingMessage, JidString } from '../model/types.js';
import * as NS from './ns.js';
import { bareJid, formatJid, parseJid } from './jid.js';
import { parseDelay } from './delay.js';
import { attr, clampText, isStanza, ownChildren, ownChildText, stanzaErrorCondition } from './stanza.js';

/**
 * Longest body we accept, in UTF-16 code units. Prosody's default `c2s_stanza_size_limit` is 256 KiB and
 * ejabberd's is 64 KiB, so a longer body cannot come from a normal server: it is refused rather than cut,
 * because a cut message would show the sender saying something they did not write.
 */
export const MAX_BODY_LENGTH = 256 * 1024;

/**
 * Longest XEP-0359 `origin-id` / `stanza-id` (and XEP-0313 archive id) we keep, in UTF-16 code units.
 * The XEP sets no limit; servers use UUIDs (36 characters) or integers, so anything longer is junk.
 */
export const MAX_SID_LENGTH = 256;

/** Longest error text we keep (RFC 6120 §8.3.2 `<text/>`), in code points. */
export const MAX_ERROR_TEXT_LENGTH = 1024;

/** Ids longer than this are treated as missing: a real stanza id is a few dozen characters. */
const MAX_ID_LENGTH = 1024;

/**
 * A chat message to `to` (a bare JID, RFC 6121 §5.1) with our stanza `id`, which is also sent as the
 * XEP-0359 §2.2 `<origin-id/>` (servers and MUCs keep it, so we can recognise our message coming back
 * through carbons or the archive), and a XEP-0184 §7 `<request/>` for a delivery receipt (§5.1 allows it
 * to a bare JID; we must not depend on an answer).
 */
export function buildChatMessage(to: string, body: string, id: string): Element {
  return xml('message', { type: 'chat', to, id },
    xml('body', {}, body),
    xml('origin-id', { xmlns: NS.SID, id }),
    xml('request', { xmlns: NS.RECEIPTS }));
}

function validSid(id: string | undefined): id is string {
  return id !== undefined && id.length > 0 && id.length <= MAX_SID_LENGTH;
}

/** XEP-0359 §2.2: the id of the first `<origin-id/>`, when usable. */
function parseOriginId(el: Element): string | null {
  const origin = el.getChildren('origin-id', NS.SID)[0];
  const id = origin ? attr(origin, 'id') : undefined;
  return validSid(id) ? id : null;
}

/**
 * XEP-0359 §2.1 `<stanza-id/>` elements with a usable id and a `by` that is a bare JID written exactly as
 * its normalized form. A variant spelling (`ME@Example.com`, a trailing dot, a resource) is dropped
 * rather than normalized: §3 rule 2 has the server delete copies of its own `by` that a sender forged,
 * and a server comparing strings would let a variant through, which normalizing would then make trusted.
 */
function parseStanzaIds(el: Element): { by: string; id: string }[] {
  const out: { by: string; id: string }[] = [];
  for (const sid of el.getChildren('stanza-id', NS.SID)) {
    const by = attr(sid, 'by');
    const id = attr(sid, 'id');
    if (by === undefined || !validSid(id)) continue;
    const parts = parseJid(by);
    if (!parts || parts.resource !== '' || formatJid(parts) !== by) continue;
    if (!out.some((s) => s.by === by && s.id === id)) out.push({ by, id });
  }
  return out;
}

/** Who a message is from and to, and its type: what every message the widget keeps has, body or not. */
export interface MessageEnvelope {
  /** Normalized, resource kept. */
  from: JidString;
  /** Normalized, resource kept; '' when absent or invalid. */
  to: JidString;
  type: 'chat' | 'normal' | 'groupchat';
}

/**
 * Reads what makes `el` a one-to-one message (or, with `groupchat`, a room's message too), whatever it carries: type `chat` or `normal` (absent or unknown
 * types count as normal, RFC 6121 §5.2.2) and a valid `from`.
 * @returns null for `error`, `groupchat` and `headline` messages, a missing or invalid `from`, and carbons
 *   (XEP-0280) or MAM results (XEP-0313), whose wrappers hide a forwarded message that their own parser
 *   must check (XEP-0297 §7.1).
 */
export function parseMessageEnvelope(el: Element, groupchat = false): MessageEnvelope | null {
  if (!isStanza(el, 'message')) return null;
  const rawType = attr(el, 'type');
  if (rawType === 'error' || (rawType === 'groupchat' && !groupchat) || rawType === 'headline') return null;
  for (const child of el.getChildElements()) {
    const ns = child.getNS();
    if (ns === NS.CARBONS && (child.name === 'sent' || child.name === 'received')) return null;
    if (ns === NS.MAM && child.name === 'result') return null;
  }
  const from = parseJid(attr(el, 'from') ?? '');
  if (!from) return null;
  const to = parseJid(attr(el, 'to') ?? '');
  return { from: formatJid(from), to: to ? formatJid(to) : '', type: rawType === 'chat' || rawType === 'groupchat' ? rawType : 'normal' };
}

/**
 * Reads a plain chat message: a {@link parseMessageEnvelope} one with a non-blank `<body/>` kept exactly as
 * sent (text, never markup). The body without `xml:lang` is preferred (§5.2.3).
 *
 * Also reads the XEP-0359 ids (see {@link IncomingMessage}) and whether a XEP-0184 receipt may be sent:
 * `receiptRequested` needs a `<request/>`, a non-empty `id` to echo (§7), and no `<received/>` in the same
 * message (§5.4: an ack message must not request one, so answering it could loop).
 * @returns the message, or `null` where the envelope is refused, and for messages without a body or with a
 *   body over {@link MAX_BODY_LENGTH}.
 */
export function parseChatMessage(el: Element): IncomingMessage | null {
  // A room's messages come here only through the rooms feature, which checked who sent them.
  const envelope = parseMessageEnvelope(el, true);
  if (!envelope) return null;
  const body = ownChildText(el, 'body');
  if (typeof body !== 'string' || body.trim() === '' || body.length > MAX_BODY_LENGTH) return null;

  const rawId = attr(el, 'id') ?? '';
  const id = rawId.length > MAX_ID_LENGTH ? '' : rawId;
  return {
    id,
    ...envelope,
    body,
    delayedAt: parseDelay(el),
    originId: parseOriginId(el),
    stanzaIds: parseStanzaIds(el),
    receiptRequested: id !== ''
      && el.getChildren('request', NS.RECEIPTS).length > 0
      && el.getChildren('received', NS.RECEIPTS).length === 0,
  };
}

/**
 * The archive id our own server gave a message: its XEP-0359 `<stanza-id/>` whose `by` is our bare JID
 * (XEP-0313 §3.5). Ids added by anyone else are spoofable (XEP-0359 §6). The caller must also check that
 * our server announces `urn:xmpp:sid:0` (XEP-0359 §5), since only then does it delete forged copies (§3).
 * @returns the id, or `null` when there is none, `ownBareJid` is not a valid JID, or there are two
 *   different ones for our JID (§3 rule 4 allows one; two means one is forged).
 */
export function trustedStanzaId(message: IncomingMessage, ownBareJid: string): string | null {
  const own = bareJid(ownBareJid);
  if (own === '' || !Array.isArray(message?.stanzaIds)) return null;
  const ids = new Set(message.stanzaIds.filter((s) => s.by === own).map((s) => s.id));
  if (ids.size !== 1) return null;
  const [id] = ids;
  return validSid(id) ? id : null;
}

/** A bounced message (RFC 6120 §8.3): which of ours failed, who answered, and why. */
export interface MessageError {
  /** The `id` of our message that failed. */
  id: string;
  /** The normalized JID that answered; `''` when the error came without `from`, i.e. from our own server. */
  from: string;
  /** The defined condition (§8.3.3), e.g. `service-unavailable`; `undefined-condition` when unreadable. */
  condition: string;
  /** The human-readable `<text/>` (§8.3.2), clamped to {@link MAX_ERROR_TEXT_LENGTH}; `''` when absent. */
  text: string;
}

/**
 * Reads a `<message type="error">` (RFC 6120 §8.3). The caller should check that `from` is the address the
 * failed message was sent to (or `''`, our server) before believing it, since the recipient knows our id.
 * @returns the error, or `null` for other messages, errors without a usable `id` (we could not tell which
 *   message failed), and errors with an invalid `from`.
 */
export function parseMessageError(el: Element): MessageError | null {
  if (!isStanza(el, 'message') || attr(el, 'type') !== 'error') return null;
  const id = attr(el, 'id') ?? '';
  if (id === '' || id.length > MAX_ID_LENGTH) return null;
  const rawFrom = attr(el, 'from');
  let from = '';
  if (rawFrom !== undefined) {
    const parts = parseJid(rawFrom);
    if (!parts) return null;
    from = formatJid(parts);
  }
  const error = ownChildren(el, 'error')[0];
  let text = '';
  if (error) {
    const texts = error.getChildren('text', NS.STANZAS);
    const chosen = texts.find((t) => attr(t, 'xml:lang') === undefined) ?? texts[0];
    text = chosen ? clampText(chosen.getText().trim(), MAX_ERROR_TEXT_LENGTH) : '';
  }
  return { id, from, condition: stanzaErrorCondition(el) ?? 'undefined-condition', text };
}
