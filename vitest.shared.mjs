// The one vitest config of every package and example (each vitest.config.ts is a call of testConfig), so
// the shared choices live here once:
// - AUG_VITEST_JSON_DIR (set by .ci/run) adds a JSON report `<report>.json` there, which .ci/run sums into
//   one "N passed, N failed" line (scripts/sum-tests.mjs; its list of expected reports is .ci/run's last line).
// - TFJS_SUITE, chosen to pass on a busy 2-core machine (turbo runs every package's suite at once): one
//   test file at a time, each in its own child process (a native crash stays there, tfjs globals never
//   leak between files), timeouts several times the unloaded durations, and @aug/test-utils' setup.
import { defineConfig } from 'vitest/config';

/** The settings of a tfjs-heavy package suite (see the header). Spread it into {@link testConfig}'s options. */
export const TFJS_SUITE = Object.freeze({
  setupFiles: ['@aug/test-utils/setup'],
  forks: true,
  timeout: 300_000,
  teardownTimeout: 60_000,
});

/**
 * A package's vitest config.
 *
 * @param {object} options
 * @param {string} options.report the JSON report's name in $AUG_VITEST_JSON_DIR (without `.json`)
 * @param {string[]} [options.setupFiles] vitest setup files
 * @param {boolean} [options.forks] one file at a time, each in its own child process
 * @param {number} [options.timeout] test and hook timeout in ms (default: vitest's)
 * @param {number} [options.teardownTimeout] teardown timeout in ms (default: vitest's)
 * @param {string} [options.root] the project root (default: the folder vitest runs in)
 * @param {string[]} [options.include] test files (default `test/**\/*.test.ts`)
 * @returns {import('vitest/config').UserConfig}
 * @example
 * // packages/backend/vitest.config.ts
 * import { testConfig, TFJS_SUITE } from '../../vitest.shared.mjs';
 * export default testConfig({ report: 'backend', ...TFJS_SUITE });
 */
export function testConfig({ report, setupFiles, forks = false, timeout, teardownTimeout, root, include = ['test/**/*.test.ts'] }) {
  if (typeof report !== 'string' || report === '') throw new TypeError(`testConfig: report must be the JSON report's name, got ${String(report)}`);
  const jsonDir = process.env.AUG_VITEST_JSON_DIR;
  return defineConfig({
    ...(root === undefined ? {} : { root }),
    test: {
      include,
      ...(setupFiles === undefined ? {} : { setupFiles }),
      ...(forks ? { pool: 'forks', fileParallelism: false } : {}),
      ...(timeout === undefined ? {} : { testTimeout: timeout, hookTimeout: timeout }),
      ...(teardownTimeout === undefined ? {} : { teardownTimeout }),
      reporters: jsonDir ? ['default', ['json', { outputFile: `${jsonDir}/${report}.json` }]] : ['default'],
    },
  });
}
