import type { FeatureManifest } from '../registry.js';

/**
 * XEP-0085 Chat State Notifications: "Bob is typing…", and composing and paused sent while we type (unless
 * the host page turns it off: `chat-states="off"`). Loaded by the first chat state to arrive, or by the
 * first keystroke in the composer.
 */
export const manifest: FeatureManifest = {
  id: 'chat-states',
  advertises: ['http://jabber.org/protocol/chatstates'],
  stanzaNs: ['http://jabber.org/protocol/chatstates'],
  load: () => import('./chat-states.js'),
};
