// Bundle sizes: raw, gzip -9 and brotli (quality 11), and which files a first visit loads.
// Shared by the bench (scenario 1) and test/size.test.mjs (the budget check in `npm test`).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The target: everything a working chat needs, gzip -9, in bytes. `npm test` fails above it; the bench reports it. */
export const GZIP_BUDGET = 40_000;

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
        if (relPath !== 'types') walk(path, relPath);
      } else if (!/\.(map|d\.ts|tsbuildinfo)$/.test(name)) {
        out.push(relPath);
      }
    }
  };
  if (existsSync(dist)) walk(dist, '');
  return out.sort();
}

/** Relative modules a built ES module imports statically (`import … from"./x.js"`, `import"./x.js"`), not `import()`. */
export function staticImports(code) {
  const found = new Set();
  for (const m of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) found.add(m[1]);
  return [...found];
}

/** The entry and every chunk it loads before it runs: what the browser must fetch before the widget exists. */
export function firstLoad(dist, entry = 'xmpp-chat.js') {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file) || !existsSync(join(dist, file))) return;
    seen.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    for (const spec of staticImports(code)) visit(posix.normalize(posix.join(posix.dirname(file), spec)));
  };
  visit(entry);
  return [...seen];
}

/** Sizes of `files` (relative to `dist`), one by one and in total. */
export function measure(dist, files) {
  const each = files.map((file) => ({ file, ...sizesOf(readFileSync(join(dist, file))) }));
  return { files: each, total: addSizes(each) };
}

/**
 * The budget check: the gzip -9 sizes of the first load (the entry and every chunk it imports statically)
 * add up to at most `budget` bytes. Lazy chunks, fetched by `import()` when a feature is first used, are
 * measured and listed (`lazy`) but do not count against it.
 */
export function checkBudget(dist, budget = GZIP_BUDGET) {
  const files = shippedFiles(dist);
  if (!files.includes('xmpp-chat.js')) {
    return { ok: false, message: `${join(dist, 'xmpp-chat.js')} is missing: run \`npm run build\` first`, files: [], total: null, lazy: [] };
  }
  const first = firstLoad(dist);
  const { files: each, total } = measure(dist, first);
  const lazy = measure(dist, files.filter((file) => !first.includes(file) && file.endsWith('.js'))).files;
  const ok = total.gzip <= budget;
  const message = ok
    ? `${total.gzip} bytes gzip -9 <= ${budget} (${budget - total.gzip} to spare)`
    : `${total.gzip} bytes gzip -9 > budget ${budget}: ${total.gzip - budget} over`;
  return { ok, message, files: each, total, first, lazy };
}
