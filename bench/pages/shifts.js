/* global window, PerformanceObserver */
// Layout shifts of the page from its first paint on (classic script, before anything else), for the bench.
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__shifts.push({ value: entry.value, hadRecentInput: entry.hadRecentInput });
}).observe({ type: 'layout-shift', buffered: true });
