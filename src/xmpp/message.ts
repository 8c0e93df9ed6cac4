/**
 * One-to-one chat messages (RFC 6121 §5).
 */
import xml, { Element } from '@xmpp/xml';
import type { IncomingMessage } from '../model/types.js';
import { NS } from './ns.js';
import { formatJid, parseJid } from './jid.js';
import { parseDelay } from './delay.js';
import { attr, isStanza, ownChildText } from './stanza.js';

/**
 * Longest body we accept, in UTF-16 code units. Prosody's default `c2s_stanza_size_limit` is 256 KiB and
 * ejabberd's is 64 KiB, so a longer body cannot come from a normal server: it is refused rather than cut,
 * because a cut message would show the sender saying something they did not write.
 */
export const MAX_BODY_LENGTH = 256 * 1024;

/** Ids longer than this are treated as missing: a real stanza id is a few dozen characters. */
const MAX_ID_LENGTH = 1024;

/** A chat message to `to` (a bare JID, RFC 6121 §5.1) with our stanza `id`. */
export function buildChatMessage(to: string, body: string, id: string): Element {
  return xml('message', { type: 'chat', to, id }, xml('body', {}, body));
}

/**
 * Reads a plain chat message: type `chat` or `normal` (absent or unknown types count as normal, §5.2.2),
 * with a non-blank `<body/>` kept exactly as sent (text, never markup), and a valid `from` (kept as sent,
 * normalized, resource included). The body without `xml:lang` is preferred (§5.2.3).
 * @returns the message, or `null` for `error`, `groupchat` and `headline` messages, messages without a
 *   body or with a body over {@link MAX_BODY_LENGTH}, and carbons (XEP-0280) or MAM results (XEP-0313),
 *   whose wrappers hide a forwarded message that their own parser must check.
 */
export function parseChatMessage(el: Element): IncomingMessage | null {
  if (!isStanza(el, 'message')) return null;
  const rawType = attr(el, 'type');
  if (rawType === 'error' || rawType === 'groupchat' || rawType === 'headline') return null;
  const type = rawType === 'chat' ? 'chat' : 'normal';

  for (const child of el.getChildElements()) {
    const ns = child.getNS();
    if (ns === NS.CARBONS && (child.name === 'sent' || child.name === 'received')) return null;
    if (ns === NS.MAM && child.name === 'result') return null;
  }

  const from = parseJid(attr(el, 'from') ?? '');
  if (!from) return null;

  const body = ownChildText(el, 'body');
  if (typeof body !== 'string' || body.trim() === '' || body.length > MAX_BODY_LENGTH) return null;

  const id = attr(el, 'id') ?? '';
  const to = parseJid(attr(el, 'to') ?? '');
  return {
    id: id.length > MAX_ID_LENGTH ? '' : id,
    from: formatJid(from),
    to: to ? formatJid(to) : '',
    type,
    body,
    delayedAt: parseDelay(el),
  };
}
