import { errorBaseClass } from '@aug/internal';

/** Stable codes, one per kind of failure; match on `error.code`, not on the message. */
export type Cifar10ErrorCode =
  | 'DATA_NOT_FOUND'
  | 'CORRUPT_DATA'
  | 'CHECKSUM_MISMATCH'
  | 'DOWNLOAD_FAILED'
  | 'UNSAFE_ARCHIVE'
  | 'DOWNLOAD_LOCKED';

/**
 * Base class of every error `@aug/cifar10` throws on bad data or a failed download. Each failure has its
 * own subclass and a stable `code`; `Cifar10Error.isInstance(e)` works across duplicated copies of the
 * package (it checks a registered symbol, not the prototype chain).
 *
 * @example
 * ```ts
 * try { new Cifar10({ root: 'nowhere' }); }
 * catch (e) { if (Cifar10Error.isInstance(e) && e.code === 'DATA_NOT_FOUND') console.log(e.message); }
 * ```
 */
export class Cifar10Error extends errorBaseClass<Cifar10ErrorCode>('@aug/cifar10', 'Cifar10Error') {}

/**
 * The dataset files are not where they were expected and `download` is false. The message names the
 * exact path looked for and the two ways to fix it.
 *
 * @example
 * ```ts
 * expect(() => new Cifar10({ root: '/tmp/empty' })).toThrow(DataNotFoundError);
 * ```
 */
export class DataNotFoundError extends Cifar10Error {
  /** This class's own marker: `DataNotFoundError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/cifar10.error.DataNotFoundError');
  /** The path that was expected to exist. */
  readonly path: string;
  constructor(path: string, message: string) {
    super('DATA_NOT_FOUND', message);
    this.name = 'DataNotFoundError';
    this.path = path;
  }
}

/**
 * A batch file is truncated, has the wrong size, or holds a label out of range. The message names the
 * file and the expected and actual size, or the record index.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof CorruptDataError) console.error(e.file); }
 * ```
 */
export class CorruptDataError extends Cifar10Error {
  /** This class's own marker: `CorruptDataError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/cifar10.error.CorruptDataError');
  /** The offending file. */
  readonly file: string;
  constructor(file: string, message: string) {
    super('CORRUPT_DATA', message);
    this.name = 'CorruptDataError';
    this.file = file;
  }
}

/**
 * A file's MD5 differs from the expected digest. Both digests are in the message and as properties; a
 * downloaded archive that fails is removed before this is thrown, so the next run starts clean.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof ChecksumError) console.error(e.expected, e.actual); }
 * ```
 */
export class ChecksumError extends Cifar10Error {
  /** This class's own marker: `ChecksumError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/cifar10.error.ChecksumError');
  readonly file: string;
  readonly expected: string;
  readonly actual: string;
  constructor(file: string, expected: string, actual: string, message: string) {
    super('CHECKSUM_MISMATCH', message);
    this.name = 'ChecksumError';
    this.file = file;
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * The download failed: a non-retryable HTTP status (e.g. 404), a network error or 5xx that persisted
 * through every retry, or a cancellation. Names the URL and the number of attempts.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof DownloadError) console.error(e.url, e.attempts); }
 * ```
 */
export class DownloadError extends Cifar10Error {
  /** This class's own marker: `DownloadError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/cifar10.error.DownloadError');
  readonly url: string;
  readonly attempts: number;
  /** The last HTTP status seen, if any. */
  readonly status: number | undefined;
  constructor(url: string, attempts: number, status: number | undefined, message: string, options?: { cause?: unknown }) {
    super('DOWNLOAD_FAILED', message, options);
    this.name = 'DownloadError';
    this.url = url;
    this.attempts = attempts;
    this.status = status;
  }
}

/**
 * The archive holds an entry that would land outside the extraction root (`..`, an absolute path) or a
 * link. Nothing is extracted.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof UnsafeArchiveError) console.error(e.entry); }
 * ```
 */
export class UnsafeArchiveError extends Cifar10Error {
  /** This class's own marker: `UnsafeArchiveError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/cifar10.error.UnsafeArchiveError');
  readonly archive: string;
  readonly entry: string;
  constructor(archive: string, entry: string, message: string) {
    super('UNSAFE_ARCHIVE', message);
    this.name = 'UnsafeArchiveError';
    this.archive = archive;
    this.entry = entry;
  }
}

/**
 * Another process holds the download lock of this data root (`<root>/.download.lock`) and did not
 * finish within the wait. Names the lock file, the holder's pid and what to do.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof DownloadLockedError) console.error(e.lockFile); }
 * ```
 */
export class DownloadLockedError extends Cifar10Error {
  /** This class's own marker: `DownloadLockedError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/cifar10.error.DownloadLockedError');
  readonly lockFile: string;
  constructor(lockFile: string, message: string) {
    super('DOWNLOAD_LOCKED', message);
    this.name = 'DownloadLockedError';
    this.lockFile = lockFile;
  }
}
