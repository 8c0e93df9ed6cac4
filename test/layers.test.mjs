// Layer boundaries of src/, checked with node's built-in runner:  node --test test/layers.test.mjs
// The same rules are enforced by ESLint (eslint.config.js); this test does not depend on ESLint.
//
// Layers, lowest first:  model  <  xmpp, storage  <  store  <  components
//   components: may use store and model only (no src/xmpp, no src/storage, no @xmpp/*)
//   store:      no components, no @xmpp/*
//   xmpp:       no storage, store, components
//   storage:    no xmpp, store, components
//   model:      nothing from any other layer
//   @xmpp/client: only src/xmpp/session.ts
// Features (src/features/<feature>/) hold the same layers in one folder: protocol.ts is an xmpp file,
// storage.ts a storage file (its own IndexedDB stores), slice.ts and service.ts store files, everything else (what draws it, and its pure helpers) component files,
// so what draws a feature reaches its protocol only through its service. The registry and the
// manifests are the wiring: they import model and each other, and a manifest loads its own feature's chunk
// with import(). A feature reaches another only through the registry. Every folder of src/ has a layer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const LAYERS = ['components', 'store', 'xmpp', 'storage', 'model', 'features'];
const SOURCE = /\.(ts|tsx|mts|js|mjs)$/;

/** Layers each layer must NOT import from. */
const FORBIDDEN = {
  components: ['xmpp', 'storage'],
  store: ['components'],
  xmpp: ['storage', 'store', 'components', 'features'],
  storage: ['xmpp', 'store', 'components', 'features'],
  model: ['components', 'store', 'xmpp', 'storage', 'features'],
  features: ['components', 'store', 'xmpp', 'storage'],
};

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

function stripComments(code) {
  // Block comments, and line comments that start a line or follow whitespace/; (keeps 'http://...').
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[\s;])\/\/.*$/gm, '$1');
}

/**
 * Every module specifier a file imports or re-exports:
 *   import x from 'a'; import { a, type B } from 'a'; import * as n from 'a'; import type T from 'a';
 *   import 'a'; export { a } from 'a'; export * from 'a'; export * as n from 'a'; import('a')
 * Multi-line import lists are handled; the part between the keyword and `from` may only contain
 * identifiers, braces, commas, `*` and whitespace, so `export const x = ...` never matches.
 */
export function importsOf(code) {
  const src = stripComments(code);
  const specs = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[\w$\s{},*]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of src.matchAll(re)) specs.push(m[1]);
  return specs;
}

/** The feature folder a file is in (src/features/<name>/...), or null. */
function featureOf(absPath) {
  const parts = relative(SRC, absPath).split(sep);
  return parts[0] === 'features' && parts.length > 2 ? parts[1] : null;
}

/** The layer of a file (or a resolved relative import): its top-level src/ folder, or its role in a feature. */
export function layerOf(absPath) {
  const rel = relative(SRC, absPath);
  if (rel.startsWith('..')) return null;
  const parts = rel.split(sep);
  if (parts[0] !== 'features') return LAYERS.includes(parts[0]) ? parts[0] : parts.length > 1 ? 'unknown' : null;
  const name = parts.at(-1).replace(/\.(ts|js|mjs)$/, '');
  if (parts.length === 2 || name === 'manifest') return 'features';
  if (name === 'protocol') return 'xmpp';
  if (name === 'slice' || name === 'service') return 'store';
  if (name === 'storage') return 'storage';
  return 'components';
}

function dynamicImportsOf(code) {
  return [...stripComments(code).matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
}

export function violationsOf(file, code) {
  const from = layerOf(file);
  const relFile = relative(ROOT, file).split(sep).join('/');
  const out = [];
  for (const spec of importsOf(code)) {
    // The connection library: @xmpp/client, or the xmpp.js parts it is made of (session.ts composes them).
    const connectionLibrary = spec.startsWith('@xmpp/') && !['@xmpp/xml', '@xmpp/jid'].includes(spec);
    if (connectionLibrary && relFile !== 'src/xmpp/session.ts') {
      out.push(`${relFile} imports ${spec}: only src/xmpp/session.ts may import @xmpp/client`);
    }
    if (spec.startsWith('@xmpp/') && (from === 'components' || from === 'store' || from === 'features')) {
      out.push(`${relFile} imports ${spec}: ${from} must not use @xmpp/* (only src/xmpp talks XMPP)`);
    }
    if (from && spec.startsWith('.')) {
      const target = resolve(dirname(file), spec);
      const to = layerOf(target);
      const ownChunk = basename(file).startsWith('manifest.') && featureOf(target) === featureOf(file) && dynamicImportsOf(code).includes(spec);
      if (to && to !== from && FORBIDDEN[from]?.includes(to) && !ownChunk) {
        out.push(`${relFile} imports ${spec}: ${from} must not import from ${to}`);
      }
      const [own, other] = [featureOf(file), featureOf(target)];
      if (other && own !== other && layerOf(target) !== 'features') {
        out.push(`${relFile} imports ${spec}: a feature is reached through the registry, not its internals`);
      }
    }
  }
  return out;
}

const files = walk(SRC);

test('the import scanner finds every import form (self-check)', () => {
  const code = `
    import a from './a.js';
    import { b, type C } from "../store/b.js";
    import {
      d,
      e as f,
    } from '../xmpp/d.js';
    import * as g from '@xmpp/xml';
    import type H from '@xmpp/client';
    import './side-effect.js';
    export { i } from '../model/i.js';
    export * from '../storage/j.js';
    export * as k from './k.js';
    const l = await import('./lazy.js');
    export const notAnImport = 1; const s = 'from "nope"';
    // import z from '../components/commented.js';
    /* import y from '../components/commented.js'; */
    const url = 'http://example.com/x'; import last from './last.js';
  `;
  assert.deepEqual(importsOf(code).sort(), [
    '../model/i.js', '../storage/j.js', '../store/b.js', '../xmpp/d.js', './a.js', './k.js', './last.js',
    './lazy.js', './side-effect.js', '@xmpp/client', '@xmpp/xml',
  ].sort());
});

test('the layer rules catch violations (self-check)', () => {
  const f = (p) => join(SRC, p);
  assert.equal(violationsOf(f('components/x.ts'), "import { client } from '@xmpp/client';").length, 2);
  assert.equal(violationsOf(f('components/x.ts'), "import xml from '@xmpp/xml';").length, 1);
  assert.equal(violationsOf(f('components/deep/x.ts'), "import s from '../../xmpp/session.js';").length, 1);
  assert.equal(violationsOf(f('components/x.ts'), "import s from '../storage/db.js';").length, 1);
  assert.equal(violationsOf(f('components/x.ts'), "import s from '../store/s.js'; import m from '../model/t.js';").length, 0);
  assert.equal(violationsOf(f('store/x.ts'), "import c from '../components/c.js';").length, 1);
  assert.equal(violationsOf(f('store/x.ts'), "import x from '@xmpp/jid';").length, 1);
  assert.equal(violationsOf(f('store/x.ts'), "import x from '../xmpp/jid.js';").length, 0);
  assert.equal(violationsOf(f('xmpp/roster.ts'), "import { client } from '@xmpp/client';").length, 1);
  assert.equal(violationsOf(f('xmpp/session.ts'), "import { client } from '@xmpp/client';").length, 0);
  assert.equal(violationsOf(f('xmpp/x.ts'), "import xml from '@xmpp/xml'; import m from '../model/t.js';").length, 0);
  assert.equal(violationsOf(f('xmpp/x.ts'), "export * from '../store/s.js';").length, 1);
  assert.equal(violationsOf(f('storage/x.ts'), "import x from '../xmpp/x.js';").length, 1);
  assert.equal(violationsOf(f('model/x.ts'), "import x from '../store/x.js';").length, 1);
  assert.equal(violationsOf(f('index.ts'), "import { client } from '@xmpp/client';").length, 1);
  assert.equal(violationsOf(f('index.ts'), "export * from './components/xmpp-chat.js';").length, 0);
  // Features: each file by its role; a manifest may load only its own chunk; features meet through the registry.
  assert.equal(violationsOf(f('features/styling/protocol.ts'), "import * as NS from '../../xmpp/ns.js';").length, 0);
  assert.equal(violationsOf(f('features/styling/protocol.ts'), "import s from '../../store/state.js';").length, 1);
  assert.equal(violationsOf(f('features/styling/render.ts'), "import s from '../../xmpp/session.js';").length, 1);
  assert.equal(violationsOf(f('features/styling/render.ts'), "import { p } from './text.js'; import t from '../registry.js';").length, 0);
  assert.equal(violationsOf(f('features/styling/render.ts'), "import { p } from './protocol.js';").length, 1);
  assert.equal(violationsOf(f('features/styling/service.ts'), "import { p } from './protocol.js'; import s from '../../store/state.js';").length, 0);
  assert.equal(violationsOf(f('features/caps/storage.ts'), "import { openFeatureDb } from '../../storage/feature-db.js';").length, 0);
  assert.equal(violationsOf(f('features/caps/storage.ts'), "import { p } from './protocol.js';").length, 1);
  assert.equal(violationsOf(f('features/caps/service.ts'), "import { c } from './storage.js';").length, 0);
  assert.equal(violationsOf(f('features/styling/manifest.ts'), "const m = () => import('./render.js');").length, 0);
  assert.equal(violationsOf(f('features/styling/manifest.ts'), "import { r } from './render.js';").length, 1);
  assert.equal(violationsOf(f('features/styling/manifest.ts'), "const m = () => import('../links/render.js');").length, 2);
  assert.equal(violationsOf(f('features/styling/render.ts'), "import { p } from '../links/text.js';").length, 1);
  assert.equal(violationsOf(f('features/styling/render.ts'), "import { p } from '../links/protocol.js';").length, 2);
  assert.equal(violationsOf(f('features/registry.ts'), "import { manifest } from './links/manifest.js';").length, 0);
  assert.equal(violationsOf(f('features/registry.ts'), "import { x } from '../components/x.js';").length, 1);
  assert.equal(violationsOf(f('xmpp/x.ts'), "import { FEATURES } from '../features/registry.js';").length, 1);
  assert.equal(violationsOf(f('components/x.ts'), "import { renderBody } from '../features/registry.js';").length, 0);
});

test('every folder of src/ belongs to a layer', () => {
  const unknown = files.filter((file) => layerOf(file) === 'unknown').map((file) => relative(ROOT, file));
  assert.deepEqual(unknown, [], 'files in a folder that no layer rule covers');
  assert.equal(layerOf(join(SRC, 'helpers', 'x.ts')), 'unknown', 'an unknown folder is reported (self-check)');
});

for (const layer of ['components', 'store', 'xmpp', 'model']) {
  test(`src/${layer} has source files to check`, () => {
    const n = files.filter((f) => layerOf(f) === layer).length;
    assert.ok(n > 0, `no source files found in src/${layer}/ (scanned ${files.length} files under src/)`);
  });
}

test('no file in src/ imports across layer boundaries', () => {
  assert.ok(files.length > 0, 'no source files found under src/');
  const violations = files.flatMap((f) => violationsOf(f, readFileSync(f, 'utf8')));
  assert.deepEqual(violations, [], `layer violations:\n  ${violations.join('\n  ')}`);
});
