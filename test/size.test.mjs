// The size budget, checked on every `npm test` (after `npm run build` wrote dist/): everything a working chat
// needs, gzip -9, at most 40,000 bytes. Sizes are deterministic, so this is a test, not only a bench figure
// (`npm run bench` reports the same sizes with the floor: lit + @xmpp/client + idb alone).
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GZIP_BUDGET, checkBudget } from '../bench/lib/size.mjs';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

test(`dist/ stays within the size budget (${GZIP_BUDGET} bytes gzip -9)`, () => {
  const result = checkBudget(dist, GZIP_BUDGET);
  for (const f of result.files) {
    console.log(`  ${f.file.padEnd(28)} raw ${String(f.raw).padStart(7)}  gzip ${String(f.gzip).padStart(6)}  brotli ${String(f.brotli).padStart(6)}`);
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
