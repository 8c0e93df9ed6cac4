/**
 * Presence (RFC 6121 §3 subscriptions, §4 availability), reduced to the widget's PresenceEvent.
 */
import xml, { Element } from '@xmpp/xml';
import type { Availability, OwnShow, PresenceEvent } from '../model/types.js';
import { bareJid, formatJid, parseJid } from './jid.js';
import { attr, clampText, isStanza, ownChildText, stanzaErrorCondition } from './stanza.js';

/** Longest status text we send or keep, in code points; a status is a line of text, not a document. */
export const MAX_STATUS_LENGTH = 1024;

/** The four subscription presence types (RFC 6121 §3). */
export type SubscriptionType = 'subscribe' | 'subscribed' | 'unsubscribe' | 'unsubscribed';

const SHOW_OUT: Record<OwnShow, string | null> = { available: null, away: 'away', busy: 'dnd' };

// RFC 6121 §4.7.2.1: chat (and no show) mean available; xa is shown as away; unknown values as online.
const SHOW_IN: Record<string, Exclude<Availability, 'offline'>> = {
  chat: 'online', away: 'away', xa: 'away', dnd: 'busy',
};

/**
 * Announces our availability (§4.2): `available` sends no `<show/>`, `away` sends `away`, `busy` sends
 * `dnd`. The status is trimmed, clamped to {@link MAX_STATUS_LENGTH}, and left out when blank.
 */
export function buildPresence(show: OwnShow, status: string = ''): Element {
  const value = SHOW_OUT[show] ?? null;
  const text = clampText((status ?? '').trim(), MAX_STATUS_LENGTH);
  const children: Element[] = [];
  if (value) children.push(xml('show', {}, value));
  if (text) children.push(xml('status', {}, text));
  return xml('presence', {}, ...children);
}

/** Goes offline (§4.5). */
export function buildUnavailable(): Element {
  return xml('presence', { type: 'unavailable' });
}

/**
 * Subscription request or answer (§3) to a contact. A full JID is reduced to its bare part, since
 * subscriptions are between accounts (§3.1.1).
 */
export function buildSubscription(type: SubscriptionType, to: string): Element {
  return xml('presence', { type, to: bareJid(to) || to });
}

/** RFC 6121 §4.7.2.3: an integer in -128..127, 0 when absent or unreadable. */
function parsePriority(text: string | null): number {
  if (text === null) return 0;
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) return 0;
  return Math.max(-128, Math.min(127, Number(t)));
}

function statusOf(el: Element): string {
  return clampText(ownChildText(el, 'status') ?? '', MAX_STATUS_LENGTH);
}

/**
 * Reads a presence stanza. `from` in the result is the sender's bare JID; `resource` its resource
 * (`''` when the presence came from a bare JID).
 * Show values: none or `chat` give online, `away`/`xa` away, `dnd` busy, anything else online.
 * Priority is clamped to -128..127 (default 0); status to {@link MAX_STATUS_LENGTH} code points.
 * @returns the event, or `null` when `el` is not a presence, has no valid `from`, is a `probe`
 *   (servers answer those), or has an unknown type.
 */
export function parsePresence(el: Element): PresenceEvent | null {
  if (!isStanza(el, 'presence')) return null;
  const parts = parseJid(attr(el, 'from') ?? '');
  if (!parts) return null;
  const from = formatJid(parts, true);
  const { resource } = parts;

  const type = attr(el, 'type');
  switch (type) {
    case undefined: {
      const show = ownChildText(el, 'show')?.trim() ?? '';
      return {
        kind: 'available', from, resource,
        availability: Object.prototype.hasOwnProperty.call(SHOW_IN, show) ? SHOW_IN[show] : 'online',
        status: statusOf(el),
        priority: parsePriority(ownChildText(el, 'priority')),
      };
    }
    case 'unavailable':
      return { kind: 'unavailable', from, resource, status: statusOf(el) };
    case 'subscribe':
      return { kind: 'subscribe', from, status: statusOf(el) };
    case 'subscribed':
    case 'unsubscribe':
    case 'unsubscribed':
      return { kind: type, from };
    case 'error':
      return { kind: 'error', from, condition: stanzaErrorCondition(el) ?? 'undefined-condition' };
    default:
      return null;
  }
}
