import type { FeatureManifest } from '../registry.js';

/**
 * XEP-0393 Message Styling: *strong*, _emphasis_, ~strike~, `code`, ``` blocks and > quotes. Loaded by a body
 * that may need it, or by a message whose sender asks for none (`<unstyled/>`, kept as its payload).
 */
export const manifest: FeatureManifest = {
  id: 'styling',
  advertises: ['urn:xmpp:styling:0'],
  body: /[*_~`]|^>/m,
  stanzaNs: ['urn:xmpp:styling:0'],
  load: () => import('./styled-body.js'),
};
