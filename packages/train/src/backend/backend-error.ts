import { TrainError } from '../errors.js';

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
export class BackendUnavailableError extends TrainError {
  /** The backend choice that failed. */
  readonly backend: string;

  constructor(backend: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackendUnavailableError';
    this.backend = backend;
  }
}
