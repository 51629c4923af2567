import { hasErrorMarker } from '@aug/internal';

const MARKER = Symbol.for('@aug/viz.error');

/** Stable codes of {@link VizError}; match on `error.code`, not on the message. */
export type VizErrorCode = 'WRITE_FAILED';

/**
 * Base class of the runtime failures `@aug/viz` reports (argument errors stay `TypeError`/`RangeError`).
 * `VizError.isInstance(e)` works across duplicated copies of the package (it checks a registered symbol).
 *
 * @example
 * ```ts
 * try { fig.save('/read-only/grid.png'); }
 * catch (e) { if (VizError.isInstance(e) && e.code === 'WRITE_FAILED') console.error(e.message); }
 * ```
 */
export class VizError extends Error {
  readonly [MARKER] = true;
  readonly code: VizErrorCode;
  constructor(code: VizErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'VizError';
  }

  /** True for any error thrown on purpose by `@aug/viz`. @example `VizError.isInstance(err)` */
  static isInstance(error: unknown): error is VizError {
    return hasErrorMarker(error, MARKER);
  }
}

/**
 * A figure, PNG or report could not be written (no permission, a file where a folder should be, a full
 * disk). Names the path and why; the original error is the `cause`.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof OutputWriteError) console.error(e.path); }
 * ```
 */
export class OutputWriteError extends VizError {
  /** The path that could not be written. */
  readonly path: string;
  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super('WRITE_FAILED', message, options);
    this.name = 'OutputWriteError';
    this.path = path;
  }
}
