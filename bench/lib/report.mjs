// The bench's table and JSON.
import { summarize } from './stats.mjs';

const fmt = {
  ms: (v) => `${v >= 100 ? Math.round(v) : v.toFixed(1)} ms`,
  B: (v) => `${Math.round(v).toLocaleString('en-US')} B`,
  MB: (v) => `${(v / 1e6).toFixed(2)} MB`,
  '×': (v) => `${v.toFixed(2)}×`,
  '%': (v) => `${(v * 100).toFixed(1)} %`,
  n: (v) => `${Math.round(v).toLocaleString('en-US')}`,
};

export function format(value, unit) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return (fmt[unit] ?? ((v) => `${v} ${unit}`))(value);
}

function spread(stats, unit) {
  if (!stats || stats.n === 0) return '–';
  const median = format(stats.median, unit);
  return stats.n > 1 ? `${median} [${format(stats.min, unit)}–${format(stats.max, unit)}] n=${stats.n}` : median;
}

/**
 * One line of the table. `samples` are the widget's runs, `floorSamples` the floor's or baseline's in the same
 * run; `value` is what the target is about (often a ratio of the two medians); `met` is true, false, or null
 * for "not measured", undefined for a figure without a target ("info").
 */
export function row({ id, scenario, figure, unit, samples = [], floorSamples = [], floorLabel = 'floor', value = null, valueUnit = unit, target, met, note = '' }) {
  const stats = samples.length ? summarize(samples) : null;
  const floor = floorSamples.length ? summarize(floorSamples) : null;
  return { id, scenario, figure, unit, samples, stats, floorLabel, floorSamples, floor, value, valueUnit, target, met, note };
}

export function notMeasured({ id, scenario, figure, target, need }) {
  return row({ id, scenario, figure, unit: '', target, met: null, note: `not measured: needs ${need}` });
}

/** Pass/fail against a target { op: '<=' | '>=', value }. */
export function meets(value, target) {
  if (value === null || Number.isNaN(value)) return null;
  return target.op === '<=' ? value <= target.value : value >= target.value;
}

export function printTable(rows, out = console.log) {
  const header = ['#', 'scenario', 'figure', 'median [min–max] n', 'floor / baseline', 'result', 'target', 'met'];
  const lines = rows.map((r) => [
    r.id,
    r.scenario,
    r.figure,
    spread(r.stats, r.unit),
    r.floor ? `${r.floorLabel}: ${spread(r.floor, r.unit)}` : '',
    format(r.value, r.valueUnit),
    r.target?.text ?? '–',
    r.met === null ? 'not measured' : r.met === undefined ? 'info' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const render = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' │ ').trimEnd();
  out(render(header));
  out(widths.map((w) => '─'.repeat(w)).join('─┼─'));
  for (const [i, line] of lines.entries()) {
    out(render(line));
    if (rows[i].note) out(`${' '.repeat(widths[0])} │   ↳ ${rows[i].note}`);
  }
}
