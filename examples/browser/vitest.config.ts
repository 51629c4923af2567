import { testConfig } from '../../vitest.shared.mjs';

// One file at a time in child processes (the end-to-end test builds the site and drives Chromium: heavy on
// 2 cores), 300 s timeouts; JSON report browser-example.json in $AUG_VITEST_JSON_DIR (vitest.shared.mjs).
export default testConfig({ report: 'browser-example', forks: true, timeout: 300_000 });
