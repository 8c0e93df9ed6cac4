// Summary statistics for repeated runs.

/** The q-quantile (0..1) of numbers, linear between closest ranks. */
export function quantile(values, q) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** { n, median, min, max, q1, q3 } of the finite numbers in `values`. */
export function summarize(values) {
  const finite = values.filter((v) => Number.isFinite(v));
  return {
    n: finite.length,
    median: quantile(finite, 0.5),
    min: finite.length ? Math.min(...finite) : NaN,
    max: finite.length ? Math.max(...finite) : NaN,
    q1: quantile(finite, 0.25),
    q3: quantile(finite, 0.75),
  };
}

export const median = (values) => quantile(values, 0.5);
