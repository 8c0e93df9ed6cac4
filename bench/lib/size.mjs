// Bundle sizes: raw, gzip -9 and brotli (quality 11), which files a first visit loads, and the budgets of
// budgets.json. Shared by the build (vite.config.ts), the bench (scenario 1) and test/size.test.mjs.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export function sizesOf(buffer) {
  return {
    raw: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buffer.length },
    }).length,
  };
}

export function addSizes(list) {
  return list.reduce((sum, s) => ({ raw: sum.raw + s.raw, gzip: sum.gzip + s.gzip, brotli: sum.brotli + s.brotli }), {
    raw: 0,
    gzip: 0,
    brotli: 0,
  });
}

/** Every file of the build a page could load (JS, CSS, fonts, images): not source maps, not dist/types. */
export function shippedFiles(dist) {
  const out = [];
  const walk = (dir, rel) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;
      if (statSync(path).isDirectory()) {
        if (relPath !== 'types' && relPath !== '.vite') walk(path, relPath);
      } else if (!/\.(map|d\.ts|tsbuildinfo)$/.test(name)) {
        out.push(relPath);
      }
    }
  };
  if (existsSync(dist)) walk(dist, '');
  return out.sort();
}

/** The budgets of budgets.json at the repository root: `{ firstLoad, launcher, chunks: { name: bytes } }`. */
export function readBudgets(root) {
  const { firstLoad, launcher, chunks } = JSON.parse(readFileSync(join(root, 'budgets.json'), 'utf8'));
  return { firstLoad, launcher, chunks };
}

export const LAUNCHER_FILE = 'xmpp-chat-launcher.js';

/** The bundler's manifest (`build.manifest`): chunks by source, with `file`, `name`, `isEntry`, `isDynamicEntry`, `imports`. */
export function readManifest(dist) {
  const path = join(dist, '.vite', 'manifest.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

/** The entry and every chunk it loads before it runs (its static imports, transitively): the first load. */
export function firstLoad(dist, manifest = readManifest(dist)) {
  if (!manifest) return [];
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const next of manifest[key].imports ?? []) visit(next);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  return [...seen].map((key) => manifest[key].file);
}

/** Sizes of `files` (relative to `dist`), one by one and in total. */
export function measure(dist, files) {
  const each = files.map((file) => ({ file, ...sizesOf(readFileSync(join(dist, file))) }));
  return { files: each, total: addSizes(each) };
}

/**
 * The budget check, from the bundler's manifest: the first load (the entry and its static imports) within
 * `budgets.firstLoad`, each lazy chunk within its own budget. It fails when a lazy chunk has no budget, and
 * when a budget names a chunk that is not lazy any more: the first load pulled that feature in.
 * @returns `{ ok, problems, first: { files, total }, chunks: [{ name, file, gzip, budget }] }`
 */
export function checkBudgets(dist, budgets) {
  const manifest = readManifest(dist);
  if (!manifest) return { ok: false, problems: [`${join(dist, '.vite/manifest.json')} is missing: run \`npm run build\` first`], first: null, chunks: [] };
  const problems = [];
  const firstFiles = firstLoad(dist, manifest);
  const first = measure(dist, firstFiles);
  if (first.total.gzip > budgets.firstLoad) {
    problems.push(`first load (${firstFiles.join(', ')}): ${first.total.gzip} B gzip > ${budgets.firstLoad} (${first.total.gzip - budgets.firstLoad} over)`);
  }
  const chunks = [];
  // Every chunk the first load does not bring: lazy features, and what two of them share (a common chunk).
  for (const chunk of Object.values(manifest)) {
    if (chunk.isEntry || firstFiles.includes(chunk.file)) continue;
    const { gzip } = sizesOf(readFileSync(join(dist, chunk.file)));
    const budget = budgets.chunks[chunk.name];
    chunks.push({ name: chunk.name, file: chunk.file, gzip, budget });
    if (budget === undefined) problems.push(`lazy chunk ${chunk.name} (${chunk.file}) has no budget in budgets.json`);
    else if (gzip > budget) problems.push(`lazy chunk ${chunk.name}: ${gzip} B gzip > ${budget} (${gzip - budget} over)`);
  }
  for (const name of Object.keys(budgets.chunks)) {
    if (!chunks.some((chunk) => chunk.name === name)) problems.push(`${name} is not a lazy chunk any more: the first load pulls it in (or it is gone)`);
  }
  let launcher = null;
  if (budgets.launcher !== undefined) {
    const path = join(dist, LAUNCHER_FILE);
    if (!existsSync(path)) problems.push(`${LAUNCHER_FILE} is missing`);
    else {
      const code = readFileSync(path, 'utf8');
      launcher = { file: LAUNCHER_FILE, gzip: sizesOf(Buffer.from(code)).gzip, budget: budgets.launcher };
      if (launcher.gzip > budgets.launcher) problems.push(`the loader ${LAUNCHER_FILE}: ${launcher.gzip} B gzip > ${budgets.launcher} (${launcher.gzip - budgets.launcher} over)`);
      // It runs before anything else: a static import (of Lit, of a shared chunk) would load with it.
      if (/(^|[;}\s])import\s*[{*\w"']/.test(code)) problems.push(`the loader ${LAUNCHER_FILE} has a static import: it must stand alone`);
    }
  }
  return { ok: problems.length === 0, problems, first, chunks, launcher };
}
