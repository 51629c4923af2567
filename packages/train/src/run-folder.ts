import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { fsAdvice } from '@aug/internal';
import { acquireFileLock } from '@aug/internal/node';
import { FolderNotWritableError, RunLockedError } from './errors.js';

/** The lock file a run keeps in its folder while it runs. */
export const RUN_LOCK_FILE = '.run.lock';

/** Kernel pseudo-file systems: Node's recursive `mkdir` can spin there, and nothing belongs there. */
const PSEUDO_FILE_SYSTEMS = ['/proc', '/sys'];

/**
 * A run's hold on its folder, from {@link acquireRunLock}.
 * @example `const lock = await acquireRunLock('runs/a'); try { ... } finally { await lock.release(); }`
 */
export interface RunLock {
  /** The folder (absolute). */
  readonly folder: string;
  /** Removes the lock file (only if it is still this run's). */
  release(): Promise<void>;
}

/**
 * Creates `folder` if needed and checks that it can be written, before any work: a path under `/proc`
 * or `/sys`, a read-only file system (EROFS), no permission (EACCES), a full disk (ENOSPC) or a file in
 * its place is a {@link FolderNotWritableError} naming the folder, `what` it is, and the fix.
 *
 * @param what - how the folder is named in the message, e.g. `'checkpointDir'` or `'--out'`
 * @example `await assertWritableFolder('runs/a', 'checkpointDir')`
 */
export async function assertWritableFolder(folder: string, what: string): Promise<string> {
  const abs = resolve(folder);
  const pseudo = PSEUDO_FILE_SYSTEMS.find((p) => abs === p || abs.startsWith(p + sep));
  if (pseudo !== undefined || !isAbsolute(abs)) {
    throw new FolderNotWritableError(abs, `${what} ${abs} is under ${pseudo}, a kernel pseudo-file system that holds no files of yours; choose a folder on a disk`);
  }
  const probe = join(abs, `.write-probe-${process.pid}`);
  if ((await stat(abs).catch(() => null))?.isDirectory() === false) {
    throw new FolderNotWritableError(abs, `${what} ${abs} is a file, not a folder; pass a folder path (it is created if missing). Nothing was trained`);
  }
  try {
    await mkdir(abs, { recursive: true });
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    throw new FolderNotWritableError(abs, `${what} ${abs} cannot be written: ${fsAdvice(error, `a ${what}`)}. Nothing was trained`, { cause: error });
  }
  return abs;
}

/**
 * Takes the run lock of `folder` (`<folder>/.run.lock`, holding this process's pid and start time),
 * after {@link assertWritableFolder}. Another live process holding it is a {@link RunLockedError}
 * naming its pid; a lock left by a process that no longer runs, or an empty or garbled one, is taken
 * over. `train()` takes it on its `checkpointDir`; a program that writes more into a run folder
 * (curves, a summary) takes it on that folder first. Node only.
 *
 * @param what - how the folder is named in messages (default `'folder'`)
 * @example
 * ```ts
 * const lock = await acquireRunLock('runs/a', '--out');
 * try { await train(...); } finally { await lock.release(); }
 * ```
 */
export async function acquireRunLock(folder: string, what = 'folder'): Promise<RunLock> {
  const abs = await assertWritableFolder(folder, what);
  const file = join(abs, RUN_LOCK_FILE);
  const lock = await acquireFileLock(file);
  if (!lock.acquired) {
    const { pid, createdAt } = lock.holder;
    throw new RunLockedError(
      file,
      pid,
      `${what} ${abs} is in use by another run (pid ${pid}, started ${createdAt}; it holds ${file}). ` +
        `Two runs in one folder would mix their checkpoints and metrics: wait for pid ${pid} to finish or stop it, or choose another ${what}. ` +
        `If no process ${pid} runs, delete ${file}`,
    );
  }
  return { folder: abs, release: lock.release };
}
