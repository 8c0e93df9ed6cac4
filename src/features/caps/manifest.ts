import type { FeatureManifest } from '../registry.js';

/**
 * XEP-0115 Entity Capabilities with XEP-0030: answers disco#info from the registry, puts `<c/>` in our
 * presence, and learns what contacts advertise once per verification string, kept in IndexedDB. Loaded at
 * every fresh sign-in (its hash rides on the initial presence), by a disco#info request, or by a presence
 * with caps.
 */
export const manifest: FeatureManifest = {
  id: 'caps',
  advertises: ['http://jabber.org/protocol/caps'],
  online: true,
  stanzaNs: ['http://jabber.org/protocol/caps'],
  load: () => import('./caps.js'),
};
