// The size budgets of budgets.json, checked on every `npm test` (after `npm run build` wrote dist/, which
// checks them too): the first load of a working chat (the entry and what it imports statically), and each lazy
// chunk, gzip -9. Sizes are deterministic, so this is a test, not only a bench figure
// (`npm run bench` reports the same sizes with the floor: lit + @xmpp/client + idb alone).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkBudgets, readBudgets } from '../bench/lib/size.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

const budgets = readBudgets(root);

test(`the first load and every lazy chunk stay within budgets.json (first load ${budgets.firstLoad} B gzip -9)`, () => {
  const result = checkBudgets(dist, budgets);
  for (const f of result.first?.files ?? []) {
    console.log(`  first  ${f.file.padEnd(34)} raw ${String(f.raw).padStart(7)}  gzip ${String(f.gzip).padStart(6)}  brotli ${String(f.brotli).padStart(6)}`);
  }
  if (result.first) console.log(`  first load: gzip ${result.first.total.gzip} of ${budgets.firstLoad}`);
  for (const c of result.chunks) console.log(`  lazy   ${c.name.padEnd(20)} ${c.file.padEnd(30)} gzip ${String(c.gzip).padStart(6)} of ${c.budget}`);
  assert.deepEqual(result.problems, []);
});

test('the check fails over a budget, on a lazy chunk without one, and when the first load swallows a lazy chunk (self-check)', () => {
  const result = checkBudgets(dist, budgets);
  assert.ok(result.first, result.problems.join('; '));
  const gzip = result.first.total.gzip;
  assert.equal(checkBudgets(dist, { ...budgets, firstLoad: gzip - 1 }).ok, false);
  assert.equal(checkBudgets(dist, { ...budgets, firstLoad: gzip }).ok, true);
  assert.equal(checkBudgets(join(dist, 'no-such-dir'), budgets).ok, false);

  const scratch = mkdtempSync(join(tmpdir(), 'xmpp-chat-size-'));
  try {
    const big = randomBytes(3000).toString('base64');
    mkdirSync(join(scratch, '.vite'));
    const write = (manifest) => writeFileSync(join(scratch, '.vite', 'manifest.json'), JSON.stringify(manifest));
    writeFileSync(join(scratch, 'xmpp-chat.js'), 'import"./shared.js";import("./lazy.js");');
    writeFileSync(join(scratch, 'shared.js'), `export const a="${big}";`);
    writeFileSync(join(scratch, 'lazy.js'), `export const b="${big}";`);
    const entry = { file: 'xmpp-chat.js', name: 'index', isEntry: true, imports: ['shared.ts'], dynamicImports: ['lazy.ts'] };
    write({ 'index.ts': entry, 'shared.ts': { file: 'shared.js', name: 'shared' }, 'lazy.ts': { file: 'lazy.js', name: 'lazy', isDynamicEntry: true } });
    const split = checkBudgets(scratch, { firstLoad: 40_000, chunks: { lazy: 10_000 } });
    assert.deepEqual(split.problems, []);
    assert.deepEqual(split.first.files.map((f) => f.file), ['xmpp-chat.js', 'shared.js']);
    assert.ok(split.first.total.gzip > 2000, 'a static import counts in the first load');
    assert.deepEqual(split.chunks.map((c) => c.name), ['lazy']);
    assert.match(checkBudgets(scratch, { firstLoad: 40_000, chunks: {} }).problems.join(), /lazy chunk lazy .* has no budget/);
    assert.match(checkBudgets(scratch, { firstLoad: 40_000, chunks: { lazy: 100 } }).problems.join(), /lazy chunk lazy: \d+ B gzip > 100/);
    // The entry imports the feature statically now: it is part of the first load, no chunk of its own.
    write({ 'index.ts': { ...entry, imports: ['shared.ts', 'lazy.ts'], dynamicImports: [] }, 'shared.ts': { file: 'shared.js', name: 'shared' }, 'lazy.ts': { file: 'lazy.js', name: 'lazy' } });
    assert.match(checkBudgets(scratch, { firstLoad: 40_000, chunks: { lazy: 10_000 } }).problems.join(), /lazy is not a lazy chunk any more/);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
