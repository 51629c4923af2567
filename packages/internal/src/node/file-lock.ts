import { hostname } from 'node:os';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { processAlive, processStartTime } from './process-identity.js';

/**
 * Who holds a lock file, as written by {@link acquireFileLock}.
 * @example `{ pid: 4242, startTime: 918273, host: 'box', createdAt: '2026-12-04T00:20:00.000Z' }`
 */
export interface LockHolder {
  pid: number;
  /** The holder's {@link processStartTime} (null where the system does not tell it). */
  startTime: number | null;
  host: string;
  /** ISO time the lock was taken. */
  createdAt: string;
}

/**
 * Options of {@link acquireFileLock}.
 * @example `{ timeoutMs: 0 }` (fail at once when a live process holds the lock)
 */
export interface FileLockOptions {
  /** How long to wait for a live holder to release it (default 0: do not wait). */
  timeoutMs?: number;
  /** Polling interval while waiting, in ms (default 250). */
  pollMs?: number;
  /** Stops the wait: the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Called once when the lock is held by a live process and the call starts to wait. */
  onWait?: (holder: LockHolder) => void;
  /** Called when a stale lock is taken over, with why it was stale. */
  onStale?: (reason: string) => void;
}

/**
 * The outcome of {@link acquireFileLock}: the lock and its `release`, or (after the wait) the live
 * process that still holds it.
 * @example `if (!lock.acquired) throw new Error(\`held by pid ${lock.holder.pid}\`)`
 */
export type FileLock = { acquired: true; release: () => Promise<void> } | { acquired: false; holder: LockHolder };

/**
 * The holder written in a lock file, or null when the file is empty, truncated or garbled. The older
 * two-line format (`<pid>\n<ISO time>\n`, no start time) is read as a holder on this host.
 * @example `parseLockHolder('4242\n') // { pid: 4242, startTime: null, host: hostname(), createdAt: '' }`
 */
export function parseLockHolder(text: string): LockHolder | null {
  const legacy = /^([1-9]\d{0,9})\n(\S*)\n?$/.exec(text);
  if (legacy) return { pid: Number(legacy[1]), startTime: null, host: hostname(), createdAt: legacy[2] ?? '' };
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (v === null || typeof v !== 'object') return null;
    if (!Number.isSafeInteger(v.pid) || (v.pid as number) <= 0) return null;
    if (!(v.startTime === null || Number.isSafeInteger(v.startTime))) return null;
    if (typeof v.host !== 'string' || typeof v.createdAt !== 'string') return null;
    return v as LockHolder;
  } catch {
    return null;
  }
}

/**
 * Why the lock file's content no longer names a running holder (a string), or null when it does: an
 * empty or garbled file, a process that no longer runs, or a pid reused by a process that started later
 * than the holder. A lock from another host is never judged stale (its processes cannot be seen).
 * @example `staleReason('') // 'it is empty'`
 */
export function staleReason(text: string): string | null {
  const holder = parseLockHolder(text);
  if (holder === null) return text.trim() === '' ? 'it is empty' : 'its content is garbled';
  if (holder.host !== hostname()) return null;
  if (!processAlive(holder.pid)) return `it was left by process ${holder.pid}, which no longer runs`;
  const now = processStartTime(holder.pid);
  if (holder.startTime !== null && now !== null && now !== holder.startTime) {
    return `pid ${holder.pid} now belongs to a process that started later than the lock's holder`;
  }
  return null;
}

/** Makes this process's temporary names unique (two locks may be taken in the same millisecond). */
let attempts = 0;

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Takes the lock file `file` for this process: its content (pid, process start time, host, time) is
 * written to a temporary file first and hard-linked into place, so the lock file never exists empty or
 * half-written. A lock whose holder no longer runs (checked by pid and, on Linux, by the process's
 * start time, so a reused pid does not count), or whose content is empty or garbled, is stale and
 * taken over at once; a live holder is waited for up to `timeoutMs`, then reported. Node only.
 *
 * @example
 * ```ts
 * const lock = await acquireFileLock('runs/a/.run.lock');
 * if (!lock.acquired) throw new Error(`another run (pid ${lock.holder.pid}) uses runs/a`);
 * try { ... } finally { await lock.release(); }
 * ```
 */
export async function acquireFileLock(file: string, options: FileLockOptions = {}): Promise<FileLock> {
  const { timeoutMs = 0, pollMs = 250, signal } = options;
  const me: LockHolder = { pid: process.pid, startTime: processStartTime(process.pid), host: hostname(), createdAt: new Date().toISOString() };
  const mine = JSON.stringify(me) + '\n';
  const tmp = `${file}.${process.pid}.${++attempts}.${Date.now().toString(36)}.tmp`;
  const started = Date.now();
  let told = false;
  await writeFile(tmp, mine);
  try {
    for (;;) {
      try {
        await link(tmp, file);
        return { acquired: true, release: () => releaseIfMine(file, mine) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)));
      if (text === null) continue; // released meanwhile
      const reason = staleReason(text);
      if (reason !== null) {
        await takeOver(file, text);
        options.onStale?.(reason);
        continue;
      }
      const holder = parseLockHolder(text)!;
      if (Date.now() - started >= timeoutMs) return { acquired: false, holder };
      if (!told) {
        told = true;
        options.onWait?.(holder);
      }
      await sleep(pollMs, signal);
    }
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Removes a stale lock whose content is `stale`, without removing a fresh lock another process took meanwhile. */
async function takeOver(file: string, stale: string): Promise<void> {
  const aside = `${file}.${process.pid}.${++attempts}.stale`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => stale);
  // Another process replaced the stale lock between our read and our rename: put its lock back.
  if (moved !== stale) await link(aside, file).catch(() => undefined);
  await rm(aside, { force: true });
}

async function releaseIfMine(file: string, mine: string): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === mine) await rm(file, { force: true });
}
