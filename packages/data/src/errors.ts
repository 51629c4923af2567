import { hasErrorMarker } from '@aug/internal';

const MARKER = Symbol.for('@aug/data.error');

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
export class DataError extends Error {
  readonly [MARKER] = true;
  readonly code: DataErrorCode;

  constructor(code: DataErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'DataError';
  }

  /** True for any error thrown by `@aug/data`. @example `DataError.isInstance(err)` */
  static isInstance(error: unknown): error is DataError {
    return hasErrorMarker(error, MARKER);
  }
}

// Subclasses follow this pattern (each with its own marker and isInstance):
//
// const FOO_MARKER = Symbol.for('@aug/data.error.FooError');
// export class FooError extends DataError {
//   readonly [FOO_MARKER] = true;
//   constructor(...) { super('FOO', message); this.name = 'FooError'; }
//   static override isInstance(error: unknown): error is FooError { return hasErrorMarker(error, FOO_MARKER); }
// }
