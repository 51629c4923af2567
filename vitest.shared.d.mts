import type { UserConfig } from 'vitest/config';

/** Options of {@link testConfig}. */
export interface TestConfigOptions {
  /** The JSON report's name in $AUG_VITEST_JSON_DIR (without `.json`). */
  report: string;
  /** Vitest setup files. */
  setupFiles?: string[];
  /** One file at a time, each in its own child process. */
  forks?: boolean;
  /** Test and hook timeout in ms. */
  timeout?: number;
  /** Teardown timeout in ms. */
  teardownTimeout?: number;
  /** The project root. */
  root?: string;
  /** Test files (default `test/**\/*.test.ts`). */
  include?: string[];
}
/** The settings of a tfjs-heavy package suite: @aug/test-utils' setup, forks, 300 s timeouts. */
export const TFJS_SUITE: Readonly<Omit<TestConfigOptions, 'report'>>;
/** A package's vitest config (JSON report to $AUG_VITEST_JSON_DIR/<report>.json when set). */
export function testConfig(options: TestConfigOptions): UserConfig;
