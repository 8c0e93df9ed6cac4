/** XEP-0308 Last Message Correction (v1.2): `<replace id="…"/>`, the id of the message it replaces. */
import type { Element } from '@xmpp/xml';

export const CORRECT = 'urn:xmpp:message-correct:0';

/** Longest id we read. */
const MAX_ID = 256;

/**
 * Adds `<replace id/>` to an outgoing message. Built with the element's own `c()` rather than @xmpp/xml's
 * factory: importing that here makes the bundler split three modules out of the first load (rolldown#10731).
 */
export function appendReplace(message: Element, id: string): void {
  message.c('replace', { xmlns: CORRECT, id });
}

/** The id a correction replaces; null for any other message. */
export function parseReplace(message: Element): string | null {
  const id = message.getChild('replace', CORRECT)?.attrs.id;
  return typeof id === 'string' && id && id.length <= MAX_ID ? id : null;
}
