import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The WebGPU benchmark (bench/webgpu-step.test.ts) runs through vitest (it imports the TypeScript sources)
// but only from `pnpm -F @aug/backend bench:webgpu`, never with the package's tests (vitest.config.ts
// includes test/ only). One file, in a child process, with the hour a lavapipe step may take.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['bench/**/*.test.ts'],
    setupFiles: ['@aug/test-utils/setup'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 3_600_000,
    hookTimeout: 300_000,
  },
});
