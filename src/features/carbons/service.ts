import type { FeatureService } from '../../store/features.js';
import { buildCarbonsEnable, isCarbon, parseCarbon } from './protocol.js';

export const service: FeatureService = {
  online: (context) => context.request(buildCarbonsEnable()).catch(() => undefined),
  inbound(stanza, context) {
    if (!isCarbon(stanza)) return false;
    // XEP-0280 §11: parseCarbon refuses copies not sent by our own account; those are dropped.
    const carbon = parseCarbon(stanza, context.account);
    if (carbon) {
      const { message, peer } = carbon;
      void context.keep([{ message, via: 'carbon', direction: carbon.direction === 'sent' ? 'out' : 'in', peer }]);
    }
    return true;
  },
};
