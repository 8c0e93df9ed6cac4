/**
 * Every feature beyond the core, as a small manifest: what it advertises (XEP-0030), what loads it, and the
 * loader of its own chunk. The core reads this list and never imports a feature's code statically, so the
 * first load does not grow with features (the build fails if it does: budgets.json).
 */
export interface FeatureManifest {
  readonly id: string;
  /** Disco features it advertises, known before its chunk loads so that what we advertise stays stable. */
  readonly advertises: readonly string[];
  /** Loaded when a message body that the log draws matches this. */
  readonly body?: RegExp;
  readonly load: () => Promise<FeatureModule>;
}

/** What a feature's chunk gives the elements that draw it. */
export interface FeatureModule {
  renderBody?: BodyRenderer;
  /** Styles for what it draws, adopted by the shadow root that draws it (constructed: fine under a strict CSP). */
  styles?: CSSStyleSheet;
}

/** The element drawing a message body. */
interface Host {
  readonly renderRoot: HTMLElement | DocumentFragment;
  requestUpdate(): void;
}

/** Draws `text` (Lit template values), handing every part it leaves plain to `next`. */
export type BodyRenderer = (text: string, next: (text: string) => unknown) => unknown;

import { manifest as styling } from './styling/manifest.js';
import { manifest as links } from './links/manifest.js';

/** Innermost first: links are found in what styling leaves as text, so styling is applied last, outermost. */
export const FEATURES: readonly FeatureManifest[] = [links, styling];

const loaded = new Map<string, FeatureModule>();
const loading = new Map<string, Promise<unknown>>();

/**
 * A message body as the features that apply to it draw it; plain text until their chunks are here (then the
 * host draws again). `skip` names features the sender opted out of (XEP-0393 `<unstyled/>`).
 */
export function renderBody(body: string, skip: readonly string[], host: Host): unknown {
  let render = (text: string): unknown => text;
  for (const feature of FEATURES) {
    if (!feature.body?.test(body) || skip.includes(feature.id)) continue;
    const module = loaded.get(feature.id);
    if (module?.renderBody) {
      const { renderBody: renderer, styles } = module;
      const root = host.renderRoot as ShadowRoot;
      if (styles && !root.adoptedStyleSheets.includes(styles)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles];
      const next = render;
      render = (text) => renderer(text, next);
      continue;
    }
    let pending = loading.get(feature.id);
    if (!pending) {
      pending = feature.load().then(
        (chunk) => void loaded.set(feature.id, chunk),
        // Offline: plain text now, another try on the next draw.
        () => void loading.delete(feature.id),
      );
      loading.set(feature.id, pending);
    }
    void pending.then(() => host.requestUpdate());
  }
  return render(body);
}
