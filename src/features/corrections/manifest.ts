import type { FeatureManifest } from '../registry.js';

/**
 * XEP-0308 Last Message Correction: we edit our last message (↑ in an empty composer, or its Edit button), the
 * other side sees it replaced and marked "edited"; a correction is taken only from whoever wrote the original.
 * Loaded at every fresh sign-in (a correction waiting in the outbox must leave as one), and by the first
 * correction to arrive.
 */
export const manifest: FeatureManifest = {
  id: 'corrections',
  advertises: ['urn:xmpp:message-correct:0'],
  online: true,
  stanzaNs: ['urn:xmpp:message-correct:0'],
  load: () => import('./corrections.js'),
};
