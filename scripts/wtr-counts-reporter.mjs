// @web/test-runner reporter that adds to (does not replace) the default reporter:
//  - at the end, writes {"passed":N,"failed":N,"skipped":N,"files":N,"failedFiles":N} to
//    $WTR_COUNTS_FILE (when set), with the failed tests' names, so scripts/test.sh can add them to
//    its summary (the end of the output, which is what a CI log keeps);
//  - prints a short list of every failed test (and of files that failed without a test result,
//    e.g. an import error or an error thrown outside a test), AFTER all browser logs, so failures
//    are never buried under console output.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

function walk(suite, path, out) {
  if (!suite) return;
  for (const t of suite.tests ?? []) out.push({ name: [...path, t.name].join(' > '), test: t });
  for (const s of suite.suites ?? []) walk(s, [...path, s.name], out);
}

/** Tally the latest run of every test session. */
export function countSessions(sessions) {
  const counts = { passed: 0, failed: 0, skipped: 0, files: 0, failedFiles: 0 };
  const failures = [];
  for (const session of sessions) {
    counts.files += 1;
    const tests = [];
    walk(session.testResults, [], tests);
    let failedHere = 0;
    for (const { name, test } of tests) {
      if (test.skipped) counts.skipped += 1;
      else if (test.passed) counts.passed += 1;
      else {
        counts.failed += 1;
        failedHere += 1;
        failures.push(`${session.testFile} [${session.browser?.name ?? '?'}] ${name}: ${test.error?.message ?? 'failed'}`);
      }
    }
    // A file can fail with no failing test: syntax/import error, error outside a test,
    // timeout, 404 of a module. Count it as one failure so it can never pass silently.
    if (session.passed === false && failedHere === 0) {
      counts.failed += 1;
      const why = (session.errors ?? []).map((e) => e.message).join('; ') ||
        (session.request404s?.length ? `404: ${session.request404s.join(', ')}` : `status ${session.status}`);
      failures.push(`${session.testFile} [${session.browser?.name ?? '?'}] (file failed): ${why}`);
    }
    if (session.passed === false) counts.failedFiles += 1;
  }
  return { counts, failures };
}

export function countsReporter({ file = process.env.WTR_COUNTS_FILE } = {}) {
  let sessionManager;
  return {
    start({ sessions }) {
      sessionManager = sessions;
    },
    stop(args) {
      const sessions = args?.sessions ?? (sessionManager ? [...sessionManager.all()] : []);
      const { counts, failures } = countSessions(sessions);
      if (failures.length) {
        console.log(`\nFailed (${failures.length}):`);
        for (const f of failures) console.log(`  ✗ ${f}`);
      }
      console.log(`\nwtr: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${counts.files} files)`);
      if (file) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify({ ...counts, failures }) + '\n');
      }
    },
  };
}
