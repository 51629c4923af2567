import { errorBaseClass } from '@aug/internal';

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
export class VizError extends errorBaseClass<VizErrorCode>('@aug/viz', 'VizError') {}

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
  /** This class's own marker: `OutputWriteError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/viz.error.OutputWriteError');
  /** The path that could not be written. */
  readonly path: string;
  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super('WRITE_FAILED', message, options);
    this.name = 'OutputWriteError';
    this.path = path;
  }
}
