/** Changing the roster (RFC 6121 §2.3 to §2.5). Reading it is the core's: src/xmpp/roster.ts. */
import xml, { Element } from '@xmpp/xml';
import * as NS from '../../xmpp/ns.js';

/**
 * Adds a contact or updates it (§2.3, §2.4). A blank `name` is left out, so the server keeps none.
 * `groups` are trimmed and deduplicated; blank ones are dropped.
 */
export function buildRosterSet(jid: string, name?: string, groups: readonly string[] = []): Element {
  const trimmed = name?.trim();
  const unique = [...new Set(groups.map((g) => g.trim()).filter((g) => g !== ''))];
  return xml('iq', { type: 'set' },
    xml('query', { xmlns: NS.ROSTER },
      xml('item', { jid, name: trimmed ? trimmed : undefined }, ...unique.map((g) => xml('group', {}, g)))));
}

/** Deletes a contact from the roster (§2.5), which also cancels subscriptions both ways. */
export function buildRosterRemove(jid: string): Element {
  return xml('iq', { type: 'set' },
    xml('query', { xmlns: NS.ROSTER }, xml('item', { jid, subscription: 'remove' })));
}
