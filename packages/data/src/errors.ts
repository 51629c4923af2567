import { errorBaseClass } from '@aug/internal';

/** Stable codes, one per kind of failure; match on `error.code`, not on the message. */
export type DataErrorCode =
  | 'TRANSFORM_FAILED'
  | 'WORKER_FAILED'
  | 'IMAGE_DECODE_FAILED'
  | 'UNSUPPORTED_IMAGE_FORMAT'
  | 'IMAGE_ENCODE_FAILED'
  | 'NOT_A_DATASET'
  | 'ANNOTATION_INVALID';

/**
 * Base class of every runtime failure `@aug/data` raises (bad files, failed workers, bad annotations).
 * Each failure has its own subclass with a stable `code` and its own `Symbol.for` marker, so
 * `DataError.isInstance(e)` is true for any of them and `SubError.isInstance(e)` only for that subclass,
 * across duplicated copies of the package too.
 *
 * @example
 * ```ts
 * try { await readImage('broken.jpg'); }
 * catch (e) { if (DataError.isInstance(e)) console.error(e.code, e.message); }
 * ```
 */
export class DataError extends errorBaseClass<DataErrorCode>('@aug/data', 'DataError') {}

// Subclasses follow this pattern (each with its own marker, so FooError.isInstance is true only for it):
//
// export class FooError extends DataError {
//   static override readonly marker: symbol = Symbol.for('@aug/data.error.FooError');
//   constructor(...) { super('FOO', message); this.name = 'FooError'; }
// }

/**
 * A sample could not be loaded or transformed inside a `DataLoader` (on the calling thread or in a
 * worker). Names the dataset, the sample index, the epoch and the original error's class, code and
 * message; the original error is the `cause` (rebuilt on the calling thread, with its class when it is
 * one of this package's errors, when it was thrown in a worker). The loader has already stopped its
 * workers when this is thrown.
 *
 * @example
 * ```ts
 * catch (e) { if (SampleTransformError.isInstance(e)) console.error(e.dataset, e.index, e.reason); }
 * ```
 */
export class SampleTransformError extends DataError {
  /** This class's own marker: `SampleTransformError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/data.error.SampleTransformError');
  /** A short description of the dataset, e.g. `ImageFolder(2 classes, data/pets)`. */
  readonly dataset: string;
  /** The dataset index of the failing sample. */
  readonly index: number;
  /** The epoch being loaded. */
  readonly epoch: number;
  /** The original error, as `Name [CODE]: message`. */
  readonly reason: string;
  constructor(dataset: string, index: number, epoch: number, reason: string, options?: { cause?: unknown }) {
    super(
      'TRANSFORM_FAILED',
      `DataLoader: sample ${index} of ${dataset} (epoch ${epoch}) failed while loading or transforming: ${reason}. ` +
        `Reproduce it with dataset.get(${index}, sampleRng(seed, ${epoch}, ${index})) and fix the transform or the sample.`,
      options,
    );
    this.name = 'SampleTransformError';
    this.dataset = dataset;
    this.index = index;
    this.epoch = epoch;
    this.reason = reason;
  }

}

/**
 * A `DataLoader` worker thread failed outside a sample: the worker script is missing (the package was
 * not built), a `workerImports` module could not be imported, a dataset could not be rebuilt from its
 * spec, or the thread died. The loader has already stopped its workers when this is thrown; the
 * original error is the `cause`.
 *
 * @example
 * ```ts
 * catch (e) { if (WorkerError.isInstance(e)) console.error(e.message); }
 * ```
 */
export class WorkerError extends DataError {
  /** This class's own marker: `WorkerError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/data.error.WorkerError');
  constructor(message: string, options?: { cause?: unknown }) {
    super('WORKER_FAILED', message, options);
    this.name = 'WorkerError';
  }

}

/**
 * An image could not be read or decoded: a missing file, a folder, an empty or truncated file, bytes
 * that are no image. `file` is the path when the bytes came from one (`readImage`); the original error
 * (a file-system or decoder error) is the `cause`.
 *
 * @example
 * ```ts
 * catch (e) { if (ImageDecodeError.isInstance(e)) console.error(e.file, e.message); }
 * ```
 */
export class ImageDecodeError extends DataError {
  /** This class's own marker: `ImageDecodeError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/data.error.ImageDecodeError');
  /** The file the bytes came from, when there was one. */
  readonly file: string | undefined;
  constructor(message: string, options?: { file?: string; cause?: unknown }) {
    super('IMAGE_DECODE_FAILED', message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ImageDecodeError';
    this.file = options?.file;
  }

}

/**
 * The image is in a format this environment cannot decode or encode: WebP, GIF, AVIF, HEIF or TIFF
 * without `sharp` installed (`npm install sharp`), or a format no decoder here reads (BMP). `format` is
 * the format's name (`'WebP'`), `file` the path when there was one.
 *
 * @example
 * ```ts
 * catch (e) { if (UnsupportedImageFormatError.isInstance(e)) console.error(e.format, e.message); }
 * ```
 */
export class UnsupportedImageFormatError extends DataError {
  /** This class's own marker: `UnsupportedImageFormatError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/data.error.UnsupportedImageFormatError');
  /** The format's name, e.g. `'WebP'`. */
  readonly format: string;
  /** The file, when there was one. */
  readonly file: string | undefined;
  constructor(format: string, message: string, options?: { file?: string }) {
    super('UNSUPPORTED_IMAGE_FORMAT', message);
    this.name = 'UnsupportedImageFormatError';
    this.format = format;
    this.file = options?.file;
  }

}

/**
 * An image could not be encoded or written: the encoder failed, or the file could not be written (the
 * message says why: full disk, no permission, a file where a folder should be). `file` is the path for
 * `writeImage`; the original error is the `cause`.
 *
 * @example
 * ```ts
 * catch (e) { if (ImageEncodeError.isInstance(e)) console.error(e.file, e.message); }
 * ```
 */
export class ImageEncodeError extends DataError {
  /** This class's own marker: `ImageEncodeError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/data.error.ImageEncodeError');
  /** The file being written, when there was one. */
  readonly file: string | undefined;
  constructor(message: string, options?: { file?: string; cause?: unknown }) {
    super('IMAGE_ENCODE_FAILED', message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ImageEncodeError';
    this.file = options?.file;
  }

}
