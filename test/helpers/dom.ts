/**
 * Finds elements the way a screen reader user does: by role and accessible name, through shadow roots.
 * A small subset of the ARIA name computation, enough for the widget's own markup.
 */

const IMPLICIT_ROLES: Record<string, string> = {
  button: 'button',
  [`[role=button]`]: 'button',
  'input:not([type]), input[type=text], input[type=email], input[type=password], input[type=search], textarea': 'textbox',
  'ul, ol': 'list',
  li: 'listitem',
  select: 'combobox',
  option: 'option',
  'h1, h2, h3, h4, h5, h6': 'heading',
  article: 'article',
  form: 'form',
  'input[type=checkbox]': 'checkbox',
  'input[type=radio]': 'radio',
  aside: 'complementary',
  dialog: 'dialog',
};

/** Every element under `root`, entering open shadow roots, in tree order. */
export function* deepElements(root: ParentNode): Generator<HTMLElement> {
  for (const child of Array.from(root.children)) {
    const el = child as HTMLElement;
    yield el;
    if (el.shadowRoot) yield* deepElements(el.shadowRoot);
    yield* deepElements(el);
  }
}

export function roleOf(el: Element): string {
  const explicit = el.getAttribute('role');
  if (explicit) return explicit;
  for (const [selector, role] of Object.entries(IMPLICIT_ROLES)) {
    if (el.matches(selector)) return role;
  }
  return '';
}

function isHidden(el: Element): boolean {
  return el.getAttribute('aria-hidden') === 'true' || (el as HTMLElement).hidden;
}

/** Text as rendered: shadow content instead of light children, slots by what is assigned to them. */
export function flatText(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (!(node instanceof Element) || isHidden(node)) return '';
  if (node instanceof HTMLSlotElement) {
    return node.assignedNodes({ flatten: true }).map(flatText).join('');
  }
  const source: ParentNode = node.shadowRoot ?? node;
  return Array.from(source.childNodes).map(flatText).join('');
}

export function accessibleName(el: Element): string {
  const label = el.getAttribute('aria-label');
  if (label) return label.trim();
  const labelledBy = el.getAttribute('aria-labelledby');
  if (labelledBy) {
    const root = el.getRootNode() as Document | ShadowRoot;
    return labelledBy
      .split(/\s+/)
      .map((id) => root.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim();
  }
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) {
    const wrapping = el.closest('label');
    return wrapping ? flatText(wrapping).replace(/\s+/g, ' ').trim() : '';
  }
  return flatText(el).replace(/\s+/g, ' ').trim();
}

function nameMatches(actual: string, wanted: string | RegExp | undefined): boolean {
  if (wanted === undefined) return true;
  return typeof wanted === 'string' ? actual === wanted : wanted.test(actual);
}

/** All elements under `root` with this role whose accessible name matches (exactly, or by RegExp). */
export function allByRole(root: ParentNode, role: string, name?: string | RegExp): HTMLElement[] {
  return [...deepElements(root)].filter((el) => roleOf(el) === role && nameMatches(accessibleName(el), name));
}

/** The one element with this role and name; throws with what there is when there is not exactly one. */
export function getByRole(root: ParentNode, role: string, name?: string | RegExp): HTMLElement {
  const found = allByRole(root, role, name);
  if (found.length === 1) return found[0];
  const present = allByRole(root, role).map((el) => JSON.stringify(accessibleName(el)));
  throw new Error(`expected one ${role} named ${String(name)}, found ${found.length}; present: ${present.join(', ') || 'none'}`);
}

/** Polls `probe` (which may be async) until it gives something truthy without throwing; fails with its last error. */
export async function waitFor<T>(probe: () => T | Promise<T>, { timeout = 10_000, what = 'condition' } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Types into a text field as a user would, so Lit's listeners see input events. */
export function typeInto(field: HTMLElement, text: string) {
  const input = field as HTMLInputElement | HTMLTextAreaElement;
  input.focus();
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

export function pressKey(target: HTMLElement, key: string, init: KeyboardEventInit = {}) {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...init }));
}

/** The element that has focus, through shadow roots. */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
