import type { FeatureManifest } from '../registry.js';

/**
 * Room bookmarks (XEP-0402, with XEP-0048 where the server keeps only that): read at every fresh sign-in,
 * where the rooms marked autojoin are joined again (the rooms chunk loads only for an account that has
 * bookmarks), and kept as rooms are joined and left. Also loaded by a change from our other clients.
 */
export const manifest: FeatureManifest = {
  id: 'bookmarks',
  advertises: ['urn:xmpp:bookmarks:1+notify'],
  online: true,
  stanzaNs: ['http://jabber.org/protocol/pubsub#event'],
  load: () => import('./bookmarks.js'),
};
