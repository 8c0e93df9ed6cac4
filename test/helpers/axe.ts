import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import 'axe-core/axe.min.js';
import type { AxeResults } from 'axe-core';

// WCAG 2.2 AA, checked by axe-core: 0 violations, in light and in dark mode.

declare global {
  interface Window {
    axe: { run(context: Element, options: object): Promise<AxeResults> };
  }
}

export async function violations(widget: Element): Promise<string[]> {
  const results = await window.axe.run(widget, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    // The fixture's page is the test runner's, not ours.
    rules: { region: { enabled: false }, 'landmark-one-main': { enabled: false }, 'page-has-heading-one': { enabled: false } },
  });
  return results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(' ')}${n.any[0]?.message ? ` – ${n.any[0].message}` : ''}`).join('; ')})`,
  );
}

/** No violations in light mode nor in dark mode. */
export async function expectAccessible(widget: HTMLElement, what: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    // Motion off: a panel's opening animation would blend its colours into what axe measures.
    await emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    // Let transitions and the new colours settle.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
    expect(await violations(widget), `${what}, ${colorScheme} mode`).to.deep.equal([]);
  }
  await emulateMedia({ colorScheme: 'light' });
}

