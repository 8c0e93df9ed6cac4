import { css } from 'lit';

/**
 * Design tokens. Every value is read through a `--xmpp-*` custom property with a fallback, so a host page
 * can theme the widget without reaching into its shadow DOM.
 */
export const tokens = css`
  :host {
    --_bg: var(--xmpp-color-background, #ffffff);
    --_surface: var(--xmpp-color-surface, #f4f5f7);
    --_text: var(--xmpp-color-text, #1d2330);
    --_muted: var(--xmpp-color-muted, #5b6475);
    --_border: var(--xmpp-color-border, #d9dce3);
    /* Edges of fields and buttons: 3:1 against every background they sit on (WCAG 1.4.11). */
    --_control-border: var(--xmpp-color-control-border, #7a8191);
    --_accent: var(--xmpp-color-accent, #2a63c9);
    /* Black or white on the accent, whichever contrasts more (they cross at CIE L* 49.44), unless the page says. */
    --_accent-text: var(--xmpp-color-accent-text, lch(from var(--_accent) calc((49.44 - l) * infinity) 0 0));
    --_danger: var(--xmpp-color-danger, #b3261e);
    --_online: var(--xmpp-color-online, #1f9d55);
    --_away: var(--xmpp-color-away, #d08a00);
    --_busy: var(--xmpp-color-busy, #c62f3d);
    --_offline: var(--xmpp-color-offline, #9aa1ad);
    --_radius: var(--xmpp-radius, 8px);
    --_font: var(--xmpp-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-family: var(--_font);
    color: var(--_text);
    color-scheme: light dark;
    box-sizing: border-box;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_bg: var(--xmpp-color-background, #171a21);
      --_surface: var(--xmpp-color-surface, #222733);
      --_text: var(--xmpp-color-text, #e8ebf1);
      --_muted: var(--xmpp-color-muted, #a3abba);
      --_border: var(--xmpp-color-border, #363c4a);
      --_control-border: var(--xmpp-color-control-border, #7d8596);
      --_accent: var(--xmpp-color-accent, #6b9cff);
      --_danger: var(--xmpp-color-danger, #f28b82);
    }
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
    border: 1px solid var(--_control-border);
    background: var(--_surface);
    border-radius: calc(var(--_radius) - 2px);
    padding: 0.4em 0.8em;
  }
  button.primary {
    background: var(--_accent);
    color: var(--_accent-text);
    border-color: var(--_accent);
  }
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: default;
  }
  input,
  select,
  textarea {
    background: var(--_bg);
    border: 1px solid var(--_control-border);
    border-radius: calc(var(--_radius) - 2px);
    padding: 0.4em 0.6em;
  }
  ::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
