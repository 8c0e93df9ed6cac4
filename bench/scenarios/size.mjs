// Scenario 1: bytes of the build (raw, gzip -9, brotli), against the floor: lit + @xmpp/client + idb with one
// trivial element, built the same way. Sizes are deterministic: one "run" each.
import { join } from 'node:path';
import { checkBudgets, measure, readBudgets, shippedFiles } from '../lib/size.mjs';
import { meets, row } from '../lib/report.mjs';

/** `visited`: paths under /dist/ a widget page actually fetched in scenario 2 (a working chat's first visit). */
export function sizeRows({ root, buildDir, visited = [] }) {
  const dist = join(root, 'dist');
  const all = measure(dist, shippedFiles(dist));
  const budgets = readBudgets(root);
  const checked = checkBudgets(dist, budgets);
  const first = checked.first ?? measure(dist, []);
  const floor = measure(buildDir, ['size-floor.js']);
  const target = { op: '<=', value: budgets.firstLoad, text: `≤ ${budgets.firstLoad.toLocaleString('en-US')} B gzip` };
  const base = { id: '1', scenario: 'Size' };
  const rows = [];
  for (const kind of ['gzip', 'raw', 'brotli']) {
    const isTarget = kind === 'gzip';
    rows.push(
      row({
        ...base,
        figure: `first load (${first.files.map((f) => f.file).join(', ')}), ${{ gzip: 'gzip -9', raw: 'raw', brotli: 'brotli q11' }[kind]}`,
        unit: 'B',
        samples: [first.total[kind]],
        floorSamples: [floor.total[kind]],
        value: first.total[kind] / floor.total[kind],
        valueUnit: '×',
        target: isTarget ? target : undefined,
        met: isTarget ? meets(first.total.gzip, target) : undefined,
        note: isTarget ? `all of dist/: ${all.total.gzip.toLocaleString('en-US')} B gzip; result = ×floor` : '',
      }),
    );
  }
  for (const chunk of checked.chunks) {
    const chunkTarget = { op: '<=', value: chunk.budget ?? 0, text: `≤ ${(chunk.budget ?? 0).toLocaleString('en-US')} B gzip` };
    rows.push(
      row({
        ...base,
        figure: `lazy chunk ${chunk.name} (${chunk.file}), gzip -9`,
        unit: 'B',
        samples: [chunk.gzip],
        value: chunk.gzip,
        valueUnit: 'B',
        target: chunkTarget,
        met: meets(chunk.gzip, chunkTarget),
      }),
    );
  }
  const fetched = [...new Set(visited)].filter((file) => all.files.some((f) => f.file === file));
  if (fetched.length) {
    const visit = measure(dist, fetched);
    rows.push(
      row({
        ...base,
        figure: `what a first visit fetched (${fetched.join(', ')}), gzip -9`,
        unit: 'B',
        samples: [visit.total.gzip],
        floorSamples: [floor.total.gzip],
        value: visit.total.gzip / floor.total.gzip,
        valueUnit: '×',
        target,
        met: meets(visit.total.gzip, target),
      }),
    );
  }
  return { rows, detail: { all, first, floor } };
}
