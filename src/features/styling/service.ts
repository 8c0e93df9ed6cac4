import type { FeatureService } from '../../store/features.js';
import { isUnstyled } from './protocol.js';

/** The sender's `<unstyled/>` (XEP-0393 §6), whichever way the message came: kept with it as its payload. */
export interface StylingPayload {
  unstyled: true;
}

export const service: FeatureService = {
  message: ({ message }): StylingPayload | undefined => (isUnstyled(message) ? { unstyled: true } : undefined),
};
