import type { ChatMessage } from '../model/types.js';

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
  /** Loaded at every fresh sign-in, while the roster travels. */
  readonly online?: true;
  /** Loaded by the first stanza with a child in one of these namespaces; stanzas wait, in order, meanwhile. */
  readonly stanzaNs?: readonly string[];
  /** Loaded, the same way, by the first stanza of one of these kinds, as `name:type` (`message:groupchat`). */
  readonly types?: readonly string[];
  /**
   * Its slice outlives a reload in this tab, with the stream (storage/tab-state.ts): what the server does not
   * send again after a resume, such as the rooms we are in and their occupants.
   */
  readonly keepsTab?: true;
  readonly load: () => Promise<FeatureModule>;
}

/** What a feature's chunk gives the elements that draw it. */
export interface FeatureModule {
  renderBody?: BodyRenderer;
  /** Draws what the feature kept with a message (its payload), below the message's body. */
  renderPayload?: (payload: unknown, message: ChatMessage) => unknown;
  /** Draws what the feature shows in a conversation's header (a room's subject and occupants), or nothing. */
  renderHeader?: (peer: string) => unknown;
  /**
   * What the feature notes in `peer`'s log besides messages (a room's comings and goings): a value that is
   * the same object until they change, for {@link FeatureModule.renderNotes}.
   */
  notesOf?: (features: Readonly<Record<string, unknown>>, peer: string) => unknown;
  /** Draws the notes placed after the message of order `after` (`before`: those before it, at the top). */
  renderNotes?: (notes: unknown, after: number, before?: boolean) => unknown;
  /** Styles for what it draws, adopted by the shadow root that draws it (constructed: fine under a strict CSP). */
  styles?: CSSStyleSheet;
  /** Its hooks into the store (src/store/features.ts `FeatureService`). */
  service?: object;
}

/** The element drawing a message body. */
interface Host {
  readonly renderRoot: HTMLElement | DocumentFragment;
  requestUpdate(): void;
}

/** Draws `text` (Lit template values), handing every part it leaves plain to `next`. */
export type BodyRenderer = (text: string, next: (text: string) => unknown) => unknown;

import { manifest as bookmarks } from './bookmarks/manifest.js';
import { manifest as caps } from './caps/manifest.js';
import { manifest as carbons } from './carbons/manifest.js';
import { manifest as chatStates } from './chat-states/manifest.js';
import { manifest as corrections } from './corrections/manifest.js';
import { manifest as links } from './links/manifest.js';
import { manifest as markers } from './markers/manifest.js';
import { manifest as receipts } from './receipts/manifest.js';
import { manifest as rooms } from './rooms/manifest.js';
import { manifest as rosterEditing } from './roster-editing/manifest.js';
import { manifest as styling } from './styling/manifest.js';
import { manifest as support } from './support/manifest.js';

/**
 * Every feature whose namespace a stanza has sees it, in this order, until one takes it (a carbon wraps a
 * message with a receipt request: carbons first; a room's marker is a groupchat message: markers before rooms).
 * Body renderers innermost first: links are found in what styling leaves as text.
 */
export const FEATURES: readonly FeatureManifest[] = [carbons, receipts, chatStates, caps, links, styling, rosterEditing, support, markers, rooms, bookmarks, corrections];


export function featureById(id: string): FeatureManifest {
  return FEATURES.find((f) => f.id === id)!;
}

const loaded = new Map<string, FeatureModule>();
const loading = new Map<string, Promise<unknown>>();

/** A feature's chunk, loaded once; a failed load (offline) can be tried again. */
export function loadFeature(feature: FeatureManifest): Promise<FeatureModule> {
  const ready = loaded.get(feature.id);
  if (ready) return Promise.resolve(ready);
  let pending = loading.get(feature.id) as Promise<FeatureModule> | undefined;
  if (!pending) {
    pending = feature.load().then(
      (chunk) => (loaded.set(feature.id, chunk), chunk),
      (error: unknown) => {
        loading.delete(feature.id);
        throw error;
      },
    );
    loading.set(feature.id, pending);
  }
  return pending;
}

/** The chunk of a feature if it is loaded already. */
export function loadedFeature(feature: FeatureManifest): FeatureModule | undefined {
  return loaded.get(feature.id);
}

/**
 * A message body as the features that apply to it draw it; plain text until their chunks are here (then the
 * host draws again). `skip` names features the sender opted out of (XEP-0393 `<unstyled/>`, the styling payload).
 */
export function renderBody(body: string, skip: readonly string[], host: Host): unknown {
  let render = (text: string): unknown => text;
  for (const feature of FEATURES) {
    if (!feature.body?.test(body) || skip.includes(feature.id)) continue;
    const module = loaded.get(feature.id);
    if (module?.renderBody) {
      const renderer = adopt(module, host).renderBody!;
      const next = render;
      render = (text) => renderer(text, next);
      continue;
    }
    // Offline: plain text now, another try on the next draw.
    loadFeature(feature).then(() => host.requestUpdate(), () => undefined);
  }
  return render(body);
}

/** `module`, once its styles are in `host`'s shadow root. */
function adopt(module: FeatureModule, host: Host): FeatureModule {
  const root = host.renderRoot as ShadowRoot;
  const { styles } = module;
  if (styles && !root.adoptedStyleSheets.includes(styles)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles];
  return module;
}

/** What the features that kept payloads with `message` draw of them; their chunks load on first need (then the host draws again). */
export function renderPayloads(message: ChatMessage, host: Host): unknown[] {
  const out: unknown[] = [];
  for (const id in message.payloads) {
    const module = loaded.get(id);
    if (module) out.push(adopt(module, host).renderPayload?.(message.payloads[id], message));
    else if (featureById(id)) loadFeature(featureById(id)).then(() => host.requestUpdate(), () => undefined);
  }
  return out;
}

/** What the loaded features draw in the header of `peer`'s conversation. */
export function renderHeaders(peer: string, host: Host): unknown[] {
  return FEATURES.map((feature) => {
    const module = loaded.get(feature.id);
    return module?.renderHeader && adopt(module, host).renderHeader!(peer);
  });
}

/** The notes of `peer`'s log (see {@link FeatureModule.notesOf}): one value per loaded feature that has some. */
export function notesOf(features: Readonly<Record<string, unknown>>, peer: string): unknown {
  for (const module of loaded.values()) {
    const notes = module.notesOf?.(features, peer);
    if (notes !== undefined) return notes;
  }
  return undefined;
}

/** What the loaded features draw of `notes` after the message of order `after` (or before it, at the top). */
export function renderNotes(notes: unknown, after: number, host: Host, before = false): unknown {
  if (notes === undefined) return undefined;
  for (const module of loaded.values()) {
    if (module.renderNotes && module.notesOf) return adopt(module, host).renderNotes!(notes, after, before);
  }
  return undefined;
}
