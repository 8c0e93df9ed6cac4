import type { FeatureManifest } from '../registry.js';

/**
 * XEP-0333 Chat Markers: our messages are markable, "Seen" on ours once the other side displayed them, and the
 * newest message we see marked displayed (in a room, by its stanza-id). Loaded at every fresh sign-in (our
 * messages say they are markable from the first), and by the first marker to arrive.
 */
export const manifest: FeatureManifest = {
  id: 'markers',
  advertises: ['urn:xmpp:chat-markers:0'],
  online: true,
  stanzaNs: ['urn:xmpp:chat-markers:0'],
  load: () => import('./markers.js'),
};
