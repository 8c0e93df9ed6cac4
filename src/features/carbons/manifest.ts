import type { FeatureManifest } from '../registry.js';

/**
 * XEP-0280 Message Carbons: what our other devices send and receive, here too. Turned on at every fresh sign-in;
 * a resumed stream keeps it on, and its first copy loads the chunk.
 */
export const manifest: FeatureManifest = {
  id: 'carbons',
  advertises: [],
  online: true,
  stanzaNs: ['urn:xmpp:carbons:2'],
  load: () => import('./carbons.js'),
};
