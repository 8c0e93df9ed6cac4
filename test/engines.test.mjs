// The README promises Node 20: every package that `npm ci` installs must declare engines that include the
// oldest Node our package.json accepts, or a clean install on Node 20 prints EBADENGINE warnings (and may
// break on it).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (file) => JSON.parse(readFileSync(join(root, file), 'utf8'));

function incompatible(lock, node) {
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path && !entry.optional && typeof entry.engines?.node === 'string')
    .filter(([, entry]) => !semver.satisfies(node, entry.engines.node))
    .map(([path, entry]) => `${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${entry.engines.node}`);
}

test('every locked package runs on the oldest Node 20 that package.json accepts', () => {
  const oldest = semver.minVersion(read('package.json').engines.node);
  assert.equal(oldest.major, 20, 'package.json accepts Node 20');
  assert.deepEqual(incompatible(read('package-lock.json'), oldest.version), []);
});

test('the engine check names a package that wants a newer Node (self-check)', () => {
  const lock = { packages: { '': {}, 'node_modules/a': { version: '1.0.0', engines: { node: '>=22.0.0' } }, 'node_modules/b': { version: '2.0.0', engines: { node: '>=18' } } } };
  assert.deepEqual(incompatible(lock, '20.19.0'), ['a@1.0.0 wants node >=22.0.0']);
});
