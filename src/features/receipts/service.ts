import type { FeatureService } from '../../store/features.js';
import { bareJid } from '../../xmpp/jid.js';
import { parseChatMessage } from '../../xmpp/message.js';
import { buildReceipt, parseReceipt } from './protocol.js';

export const service: FeatureService = {
  inbound(stanza, context) {
    const receipt = parseReceipt(stanza);
    if (receipt) {
      void context.markState(receipt.id, 'delivered', bareJid(receipt.from));
      return true;
    }
    // Live messages only: the archive and carbons never come this way, and they must get no receipt (§5.5).
    const incoming = parseChatMessage(stanza);
    const peer = incoming && bareJid(incoming.from);
    // §8: a receipt tells that we are online, so only those who see our presence get one. §5.4: to the full
    // JID that asked.
    // Never in a room (§5.5): every occupant would answer.
    if (incoming?.receiptRequested && incoming.type !== 'groupchat' && peer !== context.account && context.seesOurPresence(peer!)) {
      void context.send(buildReceipt(incoming.from, incoming.id, incoming.type));
    }
    // The message itself is the core's to keep.
    return false;
  },
};
