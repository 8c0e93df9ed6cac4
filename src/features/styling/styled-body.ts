import { css, html, type TemplateResult } from 'lit';
import type { BodyRenderer } from '../registry.js';
import { type Block, type Span, parseStyling } from './text.js';

export { service } from './service.js';

// Built from Lit templates over the parsed text: never an HTML string. The directives stay visible (XEP-0393
// recommends it) but hidden from screen readers, which would otherwise read out every asterisk.

function span(item: Span, next: (text: string) => unknown): unknown {
  if (typeof item === 'string') return next(item);
  const mark = html`<span class="directive" aria-hidden="true">${item.directive}</span>`;
  // A code span's text is taken as it is: no styling inside, and no links either.
  const inner = item.kind === 'code' ? item.children[0] : item.children.map((child) => span(child, next));
  const content = html`${mark}${inner}${mark}`;
  switch (item.kind) {
    case 'strong':
      return html`<strong>${content}</strong>`;
    case 'emphasis':
      return html`<em>${content}</em>`;
    case 'strike':
      return html`<s>${content}</s>`;
    default:
      return html`<code>${content}</code>`;
  }
}

function blocks(list: readonly Block[], next: (text: string) => unknown): TemplateResult {
  return html`${list.map((block, i) => {
    if (block.kind === 'pre') return html`<code class="block">${block.text}</code>`;
    if (block.kind === 'quote') return html`<blockquote>${blocks(block.blocks, next)}</blockquote>`;
    // Lines break where the text does; quotes and code blocks break by being blocks.
    const newline = list[i + 1]?.kind === 'plain' ? '\n' : '';
    return html`${block.spans.map((item) => span(item, next))}${newline}`;
  })}`;
}

export const renderBody: BodyRenderer = (text, next) => blocks(parseStyling(text), next);

export const styles = css`
  code {
    font-family: ui-monospace, monospace;
  }
  .block {
    display: block;
    white-space: pre;
    overflow-x: auto;
  }
  blockquote {
    margin: 0;
    padding-inline-start: 0.6em;
    border-inline-start: 3px solid var(--_control-border);
  }
  .directive {
    color: var(--_muted);
  }
`.styleSheet;
