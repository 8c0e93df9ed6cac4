// The size budget, checked on every `npm test` (after `npm run build` wrote dist/): the first load of a working
// chat (the entry and what it imports statically), gzip -9, at most 40,000 bytes. Lazy chunks are listed. Sizes are deterministic, so this is a test, not only a bench figure
// (`npm run bench` reports the same sizes with the floor: lit + @xmpp/client + idb alone).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GZIP_BUDGET, checkBudget } from '../bench/lib/size.mjs';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

test(`the first load stays within the size budget (${GZIP_BUDGET} bytes gzip -9)`, () => {
  const result = checkBudget(dist, GZIP_BUDGET);
  for (const [kind, list] of [['first', result.files], ['lazy', result.lazy]]) {
    for (const f of list) {
      console.log(`  ${kind.padEnd(6)} ${f.file.padEnd(34)} raw ${String(f.raw).padStart(7)}  gzip ${String(f.gzip).padStart(6)}  brotli ${String(f.brotli).padStart(6)}`);
    }
  }
  if (result.total) console.log(`  total: raw ${result.total.raw}, gzip ${result.total.gzip}, brotli ${result.total.brotli}; first load: ${result.first.join(', ')}`);
  assert.ok(result.ok, result.message);
});

test('the budget check fails when the budget is exceeded (self-check)', () => {
  const result = checkBudget(dist);
  assert.ok(result.total, result.message);
  // The same build against a budget one byte smaller than its size must fail, and one at its size must pass.
  assert.equal(checkBudget(dist, result.total.gzip - 1).ok, false);
  assert.equal(checkBudget(dist, result.total.gzip).ok, true);
  assert.equal(checkBudget(join(dist, 'no-such-dir')).ok, false);
});

test('a lazy chunk does not count against the first load, a statically imported one does (self-check)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'xmpp-chat-size-'));
  try {
    const big = randomBytes(3000).toString('base64');
    writeFileSync(join(scratch, 'xmpp-chat.js'), `import{a}from"./shared.js";const f=()=>import("./lazy.js");export{a,f};`);
    writeFileSync(join(scratch, 'shared.js'), `export const a="${big}";`);
    writeFileSync(join(scratch, 'lazy.js'), `export const b="${big}";`);
    const result = checkBudget(scratch);
    assert.deepEqual(result.first.sort(), ['shared.js', 'xmpp-chat.js']);
    assert.deepEqual(result.lazy.map((f) => f.file), ['lazy.js']);
    assert.ok(result.total.gzip > 3000, 'the static import counts');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
