/**
 * The loader's styles, without Lit: one constructed stylesheet (allowed under a strict CSP, as Lit's are),
 * made on first use and shared by every launcher on the page.
 */
let sheet: CSSStyleSheet | undefined;

export function launcherStyles(): CSSStyleSheet {
  if (sheet) return sheet;
  sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  return sheet;
}

// Text on the brand colour: black or white, whichever contrasts more (the two cross at CIE L* 49.44, where
// the relative luminance is 0.179), unless the page sets --xmpp-color-accent-text.
const CSS = `
:host {
  --_accent: var(--xmpp-color-accent, #2a63c9);
  --_accent-text: var(--xmpp-color-accent-text, lch(from var(--_accent) calc((49.44 - l) * infinity) 0 0));
  --_bg: var(--xmpp-color-background, #fff);
  --_text: var(--xmpp-color-text, #1d2330);
  --_radius: var(--xmpp-radius, 8px);
  --_offset: var(--xmpp-launcher-offset, 1.25rem);
  font-family: var(--xmpp-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
  color-scheme: light dark;
  display: block;
}
@media (prefers-color-scheme: dark) {
  :host {
    --_accent: var(--xmpp-color-accent, #6b9cff);
    --_bg: var(--xmpp-color-background, #171a21);
    --_text: var(--xmpp-color-text, #e8ebf1);
  }
}
:host([mode='launcher']) { display: contents; }
:host([mode='page']) { block-size: 100%; }
:host([mode='page']) .body, :host([mode='page']) > * { block-size: 100%; }
[hidden] { display: none !important; }
.launcher {
  position: fixed;
  inset-block-end: var(--_offset);
  inset-inline-end: var(--_offset);
  z-index: 2147483000;
  inline-size: 3.5rem;
  block-size: 3.5rem;
  border-radius: 50%;
  border: 0;
  padding: 0;
  display: grid;
  place-items: center;
  background: var(--_accent);
  color: var(--_accent-text);
  box-shadow: 0 4px 14px rgb(0 0 0 / 0.25);
  cursor: pointer;
}
:host([position='left']) .launcher, .launcher.dodge {
  inset-inline: var(--_offset) auto;
}
:host([position='left']) .launcher.dodge {
  inset-inline: auto var(--_offset);
}
.launcher:focus-visible, .close:focus-visible {
  outline: 3px solid var(--_text);
  outline-offset: 3px;
}
svg { inline-size: 1.6rem; block-size: 1.6rem; fill: none; stroke: currentColor; stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
.badge {
  position: absolute;
  inset-block-start: -0.25rem;
  inset-inline-end: -0.25rem;
  min-inline-size: 1.4rem;
  block-size: 1.4rem;
  padding: 0 0.35rem;
  border-radius: 0.7rem;
  background: #b3261e;
  color: #fff;
  font: 600 0.8rem/1.4rem var(--xmpp-font, system-ui, sans-serif);
  text-align: center;
  box-shadow: 0 0 0 2px var(--_bg);
}
.panel {
  position: fixed;
  z-index: 2147483000;
  inset-block-end: calc(var(--_offset) + 4.5rem);
  inset-inline-end: var(--_offset);
  inline-size: min(24rem, calc(100vw - 2 * var(--_offset)));
  block-size: min(36rem, calc(100dvh - 6.5rem - var(--_offset)));
  display: flex;
  flex-direction: column;
  background: var(--_bg);
  color: var(--_text);
  border-radius: var(--_radius);
  box-shadow: 0 8px 32px rgb(0 0 0 / 0.28);
  overflow: hidden;
}
:host([position='left']) .panel { inset-inline: var(--_offset) auto; }
.bar {
  display: flex;
  align-items: center;
  gap: 0.5rem;
  padding: 0.5rem 0.5rem 0.5rem 1rem;
  background: var(--_accent);
  color: var(--_accent-text);
}
.heading { flex: 1; margin: 0; font-size: 1rem; font-weight: 600; }
.close {
  inline-size: 2.25rem;
  block-size: 2.25rem;
  display: grid;
  place-items: center;
  border: 0;
  border-radius: 50%;
  background: transparent;
  color: inherit;
  cursor: pointer;
}
.close svg { inline-size: 1.25rem; block-size: 1.25rem; }
.body { flex: 1; min-block-size: 0; display: flex; flex-direction: column; }
.body > * { flex: 1; min-block-size: 0; --xmpp-chat-height: 100%; }
.status { margin: auto; padding: 1rem; text-align: center; flex: 0 0 auto; }
/* Small screens: the panel is the whole viewport, as tall as what is visible now (dvh: not under the keyboard or the URL bar). */
@media (max-width: 639.98px) {
  .panel, :host([position='left']) .panel {
    inset: 0;
    inline-size: 100vw;
    block-size: 100dvh;
    border-radius: 0;
  }
  .panel:not([hidden]) ~ .launcher, .launcher[aria-expanded='true'] { display: none; }
}
@media (prefers-reduced-motion: no-preference) {
  .panel { animation: rise 0.16s ease-out; }
  @keyframes rise { from { opacity: 0; transform: translateY(0.5rem); } }
}
`;
