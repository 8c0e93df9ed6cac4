import { css, html, nothing } from 'lit';
import { msg } from '../../components/msg.js';
import type { SupportData } from './service.js';

const STARS = [1, 2, 3, 4, 5];

/** A visitor's details, a rating, or an agent's signature, below the message that carried them. */
export function renderPayload(payload: unknown): unknown {
  const { prechat, rating, nick } = (payload ?? {}) as SupportData;
  return html`${prechat
    ? html`<dl class="support-card" aria-label=${msg('Visitor details')}>
        ${prechat.name ? html`<dt>${msg('Name')}</dt><dd dir="auto">${prechat.name}</dd>` : nothing}
        ${prechat.email ? html`<dt>${msg('Email')}</dt><dd>${prechat.email}</dd>` : nothing}
        ${prechat.consent === undefined ? nothing : html`<dt>${msg('Consent')}</dt><dd>${prechat.consent ? msg('Given') : msg('Not given')}</dd>`}
      </dl>`
    : nothing}${rating
    ? html`<p class="support-card rating">
        <span class="stars" role="img" aria-label=${msg('Rated {stars} of 5', { stars: rating.stars })}
          >${STARS.map((n) => (n <= rating.stars ? '★' : '☆'))}</span
        >${rating.comment ? html` <span dir="auto">${rating.comment}</span>` : nothing}
      </p>`
    : nothing}${nick && !prechat ? html`<p class="signature" dir="auto">— ${nick}</p>` : nothing}`;
}

export const styles = css`
  .support-card {
    margin: 0.35rem 0 0;
    padding: 0.4rem 0.6rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
    background: var(--_bg);
    font-size: 0.85rem;
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.15rem 0.6rem;
  }
  .support-card dt {
    color: var(--_muted);
  }
  .support-card dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .support-card.rating {
    display: block;
  }
  .stars {
    color: var(--_text);
    letter-spacing: 0.1em;
  }
  .signature {
    margin: 0.2rem 0 0;
    font-size: 0.8rem;
    color: var(--_muted);
  }
`.styleSheet;
