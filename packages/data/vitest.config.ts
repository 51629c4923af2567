import { defineConfig } from 'vitest/config';

// AUG_VITEST_JSON_DIR (set by .ci/run) adds a JSON report that .ci/run sums into one "N passed, N failed" line.
const jsonDir = process.env.AUG_VITEST_JSON_DIR;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['@aug/test-utils/setup'],
    // Chosen to pass on a busy 2-core machine (turbo runs every package's suite at once): one test file at a
    // time, each in its own child process (a native crash stays there, tfjs globals never leak between
    // files), and timeouts several times the unloaded durations.
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
    reporters: jsonDir ? ['default', ['json', { outputFile: `${jsonDir}/data.json` }]] : ['default'],
  },
});
