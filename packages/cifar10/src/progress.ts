import { formatDuration } from '@aug/internal';
import type { TerminalStream } from '@aug/internal/types';
/**
 * Progress of a download, as passed to `onProgress`.
 *
 * @example
 * ```ts
 * downloadCifar10({ onProgress: (p) => console.log(`${p.receivedBytes}/${p.totalBytes}`) });
 * ```
 */
export interface DownloadProgress {
  url: string;
  /** Bytes in the local file so far (including a resumed part). */
  receivedBytes: number;
  /** Full size, when the server said. */
  totalBytes: number | undefined;
  /** Bytes per second over this run. */
  bytesPerSecond: number;
  /** Seconds left at the current rate, when the total is known. */
  etaSeconds: number | undefined;
}

/** Where the built-in reporter writes: `'auto'` is a bar on a TTY and a few lines otherwise. */
export type ProgressMode = 'auto' | 'bar' | 'lines' | false;

/**
 * A writable text sink (`process.stdout` by default).
 * @deprecated Use `TerminalStream` (the one stream type of every @aug package); this alias goes in 0.2.
 * @example `downloadCifar10({ progressOutput: { write: (s) => log.push(s), isTTY: false } })`
 */
export type TextSink = TerminalStream;

/** Formats a byte count as `12.3 MB`. @example `formatBytes(1536) // '1.5 kB'` */
export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/**
 * One line of the terminal bar: `[######------]  45.0%  73.1 MB / 162.6 MB  5.2 MB/s  ETA 0:17`.
 *
 * @example
 * ```ts
 * renderBar({ url, receivedBytes: 50, totalBytes: 100, bytesPerSecond: 10, etaSeconds: 5 }, 20);
 * ```
 */
export function renderBar(p: DownloadProgress, width = 30): string {
  const rate = `${formatBytes(p.bytesPerSecond)}/s`;
  if (p.totalBytes === undefined || p.totalBytes === 0) return `${formatBytes(p.receivedBytes)}  ${rate}`;
  const frac = Math.min(1, p.receivedBytes / p.totalBytes);
  const filled = Math.round(frac * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  return `${bar} ${(frac * 100).toFixed(1).padStart(5)}%  ${formatBytes(p.receivedBytes)} / ${formatBytes(p.totalBytes)}  ${rate}  ETA ${formatDuration(p.etaSeconds)}`;
}

/**
 * A reporter for {@link downloadCifar10}: redraws a bar in place (at most 10 times a second) on a
 * TTY, or prints a plain line at 0, 25, 50, 75 and 100% otherwise.
 *
 * @example
 * ```ts
 * const r = createProgressReporter('auto', process.stdout);
 * r.update(progress); r.done(progress);
 * ```
 */
export function createProgressReporter(mode: ProgressMode, out: TerminalStream): { update(p: DownloadProgress): void; done(p: DownloadProgress): void } {
  const bar = mode === 'bar' || (mode === 'auto' && out.isTTY === true);
  let lastDraw = 0;
  let nextQuarter = 0;
  return {
    update(p) {
      if (mode === false) return;
      if (bar) {
        const now = Date.now();
        if (now - lastDraw < 100) return;
        lastDraw = now;
        out.write(`\r${renderBar(p)}\u001b[K`);
        return;
      }
      const pct = p.totalBytes ? (p.receivedBytes / p.totalBytes) * 100 : 0;
      if (pct >= nextQuarter && nextQuarter < 100) {
        out.write(`downloading ${p.url}: ${renderBar(p, 0).replace('[] ', '')}\n`);
        while (nextQuarter <= pct) nextQuarter += 25;
      }
    },
    done(p) {
      if (mode === false) return;
      out.write(bar ? `\r${renderBar(p)}\u001b[K\n` : `downloaded ${p.url}: ${formatBytes(p.receivedBytes)}\n`);
    },
  };
}
