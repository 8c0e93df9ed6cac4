import { fileURLToPath } from 'node:url';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { defineConfig, type Plugin } from 'vite';
import { checkBudgets, readBudgets } from './bench/lib/size.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));

// After writing dist/, the build checks budgets.json: the first load and every lazy chunk, from the manifest.
const budgets: Plugin = {
  name: 'xmpp-chat-budgets',
  apply: 'build',
  closeBundle() {
    const result = checkBudgets(`${root}dist`, readBudgets(root));
    for (const chunk of result.chunks) this.info(`${chunk.name}: ${chunk.gzip} B gzip (budget ${chunk.budget ?? 'none'})`);
    if (result.first) this.info(`first load: ${result.first.total.gzip} B gzip`);
    if (result.launcher) this.info(`loader ${result.launcher.file}: ${result.launcher.gzip} B gzip (budget ${result.launcher.budget})`);
    if (!result.ok) this.error(`size budgets (budgets.json):\n  ${result.problems.join('\n  ')}`);
  },
};

// `npm run build`: library build of src/index.ts into one minified ES module with lit, xmpp.js and idb inside,
// and lazy chunks beside it that it fetches relative to itself (import()) when a feature is first used:
//   dist/xmpp-chat.js, dist/<chunk>-<hash>.js, source maps, dist/.vite/manifest.json
//   then tsc -p tsconfig.build.json -> dist/types/
// Embed with <script type="module" src=".../xmpp-chat.js"></script>; copy all of dist/.
//
// `npm run dev` / `npm start`: dev server on 127.0.0.1 serving index.html and demo/*.html.
// `vite build --mode launcher`: the loader, dist/xmpp-chat-launcher.js, on its own, without Lit. Its one import,
// the full widget, stays a relative import of dist/xmpp-chat.js, built next (and it empties dist/ first).
const launcher = {
  plugins: [
    {
      name: 'xmpp-chat-launcher-widget',
      enforce: 'pre' as const,
      resolveId: (source: string, importer?: string) =>
        source === '../../index.js' && importer?.includes('/src/components/launcher/') ? { id: './xmpp-chat.js', external: true } : null,
    },
  ],
  build: {
    lib: { entry: 'src/components/launcher/index.ts', formats: ['es' as const], fileName: () => 'xmpp-chat-launcher.js' },
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    copyPublicDir: false,
    minify: 'terser' as const,
    terserOptions: { module: true, compress: { passes: 2 } },
    rolldownOptions: { output: { minify: true } },
  },
};

// ltx's SAX parser (src/xmpp/sax-parser.ts) is a lazy chunk; the first load has the event emitter and the XML
// escapes it imports too. The bundler then splits those two into a chunk of their own that the first load
// imports (rolldown#10731), which costs the first load over 600 B gzip: the parser gets copies of them instead.
const saxParserOwnCopies: Plugin = {
  name: 'xmpp-chat-sax-parser-copies',
  enforce: 'pre',
  async resolveId(source, importer) {
    if (!importer || !/ltx[\\/]src[\\/]parsers[\\/]ltx\.js$/.test(importer)) return null;
    if (source === 'events') return `${fileURLToPath(new URL('src/xmpp/emitter.ts', import.meta.url))}?sax`;
    if (source === '../escape.js') return `${fileURLToPath(new URL('node_modules/ltx/src/escape.js', import.meta.url))}?sax`;
    return null;
  },
};

export default defineConfig(({ mode }) => (mode === 'launcher' ? launcher : {
  // The html`` and css`` templates of the elements lose their indentation and comments in the build.
  plugins: [{ ...minifyHtmlLiterals({ include: 'src/**/*.ts', failOnError: true }), apply: 'build' }, { ...saxParserOwnCopies, apply: 'build' }, budgets],
  resolve: {
    // Small ES modules of ours where xmpp.js would bring a polyfill or CommonJS along: Node's EventEmitter
    // (four methods of it) and koa-compose.
    alias: [
      { find: /^events$/, replacement: fileURLToPath(new URL('src/xmpp/emitter.ts', import.meta.url)) },
      // xmpp.js's JID objects come from our JID module (src/xmpp/jid.ts), the one the widget validates with.
      { find: /^@xmpp\/jid$/, replacement: fileURLToPath(new URL('src/xmpp/jid.ts', import.meta.url)) },
      // @xmpp/xml's own index attaches ltx's parser and unescaping to its default export: ours has the rest.
      { find: /^@xmpp\/xml$/, replacement: fileURLToPath(new URL('src/xmpp/xml.ts', import.meta.url)) },
      { find: /^koa-compose$/, replacement: fileURLToPath(new URL('src/xmpp/compose.ts', import.meta.url)) },
      // @xmpp/xml imports ltx's CommonJS build; its ES module sources need no CommonJS wrappers.
      { find: /^ltx\/lib\//, replacement: 'ltx/src/' },
      // One WebSocket frame is one whole element (RFC 7395): the browser's XML parser reads it, so ltx's
      // incremental parser stays out of the bundle (@xmpp/xml's Parser, @xmpp/websocket's FramedParser).
      { find: /^\.\/(bind2|sasl2)\.js$/, replacement: fileURLToPath(new URL('src/xmpp/no-sasl2.ts', import.meta.url)) },
      { find: /^\.\/(lib\/Parser|FramedParser)\.js$/, replacement: fileURLToPath(new URL('src/xmpp/frame-parser.ts', import.meta.url)) },
    ],
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    strictPort: true,
  },
  build: {
    lib: {
      entry: 'src/index.ts',
      formats: ['es'],
      fileName: () => 'xmpp-chat.js',
    },
    outDir: 'dist',
    // The loader was built into dist/ just before (`npm run build`).
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    // dist/.vite/manifest.json: which chunk is the entry, which are lazy, and what each imports.
    manifest: true,
    copyPublicDir: false,
    // Terser (two passes) and then the bundler's own minifier: 399 B gzip less on the first load than the
    // bundler's alone (40,084 against 39,685 when measured).
    minify: 'terser',
    terserOptions: { module: true, compress: { passes: 3, pure_getters: true } },
    rolldownOptions: {
      // Lazy chunks import what they share with the entry from the entry itself: one file for the first
      // load, not the entry plus a common chunk (lib mode would otherwise keep the entry's exports exact).
      preserveEntrySignatures: 'allow-extension',
      output: { minify: true },
    },
  },
}));
