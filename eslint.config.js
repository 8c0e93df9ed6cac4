// ESLint flat config for xmpp-chat.
//
// Layers (src/), lowest first:  model  <  xmpp, storage  <  store  <  components
//   - components use only the store and the model (no XMPP, no storage, no @xmpp/*)
//   - store does not know components or @xmpp/* (it uses src/xmpp's helpers)
//   - xmpp and storage know neither each other nor anything above them
//   - only src/xmpp/session.ts talks to @xmpp/client; other xmpp files may use @xmpp/xml, @xmpp/jid
//   - model imports nothing from the other layers
// test/layers.test.mjs checks the same rules with `node --test`, independently of ESLint.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';

// `globals` is not a dependency; these are the Node globals our .mjs/.js tooling uses.
const nodeGlobals = Object.fromEntries(
  [
    'process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'AbortController',
    'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'queueMicrotask',
    'structuredClone', 'fetch', 'WebSocket', 'performance', 'globalThis', 'crypto',
  ].map((g) => [g, 'readonly']),
);
const browserGlobals = Object.fromEntries(
  ['window', 'document', 'customElements', 'HTMLElement', 'Event', 'CustomEvent', 'WebSocket', 'console',
    'setTimeout', 'clearTimeout', 'localStorage', 'indexedDB', 'URL', 'fetch', 'navigator'].map((g) => [g, 'readonly']),
);

// ---- layer rules ---------------------------------------------------------------------------------
// Relative import into a sibling layer folder, from any depth: '../xmpp/x.js', '../../store/y.js'.
const layer = (name) => `^(\\.\\./)+${name}(/|$)`;
const rule = (regex, message) => ({ regex, message });

// Kept in every src/** override: in flat config a later object REPLACES a rule's options.
const noUnsafeHtmlImport = {
  name: 'lit/directives/unsafe-html.js',
  message: 'unsafeHTML renders untrusted text as HTML (XSS). Render text with ${} bindings.',
};
const restrict = (...patterns) => [
  'error',
  { paths: [noUnsafeHtmlImport, { ...noUnsafeHtmlImport, name: 'lit-html/directives/unsafe-html.js' }], patterns },
];

const xmppAny = rule('^@xmpp/', 'Only src/xmpp talks XMPP; go through the store.');
const xmppClient = rule(
  '^(@xmpp/(?!xml$|jid$).+|saslmechanisms)$',
  'Only src/xmpp/session.ts may import @xmpp/client or the xmpp.js parts it is made of (use @xmpp/xml, @xmpp/jid).',
);
const up = (name, why) => rule(layer(name), why);

const LAYER_RULES = {
  'src/components/**': restrict(
    xmppAny,
    up('xmpp', 'Components use only the store and the model, not src/xmpp.'),
    up('storage', 'Components use only the store and the model, not src/storage.'),
  ),
  'src/store/**': restrict(
    rule('^@xmpp/', 'The store must not use @xmpp/* directly; use the helpers in src/xmpp.'),
    up('components', 'The store must not depend on components.'),
  ),
  'src/storage/**': restrict(
    up('xmpp', 'src/storage must not depend on src/xmpp.'),
    up('store', 'src/storage must not depend on the store.'),
    up('components', 'src/storage must not depend on components.'),
    up('features', 'src/storage must not depend on features.'),
  ),
  'src/model/**': restrict(
    ...['components', 'store', 'xmpp', 'storage', 'features'].map((l) => up(l, 'src/model imports nothing from the other layers.')),
  ),
};

// Features (test/layers.test.mjs has the whole rule): each file by its role, and one feature reaches another
// only through the registry.
const otherFeature = rule('^\\.\\./(?!registry\\.js$)[^.]', 'A feature reaches another only through src/features/registry.ts.');
const FEATURE_RULES = {
  'src/features/*/protocol.ts': restrict(
    xmppClient,
    otherFeature,
    ...['store', 'components', 'storage'].map((l) => up(l, 'A feature\'s protocol is an xmpp file: pure, below the store.')),
  ),
  'src/features/*/storage.ts': restrict(
    xmppAny,
    otherFeature,
    rule('^\\./protocol\\.js$', 'A feature\'s storage is a storage file: it does not speak XMPP.'),
    ...['xmpp', 'store', 'components'].map((l) => up(l, 'A feature\'s storage is a storage file: below the store.')),
  ),
  'src/features/*/!(protocol|manifest|service|slice|storage).ts': restrict(
    xmppAny,
    otherFeature,
    rule('^\\./protocol\\.js$', 'What draws a feature reaches its protocol through its service.'),
    ...['xmpp', 'storage'].map((l) => up(l, 'What draws a feature uses only the store and the model.')),
  ),
};
const xmppLayer = [
  up('features', 'src/xmpp must not depend on features.'),
  up('storage', 'src/xmpp must not depend on src/storage.'),
  up('store', 'src/xmpp must not depend on the store.'),
  up('components', 'src/xmpp must not depend on components.'),
];

// innerHTML & co. bypass Lit's escaping.
const noHtmlSinks = [
  'error',
  {
    selector: "AssignmentExpression[left.type='MemberExpression'][left.property.name=/^(innerHTML|outerHTML)$/]",
    message: 'Do not assign innerHTML/outerHTML: render with Lit templates (they escape text).',
  },
  {
    selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
    message: 'Do not use insertAdjacentHTML: render with Lit templates.',
  },
  {
    selector: "CallExpression[callee.object.name='document'][callee.property.name=/^(write|writeln)$/]",
    message: 'Do not use document.write.',
  },
];

export default defineConfig(
  {
    ignores: ['dist/', 'node_modules/', '.prosody/', 'coverage/', 'test-results/', 'playwright-report/', '**/*.d.ts'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'demo/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['demo/**/*.js', 'demo/**/*.mjs'],
    languageOptions: { globals: { ...browserGlobals } },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // tests poke at internals and stanzas
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // chai: expect(x).to.be.true
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  // ---- src: HTML sinks + layer boundaries --------------------------------------------------------
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': noHtmlSinks,
      'no-restricted-imports': restrict(),
    },
  },
  Object.entries(LAYER_RULES).map(([glob, r]) => ({ files: [glob], rules: { 'no-restricted-imports': r } })),
  Object.entries(FEATURE_RULES).map(([glob, r]) => ({ files: [glob], rules: { 'no-restricted-imports': r } })),
  {
    files: ['src/xmpp/**'],
    ignores: ['src/xmpp/session.ts'],
    rules: { 'no-restricted-imports': restrict(...xmppLayer, xmppClient) },
  },
  {
    files: ['src/xmpp/session.ts'],
    rules: { 'no-restricted-imports': restrict(...xmppLayer) },
  },
);
