/**
 * XEP-0352 Client State Indication (v1.0): telling the server whether the user is looking, so it can hold
 * back unimportant traffic while the widget is hidden.
 */
import xml, { Element } from '@xmpp/xml';
import * as NS from './ns.js';

/**
 * `<active/>` or `<inactive/>` (XEP-0352 §4.2), a top-level element sent on the stream, not a stanza.
 * Send it only when {@link serverSupportsCsi} is true; the server assumes `active` until told otherwise.
 */
export function buildClientState(active: boolean): Element {
  return xml(active ? 'active' : 'inactive', { xmlns: NS.CSI });
}

/**
 * True when stream features (RFC 6120 §4.3.2) announce `<csi xmlns="urn:xmpp:csi:0"/>` (XEP-0352 §4.1).
 * Takes the `<stream:features/>` element; its prefix may be declared or not (WebSocket framing parses
 * each top-level element alone), but an element in any other namespace is not stream features.
 */
export function serverSupportsCsi(features: Element): boolean {
  if (typeof features !== 'object' || features === null || typeof features.getNS !== 'function'
    || typeof features.getName !== 'function' || typeof features.attrs !== 'object' || features.attrs === null) return false;
  if (features.getName() !== 'features') return false;
  const ns = features.getNS();
  if (ns !== undefined && ns !== NS.STREAMS) return false;
  return features.getChildElements().some((c) => c.name === 'csi' && c.getNS() === NS.CSI);
}
