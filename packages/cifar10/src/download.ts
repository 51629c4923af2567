import { existsSync, statSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { list as tarList } from 'tar';
import { checkOptions, describeValue, optionKeys } from '@aug/internal';
import { ChecksumError, CorruptDataError, DownloadError } from './errors.js';
import { acquireDownloadLock, DOWNLOAD_LOCK_FILE } from './download-lock.js';
import { extractArchive } from './extract.js';
import { ARCHIVE_NAME, CIFAR10_ARCHIVE_MD5, CIFAR10_URL, resolveRoot, BATCH_DIR } from './layout.js';
import { md5File } from './md5.js';
import { createProgressReporter, type DownloadProgress, type ProgressMode } from './progress.js';
import type { TerminalStream } from '@aug/internal/types';
import { checkManifest, layoutFiles, verifyFiles } from './verify.js';

/**
 * Options of {@link downloadCifar10}.
 */
export interface DownloadOptions {
  /** Where the archive and `cifar-10-batches-bin/` go. Default `$AUG_DATA_DIR`, else `data/CIFAR`. */
  root?: string;
  /** Archive URL. Default the official binary archive. */
  url?: string;
  /** The `fetch` to use (default the global one), e.g. one with a proxy agent. */
  fetch?: typeof globalThis.fetch;
  /** Called as bytes arrive. */
  onProgress?: (progress: DownloadProgress) => void;
  /** Cancels the download; the partial file stays as `*.part` (resumable, never taken for complete). */
  signal?: AbortSignal;
  /** Expected archive MD5 (default the official `c32a1d4a…`); `false` skips the check. */
  md5?: string | false;
  /** Retries after a network error or a 5xx/408/429 response (default 5). */
  retries?: number;
  /** First retry delay in ms, doubled each retry (default 1000). */
  retryDelayMs?: number;
  /**
   * A connection that delivers no bytes (no response, or no body data) for this many ms is dropped and
   * retried like a network error (default 30,000). Node's own socket timeouts would wait minutes.
   */
  stallTimeoutMs?: number;
  /**
   * How long to wait for another process downloading into the same `root` (it holds
   * `<root>/.download.lock`) before giving up with a {@link DownloadLockedError} (default 600,000 ms).
   * A lock left by a process that no longer runs is taken over at once.
   */
  lockTimeoutMs?: number;
  /** Where notices go (an archive deleted because it was bad, waiting for a lock). Default: stderr. */
  log?: (line: string) => void;
  /** Built-in reporter on stdout: bar on a TTY, a few lines otherwise (default `'auto'`). */
  progress?: ProgressMode;
  /** Where the built-in reporter writes (default `process.stdout`). */
  progressOutput?: TerminalStream;
}

/** Every key of {@link DownloadOptions}: a misspelled one (`stallTimeout`) is a TypeError, not a default. */
export const DOWNLOAD_OPTION_KEYS = optionKeys<DownloadOptions>({
  root: true,
  url: true,
  fetch: true,
  onProgress: true,
  signal: true,
  md5: true,
  retries: true,
  retryDelayMs: true,
  stallTimeoutMs: true,
  lockTimeoutMs: true,
  log: true,
  progress: true,
  progressOutput: true,
});

/** What {@link downloadCifar10} did. */
export interface DownloadResult {
  root: string;
  /** The `cifar-10-batches-bin` folder. */
  batchDir: string;
  /** The verified archive. */
  archive: string;
  /** False when valid extracted files were already there and nothing was fetched. */
  downloaded: boolean;
}

class RetryableError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function alreadyExtracted(root: string): boolean {
  const dir = join(root, BATCH_DIR);
  const files = layoutFiles(dir);
  if (!files.every((f) => existsSync(f) && statSync(f).isFile())) return false;
  try {
    verifyFiles(dir, files.filter((f) => f.endsWith('.bin')), 'size');
    checkManifest(dir, files);
    return true;
  } catch {
    return false;
  }
}

/**
 * Downloads the CIFAR-10 binary archive into `root`, verifies its MD5, and extracts it safely, as
 * torchvision's `download=True`. Streams to `cifar-10-binary.tar.gz.part`, resuming a partial file
 * with an HTTP `Range` request; retries network errors and 5xx responses with exponential backoff;
 * renames into place only after the MD5 matches (a mismatching archive is deleted); extraction refuses
 * entries outside `root` and links. Does nothing when the extracted files are already there and valid.
 *
 * @example
 * ```ts
 * const { batchDir } = await downloadCifar10({ root: 'data/CIFAR' });
 * const train = new Cifar10({ root: 'data/CIFAR' });
 * ```
 */
export async function downloadCifar10(options: DownloadOptions = {}): Promise<DownloadResult> {
  checkOptions(options, DOWNLOAD_OPTION_KEYS, 'downloadCifar10');
  const root = resolveRoot(options.root);
  const url = options.url ?? CIFAR10_URL;
  const expectedMd5 = options.md5 === undefined ? CIFAR10_ARCHIVE_MD5 : options.md5;
  const retries = options.retries ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (!Number.isInteger(retries) || retries < 0) throw new RangeError(`downloadCifar10: retries must be a non-negative integer, got ${retries}`);
  if (typeof fetchImpl !== 'function') throw new TypeError('downloadCifar10: no fetch available; pass options.fetch');
  const stallTimeoutMs = options.stallTimeoutMs ?? 30_000;
  const lockTimeoutMs = options.lockTimeoutMs ?? 600_000;
  if (!(typeof stallTimeoutMs === 'number' && stallTimeoutMs > 0)) {
    throw new RangeError(`downloadCifar10: stallTimeoutMs must be a positive number of milliseconds, got ${describeValue(stallTimeoutMs)}`);
  }
  if (!(typeof lockTimeoutMs === 'number' && lockTimeoutMs >= 0)) {
    throw new RangeError(`downloadCifar10: lockTimeoutMs must be a number of milliseconds >= 0, got ${describeValue(lockTimeoutMs)}`);
  }
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const archive = join(root, ARCHIVE_NAME);
  const batchDir = join(root, BATCH_DIR);
  await mkdir(root, { recursive: true });
  if (alreadyExtracted(root)) return { root, batchDir, archive, downloaded: false };
  const release = await acquireDownloadLock(join(root, DOWNLOAD_LOCK_FILE), lockTimeoutMs, options.signal, log, url);
  try {
    // Another process may have finished while this one waited for the lock.
    if (alreadyExtracted(root)) return { root, batchDir, archive, downloaded: false };
    return await downloadLocked({ root, batchDir, archive, url, expectedMd5, fetchImpl, retries, retryDelayMs, stallTimeoutMs, log, options });
  } finally {
    await release();
  }
}

/** Checks that an archive decompresses and parses to the end (tar + gzip), without extracting it. */
async function checkArchiveReadable(file: string, shownAs: string): Promise<void> {
  try {
    await tarList({ file, strict: true, onReadEntry: (entry) => entry.resume() });
  } catch (error) {
    throw new CorruptDataError(
      shownAs,
      `${shownAs} is not a complete .tar.gz (${(error as Error).message}); it is truncated or corrupt. ` +
        'It was removed; run again to download it afresh.',
    );
  }
}

async function downloadLocked(args: {
  root: string;
  batchDir: string;
  archive: string;
  url: string;
  expectedMd5: string | false;
  fetchImpl: typeof globalThis.fetch;
  retries: number;
  retryDelayMs: number;
  stallTimeoutMs: number;
  log: (line: string) => void;
  options: DownloadOptions;
}): Promise<DownloadResult> {
  const { root, batchDir, archive, url, expectedMd5, fetchImpl, retries, retryDelayMs, stallTimeoutMs, log, options } = args;
  if (existsSync(archive)) {
    // A complete archive from an earlier run: re-check it, and fetch again only when it is bad.
    const actual = expectedMd5 === false ? undefined : await md5File(archive);
    if (actual === undefined || actual === expectedMd5) {
      try {
        await extractArchive(archive, root, { recordMd5: expectedMd5 !== false });
        return { root, batchDir, archive, downloaded: false };
      } catch (error) {
        if (!(error instanceof CorruptDataError) || error.file !== archive) throw error;
        log(`downloadCifar10: ${archive} is truncated or corrupt (${error.message}); deleted it, downloading afresh`);
      }
    } else {
      log(`downloadCifar10: ${archive} has MD5 ${actual}, expected ${expectedMd5}; deleted it, downloading afresh`);
    }
    await rm(archive, { force: true });
  }

  const part = `${archive}.part`;
  await fetchWithResume({ url, part, fetchImpl, retries, retryDelayMs, stallTimeoutMs, options });
  if (options.signal?.aborted) {
    throw new DownloadError(url, 1, undefined, `download of ${url} was cancelled; the partial file ${part} is kept for a later resume and is never used as complete.`);
  }
  if (expectedMd5 !== false) {
    const actual = await md5File(part);
    if (actual !== expectedMd5) {
      await rm(part, { force: true });
      throw new ChecksumError(
        archive,
        expectedMd5,
        actual,
        `${url} downloaded to ${archive} has MD5 ${actual}, expected ${expectedMd5}. The bad file was removed; run again to download it afresh.`,
      );
    }
  }
  try {
    await checkArchiveReadable(part, archive);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
  await rename(part, archive);
  await extractArchive(archive, root, { recordMd5: expectedMd5 !== false });
  return { root, batchDir, archive, downloaded: true };
}

async function fetchWithResume(args: {
  url: string;
  part: string;
  fetchImpl: typeof globalThis.fetch;
  retries: number;
  retryDelayMs: number;
  stallTimeoutMs: number;
  options: DownloadOptions;
}): Promise<void> {
  const { url, part, fetchImpl, retries, retryDelayMs, stallTimeoutMs, options } = args;
  const { signal, onProgress } = options;
  const reporter = createProgressReporter(options.progress ?? 'auto', options.progressOutput ?? process.stdout);
  const started = Date.now();
  let sessionBytes = 0;
  let last: DownloadProgress = { url, receivedBytes: 0, totalBytes: undefined, bytesPerSecond: 0, etaSeconds: undefined };
  let lastStatus: number | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      if (signal?.aborted) throw signal.reason;
      let have = existsSync(part) ? (await stat(part)).size : 0;
      // The attempt's own abort: the caller's signal, or no bytes for stallTimeoutMs.
      const attemptAbort = new AbortController();
      const onUserAbort = (): void => attemptAbort.abort(signal?.reason);
      signal?.addEventListener('abort', onUserAbort, { once: true });
      let stalled = false;
      let stallTimer: ReturnType<typeof setTimeout> | undefined;
      const arm = (): void => {
        clearTimeout(stallTimer);
        stallTimer = setTimeout(() => {
          stalled = true;
          attemptAbort.abort(new RetryableError(`no data for ${stallTimeoutMs / 1000} s (stalled connection)`));
        }, stallTimeoutMs);
      };
      const disarm = (): void => {
        clearTimeout(stallTimer);
        signal?.removeEventListener('abort', onUserAbort);
      };
      arm();
      try {
        const res = await fetchImpl(url, { headers: have > 0 ? { Range: `bytes=${have}-` } : {}, signal: attemptAbort.signal });
        arm();
        lastStatus = res.status;
        if (res.status === 416 && have > 0) {
          await res.body?.cancel();
          return; // the part is already complete (or wrong: the MD5 check decides)
        }
        if (res.status >= 500 || res.status === 408 || res.status === 429) {
          await res.body?.cancel();
          throw new RetryableError(`HTTP ${res.status} ${res.statusText}`, res.status);
        }
        if (!res.ok || !res.body) {
          await res.body?.cancel();
          throw new DownloadError(url, attempt, res.status, `GET ${url} failed with HTTP ${res.status} ${res.statusText} (attempt ${attempt}); check the URL. Not retried.`);
        }
        let total: number | undefined;
        if (res.status === 206) {
          const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(res.headers.get('content-range') ?? '');
          if (!m || Number(m[1]) !== have) {
            // The server resumed somewhere else: start over.
            await res.body.cancel();
            await rm(part, { force: true });
            throw new RetryableError(`unexpected Content-Range '${res.headers.get('content-range')}' for a resume at byte ${have}`);
          }
          total = m[2] === '*' ? undefined : Number(m[2]);
        } else {
          have = 0; // a 200 answer is the whole file
          const len = res.headers.get('content-length');
          total = len === null ? undefined : Number(len);
        }
        const fh = await open(part, have > 0 ? 'a' : 'w');
        let received = have;
        try {
          for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
            arm();
            await fh.write(chunk);
            received += chunk.length;
            sessionBytes += chunk.length;
            const elapsed = Math.max(1e-3, (Date.now() - started) / 1000);
            const rate = sessionBytes / elapsed;
            last = { url, receivedBytes: received, totalBytes: total, bytesPerSecond: rate, etaSeconds: total !== undefined && rate > 0 ? (total - received) / rate : undefined };
            onProgress?.(last);
            reporter.update(last);
            if (signal?.aborted) throw signal.reason;
          }
        } finally {
          await fh.close();
        }
        if (total !== undefined && received < total) throw new RetryableError(`connection closed after ${received} of ${total} bytes`);
        reporter.done(last);
        return;
      } catch (error) {
        if (stalled && !signal?.aborted) {
          throw new RetryableError(`no data for ${stallTimeoutMs / 1000} s (stalled connection)`, undefined, { cause: error });
        }
        throw error;
      } finally {
        disarm();
      }
    } catch (error) {
      if (signal?.aborted) {
        throw new DownloadError(url, attempt, lastStatus, `download of ${url} was cancelled; the partial file ${part} is kept for a later resume and is never used as complete.`, { cause: error });
      }
      if (error instanceof DownloadError) throw error;
      if (attempt > retries) {
        const why = error instanceof Error ? error.message : String(error);
        throw new DownloadError(url, attempt, lastStatus, `GET ${url} failed after ${attempt} attempts (${retries} retries): ${why}. Check the network and run again; the partial file is resumed.`, { cause: error });
      }
      try {
        await sleep(retryDelayMs * 2 ** (attempt - 1), signal);
      } catch (cause) {
        throw new DownloadError(url, attempt, lastStatus, `download of ${url} was cancelled; the partial file ${part} is kept for a later resume and is never used as complete.`, { cause });
      }
    }
  }
}
