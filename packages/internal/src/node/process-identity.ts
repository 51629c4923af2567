import { readFileSync } from 'node:fs';

/**
 * When process `pid` started, as an opaque number that is the same for every read while that process
 * runs and differs for a later process that reuses the pid: the `starttime` field of
 * `/proc/<pid>/stat` (clock ticks since boot) on Linux, `null` elsewhere or when it cannot be read.
 *
 * @example
 * ```ts
 * processStartTime(process.pid); // 1234567 on Linux, null on macOS
 * ```
 */
export function processStartTime(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command) is in parentheses and may hold spaces: count fields after its last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const value = Number(rest[19]); // field 22 overall; rest[0] is field 3
    return Number.isSafeInteger(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Whether a process with this pid runs now (a pid signalled without permission, `EPERM`, runs too).
 *
 * @example
 * ```ts
 * processAlive(process.pid); // true
 * ```
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
