import type { FeatureManifest } from '../registry.js';

/**
 * XEP-0184 Message Delivery Receipts: "Delivered" on our messages, and receipts for messages that ask for one.
 * Loaded by the first stanza in its namespace: a receipt, or a message with a request (ours always carry one,
 * written by the core).
 */
export const manifest: FeatureManifest = {
  id: 'receipts',
  advertises: ['urn:xmpp:receipts'],
  stanzaNs: ['urn:xmpp:receipts'],
  load: () => import('./receipts.js'),
};
