import type { FeatureManifest } from '../registry.js';

/**
 * The support desk's protocol, on both sides: a visitor's details, page and rating (XEP-0004 forms of our
 * own types), the names agents sign with (XEP-0172), and the directed presence (RFC 6121 §4.6) by which a
 * visitor and the desk's agents see each other without a roster. Loaded by the visitor's and the agent's
 * elements, and by the first stanza that carries a form or a nick.
 */
export const manifest: FeatureManifest = {
  id: 'support',
  advertises: [],
  stanzaNs: ['jabber:x:data', 'http://jabber.org/protocol/nick'],
  load: () => import('./support.js'),
};
