import { html } from 'lit';
import type { BodyRenderer } from '../registry.js';
import { findLinks } from './text.js';

/** Links open in a new tab, and the page they open gets no handle on this one (`noopener`) nor a referrer. */
export const renderBody: BodyRenderer = (text, next) =>
  findLinks(text).map((part) =>
    typeof part === 'string' ? next(part) : html`<a href=${part.href} target="_blank" rel="noopener noreferrer">${part.text}</a>`,
  );
