import { defineConfig } from 'vitest/config';

// AUG_VITEST_JSON_DIR (set by .ci/run) adds a JSON report that .ci/run sums into one "N passed, N failed" line.
const jsonDir = process.env.AUG_VITEST_JSON_DIR;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // one file at a time (the end-to-end test builds the site and drives Chromium: heavy on 2 cores)
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    reporters: jsonDir ? ['default', ['json', { outputFile: `${jsonDir}/browser-example.json` }]] : ['default'],
  },
});
