import { acquireFileLock } from '@aug/internal/node';
import { DownloadError, DownloadLockedError } from './errors.js';

/** The lock file that keeps two processes from downloading into one root at once. */
export const DOWNLOAD_LOCK_FILE = '.download.lock';

/**
 * Takes `<root>/.download.lock` for this download (`@aug/internal/node`'s `acquireFileLock`: pid,
 * process start time and host inside, written atomically). A lock left by a process that no longer
 * runs, or an empty or garbled one, is taken over at once; a live holder is waited for up to
 * `timeoutMs`, then a {@link DownloadLockedError} names its pid. An abort while waiting is a
 * {@link DownloadError}. Returns the release function.
 *
 * @example
 * ```ts
 * const release = await acquireDownloadLock(join(root, DOWNLOAD_LOCK_FILE), 600_000, signal, log, url);
 * try { ... } finally { await release(); }
 * ```
 */
export async function acquireDownloadLock(
  lockFile: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  log: (line: string) => void,
  url: string,
): Promise<() => Promise<void>> {
  let lock;
  try {
    lock = await acquireFileLock(lockFile, {
      timeoutMs,
      signal,
      onStale: (reason) => log(`downloadCifar10: ${lockFile}: ${reason}; taking it over`),
      onWait: (holder) => log(`downloadCifar10: another process (pid ${holder.pid}) is downloading into this folder; waiting for it (${lockFile})`),
    });
  } catch (cause) {
    if (signal?.aborted && cause === signal.reason) {
      throw new DownloadError(url, 0, undefined, `download of ${url} was cancelled while waiting for ${lockFile} (held by another process)`, { cause });
    }
    throw cause;
  }
  if (lock.acquired) return lock.release;
  throw new DownloadLockedError(
    lockFile,
    `another process (pid ${lock.holder.pid}) is downloading CIFAR-10 into the same folder and holds ${lockFile}; ` +
      `waited ${Math.round(timeoutMs / 1000)} s. Wait for it to finish, or, if no such process runs any more, delete ${lockFile} and run again.`,
  );
}
