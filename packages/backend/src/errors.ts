import { errorBaseClass } from '@aug/internal';

import type { WebgpuFailure } from './webgpu/errors.js';


/**
 * Stable codes, one per kind of failure; match on `error.code`, not on the message:
 * - `'BACKEND_UNAVAILABLE'`: {@link BackendUnavailableError}, the backend asked for cannot run here;
 * - `'KERNEL_MISSING'`: a kernel aug replaces has no stock kernel to hand unsupported inputs to (a tfjs
 *   backend package of another major version);
 * - `'READ_SYNC_UNSUPPORTED'`: `dataSync()` of a tensor that lives on the GPU under Node (use `await data()`);
 * - the {@link WebgpuFailure} cases of `WebgpuUnavailableError` (`'module-missing'`, `'binary-failed'`,
 *   `'no-adapter'`, `'software-adapter'`, `'device-failed'`).
 */
export type BackendErrorCode = 'BACKEND_UNAVAILABLE' | 'KERNEL_MISSING' | 'READ_SYNC_UNSUPPORTED' | WebgpuFailure;

/**
 * Base class of every runtime failure `@aug/backend` throws (argument errors are `TypeError` /
 * `RangeError`). Each failure has a stable `code`; `BackendError.isInstance(e)` works across duplicated
 * copies of the package (it checks a registered symbol, not the prototype chain).
 *
 * @example
 * ```ts
 * try { await useBackend('tensorflow'); }
 * catch (e) { if (BackendError.isInstance(e) && e.code === 'BACKEND_UNAVAILABLE') await useBackend('wasm'); else throw e; }
 * ```
 */
export class BackendError extends errorBaseClass<BackendErrorCode>('@aug/backend', 'BackendError') {}

/**
 * The backend that was asked for cannot run here. The message names the package to install (and for
 * `'tensorflow-gpu'`, the CUDA 11.2 / cuDNN 8.1 requirement); `backend` and `cause` say which and why.
 *
 * @example
 * ```ts
 * try { await useBackend('tensorflow'); }
 * catch (e) { if (e instanceof BackendUnavailableError) console.error(e.backend, e.message); }
 * ```
 */
export class BackendUnavailableError extends BackendError {
  /** This class's own marker: `BackendUnavailableError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/backend.error.BackendUnavailableError');
  /** The backend choice that failed. */
  readonly backend: string;

  constructor(backend: string, message: string, options?: { cause?: unknown }) {
    super('BACKEND_UNAVAILABLE', message, options);
    this.name = 'BackendUnavailableError';
    this.backend = backend;
  }
}
