import type { FeatureManifest } from '../registry.js';

/** XEP-0393 Message Styling: *strong*, _emphasis_, ~strike~, `code`, ``` blocks and > quotes. */
export const manifest: FeatureManifest = {
  id: 'styling',
  advertises: ['urn:xmpp:styling:0'],
  body: /[*_~`]|^>/m,
  load: () => import('./styled-body.js'),
};
