import { build } from 'vite';
import { gzipSync } from 'node:zlib';
import { readFileSync, readdirSync } from 'node:fs';
for (const name of ['base', 'both', 'floor']) {
  await build({ root: '/work/main', logLevel: 'silent', configFile: false, build: { outDir: `/tmp/vsize/out-${name}`, emptyOutDir: true, target: 'es2022',
    lib: { entry: `/work/main/.tmp-vsize/${name}.js`, formats: ['es'], fileName: () => 'x.js' }, rolldownOptions: { output: { minify: true } } } });
  const files = readdirSync(`/tmp/vsize/out-${name}`).filter(f => f.endsWith('.js'));
  let raw = 0, gz = 0;
  for (const f of files) { const b = readFileSync(`/tmp/vsize/out-${name}/${f}`); raw += b.length; gz += gzipSync(b, { level: 9 }).length; }
  console.log(name, files, raw, gz);
}
