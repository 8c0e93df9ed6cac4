// Builds a bench entry exactly like the widget (vite.config.ts: ES library, es2022, minified), elsewhere.
import { join } from 'node:path';
import { build } from 'vite';

export async function buildLike(root, entry, outDir, fileName) {
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'error',
    build: {
      lib: { entry: join(root, entry), formats: ['es'], fileName: () => fileName },
      outDir,
      emptyOutDir: false,
      sourcemap: false,
      copyPublicDir: false,
    },
  });
  return join(outDir, fileName);
}
