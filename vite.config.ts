import { fileURLToPath } from 'node:url';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { defineConfig } from 'vite';

// `npm run build`: library build of src/index.ts into ONE self-contained, minified ES module
// (lit, @xmpp/client, idb bundled in) plus a source map:
//   dist/xmpp-chat.js, dist/xmpp-chat.js.map        then tsc -p tsconfig.build.json -> dist/types/
// Embed with <script type="module" src=".../xmpp-chat.js"></script>.
//
// `npm run dev` / `npm start`: dev server on 127.0.0.1 serving index.html and demo/*.html.
export default defineConfig({
  // The html`` and css`` templates of the elements lose their indentation and comments in the build.
  plugins: [{ ...minifyHtmlLiterals({ include: 'src/**/*.ts', failOnError: true }), apply: 'build' }],
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
    target: 'es2022',
    sourcemap: true,
    copyPublicDir: false,
    // Vite's lib mode keeps whitespace in ES output; minify the embeddable file fully.
    rolldownOptions: {
      // Lazy chunks import what they share with the entry from the entry itself: one file for the first
      // load, not the entry plus a common chunk (lib mode would otherwise keep the entry's exports exact).
      preserveEntrySignatures: 'allow-extension',
      output: { minify: true },
    },
  },
});
