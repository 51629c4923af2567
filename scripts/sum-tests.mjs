#!/usr/bin/env node
// Sums the vitest JSON reports that the packages' vitest configs write when AUG_VITEST_JSON_DIR is set,
// and prints one plain line "N passed, N failed" (plus skipped) for CI. Exits 1 when a test failed,
// when a package's report is missing, when a CI step failed (AUG_CI_FAILED_STEPS, space-separated names
// such as "lint doc-test"; each counts as one failure) or when no test ran at all.
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
const expected = (process.argv[3] ?? '').split(',').filter(Boolean);
if (!dir || !fs.existsSync(dir)) {
  console.error(`sum-tests: report folder ${dir ?? '(none given)'} does not exist: did the test command run?`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
let passed = 0;
let failed = 0;
let skipped = 0;
const seen = [];
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  seen.push(path.basename(file, '.json'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A suite that failed to load (syntax error, missing module) has no failed *tests*: count it.
  for (const suite of report.testResults ?? []) {
    if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed += 1;
  }
  console.error(`sum-tests: ${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
const missing = expected.filter((name) => !seen.includes(name));
if (missing.length > 0) {
  console.error(`sum-tests: no report from ${missing.join(', ')}: its test run did not finish`);
  failed += missing.length;
}
const failedSteps = (process.env.AUG_CI_FAILED_STEPS ?? '').split(/\s+/).filter(Boolean);
for (const step of failedSteps) console.error(`sum-tests: CI step "${step}" failed (counted as one failure)`);
failed += failedSteps.length;
if (passed + failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
