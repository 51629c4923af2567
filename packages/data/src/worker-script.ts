import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WorkerError } from './errors.js';

/**
 * The built worker entry (`dist/worker.js`): next to this module once bundled, or in `../dist/` when
 * running from TypeScript sources (tests). Throws a `WorkerError` with the fix when the package has not been built.
 *
 * @example
 * ```ts
 * new Piscina({ filename: workerScript() });
 * ```
 */
export function workerScript(): string {
  const candidates = [new URL('./worker.js', import.meta.url), new URL('../dist/worker.js', import.meta.url)].map((u) => fileURLToPath(u));
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new WorkerError(
      `DataLoader: the worker script was not found (looked for ${candidates.join(' and ')}). Build @aug/data (pnpm -F @aug/data build) or use numWorkers: 0.`,
    );
  }
  return found;
}
