import { defineConfig } from 'vitest/config';

// AUG_VITEST_JSON_DIR (set by .ci/run) adds a JSON report that .ci/run sums into one "N passed, N failed" line.
const jsonDir = process.env.AUG_VITEST_JSON_DIR;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: jsonDir ? ['default', ['json', { outputFile: `${jsonDir}/detection-augmentation.json` }]] : ['default'],
  },
});
