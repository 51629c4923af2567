import { errorBaseClass } from '@aug/internal';

/** Stable codes of {@link TrainError} and its subclasses; match on `error.code`, not on the message. */
export type TrainErrorCode = 'NON_FINITE_LOSS' | 'CHECKPOINT' | 'CHECKPOINT_CORRUPT' | 'RUN_LOCKED' | 'FOLDER_NOT_WRITABLE' | 'METRICS_LOG';

/**
 * Base class of every runtime failure `@aug/train` throws (a non-finite loss, an unusable checkpoint).
 * Argument errors are built-in `TypeError` / `RangeError` naming the argument. Each failure has a stable
 * `code`; `TrainError.isInstance(e)` works across duplicated copies of the package (it checks a
 * registered symbol, not the prototype chain).
 *
 * @example
 * ```ts
 * try { await train(model, trainLoader, testLoader, { epochs: 1, checkpointDir: 'runs/a' }); }
 * catch (e) { if (TrainError.isInstance(e) && e.code === 'CHECKPOINT') console.error(e.message); else throw e; }
 * ```
 */
export class TrainError extends errorBaseClass<TrainErrorCode>('@aug/train', 'TrainError') {}

/**
 * The loss became NaN or infinite. Thrown before the bad gradients are applied, so the model keeps
 * the weights of the last good step and the last good checkpoint stays in place.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof NonFiniteLossError) console.log(e.epoch, e.step, e.loss); }
 * ```
 */
export class NonFiniteLossError extends TrainError {
  /** This class's own marker: `NonFiniteLossError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/train.error.NonFiniteLossError');
  /** The 0-based epoch (null when thrown by `trainBatch` alone). */
  readonly epoch: number | null;
  /** The 0-based step within the epoch (null when thrown by `trainBatch` alone). */
  readonly step: number | null;
  /** The summed loss that was not finite. */
  readonly loss: number;

  constructor(loss: number, epoch: number | null = null, step: number | null = null, hint = '') {
    const where = epoch === null ? '' : ` at epoch ${epoch + 1}, step ${step === null ? '?' : step + 1}`;
    super(
      'NON_FINITE_LOSS',
      `loss is ${loss}${where}: the weights were not updated. ` +
        `Lower the learning rate, check the inputs for NaN/Inf and the labels' range${hint}`,
    );
    this.name = 'NonFiniteLossError';
    this.epoch = epoch;
    this.step = step;
    this.loss = loss;
  }
}

/**
 * A checkpoint cannot be used: it belongs to a different model or optimizer, it is unreadable, or a
 * new run would overwrite it. Nothing on disk is changed when this is thrown.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof CheckpointError) console.error(e.message); }
 * ```
 */
export class CheckpointError extends TrainError {
  /** This class's own marker: `CheckpointError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/train.error.CheckpointError');
  constructor(message: string, options?: { cause?: unknown; code?: 'CHECKPOINT' | 'CHECKPOINT_CORRUPT' | 'RUN_LOCKED' | 'FOLDER_NOT_WRITABLE' }) {
    super(options?.code ?? 'CHECKPOINT', message, options);
    this.name = 'CheckpointError';
  }
}

/**
 * A checkpoint's files do not match the SHA-256 checksums written with them (a bit flip, a truncated
 * copy, a hand edit): it is reported as corrupt instead of being restored. Names the file; nothing on
 * disk is changed.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof CheckpointCorruptError) console.error(e.file); }
 * ```
 */
export class CheckpointCorruptError extends CheckpointError {
  /** This class's own marker: `CheckpointCorruptError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/train.error.CheckpointCorruptError');
  /** The file whose contents do not match. */
  readonly file: string;
  constructor(file: string, message: string) {
    super(message, { code: 'CHECKPOINT_CORRUPT' });
    this.name = 'CheckpointCorruptError';
    this.file = file;
  }
}

/**
 * Another running process holds the folder's run lock (`<dir>/.run.lock`): two runs would interleave
 * their checkpoints, metrics and summaries. Names the holder's pid; nothing was written.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof RunLockedError) console.error(`in use by pid ${e.pid}`); }
 * ```
 */
export class RunLockedError extends CheckpointError {
  /** This class's own marker: `RunLockedError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/train.error.RunLockedError');
  /** The lock file. */
  readonly lockFile: string;
  /** The process that holds it. */
  readonly pid: number;
  constructor(lockFile: string, pid: number, message: string) {
    super(message, { code: 'RUN_LOCKED' });
    this.name = 'RunLockedError';
    this.lockFile = lockFile;
    this.pid = pid;
  }
}

/**
 * A run's folder (a checkpointDir, an output folder) cannot be created or written: a read-only file
 * system (EROFS), no permission (EACCES), a full disk (ENOSPC), a file in its place, or a path under
 * `/proc` or `/sys`. Thrown before any training, naming the folder and the cause.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof FolderNotWritableError) console.error(e.folder); }
 * ```
 */
export class FolderNotWritableError extends CheckpointError {
  /** This class's own marker: `FolderNotWritableError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/train.error.FolderNotWritableError');
  /** The folder that cannot be written. */
  readonly folder: string;
  constructor(folder: string, message: string, options?: { cause?: unknown }) {
    super(message, { ...options, code: 'FOLDER_NOT_WRITABLE' });
    this.name = 'FolderNotWritableError';
    this.folder = folder;
  }
}
