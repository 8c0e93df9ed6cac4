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
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const LAYERS = ['components', 'store', 'xmpp', 'storage', 'model'];
const SOURCE = /\.(ts|tsx|mts|js|mjs)$/;

/** Layers each layer must NOT import from. */
const FORBIDDEN = {
  components: ['xmpp', 'storage'],
  store: ['components'],
  xmpp: ['storage', 'store', 'components'],
  storage: ['xmpp', 'store', 'components'],
  model: ['components', 'store', 'xmpp', 'storage'],
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

/** Which top-level src/ folder a file (or a resolved relative import) is in. */
function layerOf(absPath) {
  const rel = relative(SRC, absPath);
  if (rel.startsWith('..')) return null;
  const first = rel.split(sep)[0];
  return LAYERS.includes(first) ? first : null;
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
    if (spec.startsWith('@xmpp/') && (from === 'components' || from === 'store')) {
      out.push(`${relFile} imports ${spec}: ${from} must not use @xmpp/* (only src/xmpp talks XMPP)`);
    }
    if (from && spec.startsWith('.')) {
      const to = layerOf(resolve(dirname(file), spec));
      if (to && to !== from && FORBIDDEN[from].includes(to)) {
        out.push(`${relFile} imports ${spec}: ${from} must not import from ${to}`);
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
