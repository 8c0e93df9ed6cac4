/** XEP-0393 Message Styling, on the wire: the sender's wish that a body be shown as typed. */
import type { Element } from '@xmpp/xml';
import * as NS from '../../xmpp/ns.js';

/** The message carries `<unstyled xmlns="urn:xmpp:styling:0"/>` (§6). */
export function isUnstyled(message: Element): boolean {
  return message.getChildren('unstyled', NS.STYLING).length > 0;
}
