// The browser build's run folders: a page has no folders, so the functions throw a CheckpointError that
// says so (train() calls them only with a checkpointDir).
import { CheckpointError } from './errors.js';

export const RUN_LOCK_FILE = '.run.lock';

/**
 * A run's hold on its folder (Node only).
 * @example `const lock = await acquireRunLock('runs/a'); await lock.release();`
 */
export interface RunLock {
  readonly folder: string;
  release(): Promise<void>;
}

/**
 * Throws in a browser: folders need Node's file system.
 * @example `await assertWritableFolder('runs/a', 'checkpointDir') // throws in a page`
 */
export async function assertWritableFolder(folder: string, what: string): Promise<string> {
  throw new CheckpointError(`${what} ${folder}: folders need Node's file system; in a browser, train without a checkpointDir`);
}

/**
 * Throws in a browser: folders need Node's file system.
 * @example `await acquireRunLock('runs/a') // throws in a page`
 */
export async function acquireRunLock(folder: string, what = 'folder'): Promise<RunLock> {
  return assertWritableFolder(folder, what).then(() => ({ folder, release: async () => {} }));
}
