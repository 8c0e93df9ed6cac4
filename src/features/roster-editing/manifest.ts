import type { FeatureManifest } from '../registry.js';

/**
 * Changing the roster: subscription requests with Accept and Decline, the Add contact form and the removal
 * question, with the actions behind them. Loaded when a request arrives or Add contact or Remove is pressed:
 * most visits never use them.
 */
export const manifest: FeatureManifest = {
  id: 'roster-editing',
  advertises: [],
  load: () => import('./roster-editing.js'),
};
