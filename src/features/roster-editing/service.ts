import type { JidString } from '../../model/types.js';
import type { FeatureService } from '../../store/features.js';
import { normalizeBareJid } from '../../xmpp/jid.js';
import { buildSubscription } from '../../xmpp/presence.js';
import { buildRosterRemove, buildRosterSet } from './protocol.js';

/** Why Add contact did not add: not an address, our own, offline, or the server refused. */
export type AddContactRefusal = 'address' | 'own-address' | 'offline' | 'refused';

/**
 * The roster-editing actions (`ChatStore.act('roster-editing', …)`):
 * - `{ type: 'add', address, name? }` adds a contact and asks to see their presence; resolves to an
 *   {@link AddContactRefusal}, or null;
 * - `{ type: 'remove', jid }` removes one (RFC 6121 §2.5: the server cancels both subscriptions);
 * - `{ type: 'accept' | 'decline', jid }` answers a subscription request.
 */
export const service: FeatureService = {
  async act(action, context): Promise<AddContactRefusal | null> {
    const jid = action.jid as JidString;
    switch (action.type) {
      case 'add': {
        const address = normalizeBareJid(action.address as string);
        if (!address) return 'address';
        if (address === context.account) return 'own-address';
        if (context.state.connection.state !== 'online') return 'offline';
        try {
          await context.request(buildRosterSet(address, action.name as string | undefined));
          await context.send(buildSubscription('subscribe', address));
          return null;
        } catch {
          return 'refused';
        }
      }
      case 'remove':
        await context.request(buildRosterRemove(jid)).catch(() => undefined);
        if (context.state.activeChat === jid) context.dispatch({ type: 'chat/closed' });
        break;
      case 'accept':
      case 'decline': {
        context.dispatch({ type: 'request/resolved', jid });
        const accept = action.type === 'accept';
        await context.send(buildSubscription(accept ? 'subscribed' : 'unsubscribed', jid));
        // Accepting someone we do not see yet asks to see them too, as people expect of "add back".
        const contact = context.state.roster.contacts.find((c) => c.jid === jid);
        const weAsked = contact && (contact.pending || contact.subscription === 'to' || contact.subscription === 'both');
        if (accept && !weAsked) await context.send(buildSubscription('subscribe', jid));
      }
    }
    return null;
  },
};
