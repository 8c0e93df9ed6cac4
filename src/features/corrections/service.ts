import type { ChatMessage } from '../../model/types.js';
import type { Arrival, FeatureContext, FeatureService } from '../../store/features.js';
import { appendReplace, parseReplace } from './protocol.js';

/** What a corrected message keeps: it was edited. A correction on its way keeps the id it replaces. */
export interface CorrectionPayload {
  edited?: true;
  replace?: string;
}

/** Who wrote an arriving message, as the log knows its messages' authors: ours, an occupant, or the contact. */
function authorOf(arrival: Arrival, context: FeatureContext): string {
  if (arrival.direction === 'out') return context.account;
  const from = String(arrival.message.attrs.from ?? '');
  return arrival.message.attrs.type === 'groupchat' ? from : arrival.peer;
}

/** The message `id` of `author` in the conversation with `peer`, if it is on screen. */
function original(context: FeatureContext, peer: string, id: string, author: string): ChatMessage | undefined {
  return context.state.conversations[peer]?.messages.findLast((m) => (m.id === id || m.originId === id) && m.from === author);
}

export const service: FeatureService = {
  /**
   * A correction, however it came (live, carbon, archive, a room's reflection): taken only from whoever wrote
   * the original (XEP-0308 §5), which then shows the new text, marked edited. One whose original is not on
   * screen stays a message of its own: nothing is lost.
   */
  message(arrival, context) {
    const id = parseReplace(arrival.message);
    const body = arrival.message.getChildText('body');
    if (!id || !body?.trim()) return undefined;
    const found = original(context, arrival.peer, id, authorOf(arrival, context));
    if (!found) return { edited: true } satisfies CorrectionPayload;
    if (found.body !== body) context.updateMessage(found, { body, payloads: { ...found.payloads, corrections: { edited: true } } });
    return true;
  },

  outbound(stanza, _context, payload) {
    const replace = (payload as CorrectionPayload | undefined)?.replace;
    if (replace) appendReplace(stanza, replace);
  },

  act(action, context) {
    // edit: our message, with a new text. It changes here at once; the correction leaves through the outbox.
    if (action.type !== 'edit') return undefined;
    const message = action.message as ChatMessage;
    const body = String(action.body ?? '');
    if (message.direction !== 'out' || !body.trim() || body === message.body) return false;
    context.updateMessage(message, { body, payloads: { ...message.payloads, corrections: { edited: true } } });
    return context.writeHidden(message.peer, body, { corrections: { replace: message.originId ?? message.id } });
  },
};
