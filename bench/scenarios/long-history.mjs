// Scenario 3 (long history) and 7b (heap after it): 100,000 messages in one conversation in IndexedDB, then
// open it: time until the newest page is painted, message nodes in the DOM, then scroll back through 10,000
// messages and record the longest main-thread task.
//
// Not measurable until the widget keeps history in IndexedDB and the bench can fill it; the rows say so, with
// the targets, rather than print numbers that would not be about the widget.
import { notMeasured } from '../lib/report.mjs';

export function longHistory() {
  const need = 'message history in IndexedDB (src/storage) read page by page, a virtualized message log, and a way for the bench to fill the store (see bench/README.md)';
  return {
    rows: [
      notMeasured({ id: '3', scenario: 'Long history', figure: 'open 100,000-message chat → newest page painted', target: { text: '≤ 100 ms' }, need }),
      notMeasured({ id: '3', scenario: 'Long history', figure: 'message nodes in the DOM, any history length', target: { text: '≤ 300' }, need }),
      notMeasured({ id: '3', scenario: 'Long history', figure: 'longest task, scrolling back 10,000 messages', target: { text: '≤ 50 ms' }, need }),
      notMeasured({ id: '7b', scenario: 'Memory', figure: 'JS heap after GC, after scenario 3', target: { text: '≤ 30 MB' }, need: 'scenario 3' }),
    ],
  };
}
