// Types of size.mjs, for vite.config.ts.
export interface Budgets {
  firstLoad: number;
  /** The loader, dist/xmpp-chat-launcher.js. */
  launcher?: number;
  chunks: Record<string, number>;
}
export interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}
export function readBudgets(root: string): Budgets;
export function checkBudgets(
  dist: string,
  budgets: Budgets,
): {
  ok: boolean;
  problems: string[];
  first: { files: (Sizes & { file: string })[]; total: Sizes } | null;
  chunks: { name: string; file: string; gzip: number; budget: number | undefined }[];
  launcher: { file: string; gzip: number; budget: number } | null;
};
