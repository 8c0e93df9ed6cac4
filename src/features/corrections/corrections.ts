// The corrections chunk (see manifest.ts): the service, and the "edited" beside a corrected message.
import { css, html, nothing } from 'lit';
import { msg } from '../../components/msg.js';
import type { CorrectionPayload } from './service.js';

export { service } from './service.js';

export function renderPayload(payload: unknown): unknown {
  return (payload as CorrectionPayload | undefined)?.edited ? html`<span class="edited">${msg('edited')}</span>` : nothing;
}

/** Adopted by the log that draws it (constructed: fine under a strict CSP). */
export const styles = css`
  .edited {
    font-size: 0.75rem;
    color: var(--_muted);
  }
`.styleSheet;
