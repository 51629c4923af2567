import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created: string[] = [];

/**
 * A fresh temporary folder, removed by {@link removeTempDirs} (the shared setup calls it after each test file).
 *
 * @example
 * ```ts
 * const root = tempDir('aug-cifar10-');
 * ```
 */
export function tempDir(prefix = 'aug-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/**
 * Removes every folder {@link tempDir} made so far.
 *
 * @example
 * ```ts
 * afterAll(() => removeTempDirs());
 * ```
 */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
