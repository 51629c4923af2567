import { errorBaseClass } from '@aug/internal';

/** Stable codes of {@link ModelsError}; match on `error.code`, not on the message. */
export type ModelsErrorCode = 'MODEL_SAVE_FAILED' | 'MODEL_NOT_FOUND' | 'MODEL_CORRUPT';

/**
 * Base class of the runtime failures `@aug/models` reports (argument errors stay `TypeError`/`RangeError`).
 * `ModelsError.isInstance(e)` works across duplicated copies of the package (it checks a registered symbol).
 *
 * @example
 * ```ts
 * try { await loadModel('runs/a/model'); }
 * catch (e) { if (ModelsError.isInstance(e) && e.code === 'MODEL_CORRUPT') console.error(e.message); }
 * ```
 */
export class ModelsError extends errorBaseClass<ModelsErrorCode>('@aug/models', 'ModelsError') {}

/**
 * `saveModel` could not write the model (a full disk, no permission, a file where the folder should be).
 * The message says what to do; the model previously saved in the folder, if any, is intact and still loads.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof ModelSaveError) console.error(e.dir, e.message); }
 * ```
 */
export class ModelSaveError extends ModelsError {
  /** This class's own marker: `ModelSaveError.isInstance(e)` is true only for this failure. */
  static override readonly marker: symbol = Symbol.for('@aug/models.error.ModelSaveError');
  /** The folder given to saveModel. */
  readonly dir: string;
  constructor(dir: string, message: string, options?: { cause?: unknown }) {
    super('MODEL_SAVE_FAILED', message, options);
    this.name = 'ModelSaveError';
    this.dir = dir;
  }
}

/**
 * `loadModel` found no saved model: the directory does not exist, is a file, or holds no `model.json`.
 * Names the path and what to pass instead.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof ModelNotFoundError) console.error(e.path); }
 * ```
 */
export class ModelNotFoundError extends ModelsError {
  /** This class's own marker: `ModelNotFoundError.isInstance(e)` is true only for this failure. */
  static override readonly marker: symbol = Symbol.for('@aug/models.error.ModelNotFoundError');
  /** The directory or `model.json` that was looked for. */
  readonly path: string;
  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super('MODEL_NOT_FOUND', message, options);
    this.name = 'ModelNotFoundError';
    this.path = path;
  }
}

/**
 * A saved model's files are damaged: `model.json` is not valid or describes a model tfjs cannot build, a
 * weights file it names is missing, unreadable or truncated, or the weights do not match the SHA-256
 * `saveModel` recorded. Names the file.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof ModelCorruptError) console.error(e.file); }
 * ```
 */
export class ModelCorruptError extends ModelsError {
  /** This class's own marker: `ModelCorruptError.isInstance(e)` is true only for this failure. */
  static override readonly marker: symbol = Symbol.for('@aug/models.error.ModelCorruptError');
  /** The damaged file. */
  readonly file: string;
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super('MODEL_CORRUPT', message, options);
    this.name = 'ModelCorruptError';
    this.file = file;
  }
}
