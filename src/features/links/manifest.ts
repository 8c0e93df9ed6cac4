import type { FeatureManifest } from '../registry.js';

/** http(s) addresses in a message become links that open in a new tab; nothing else does. */
export const manifest: FeatureManifest = {
  id: 'links',
  advertises: [],
  body: /https?:\/\//i,
  load: () => import('./linked-body.js'),
};
