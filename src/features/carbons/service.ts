import type { FeatureService } from '../../store/features.js';
import { bareJid } from '../../xmpp/jid.js';
import { buildCarbonsEnable, isCarbon, parseCarbon } from './protocol.js';

export const service: FeatureService = {
  online: (context) => context.request(buildCarbonsEnable()).catch(() => undefined),
  inbound(stanza, context) {
    if (!isCarbon(stanza)) return false;
    // XEP-0280 §11: parseCarbon refuses copies not sent by our own account; those are dropped.
    const carbon = parseCarbon(stanza, context.account);
    if (carbon) {
      const sent = carbon.direction === 'sent';
      const peer = bareJid(sent ? carbon.message.to : carbon.message.from);
      void context.store([context.toChatMessage(carbon.message, peer, sent ? 'out' : 'in')], { live: true, placement: 'append' });
    }
    return true;
  },
};
