const marker = 'aug.train.error';

/** Stable codes of {@link TrainError} and its subclasses. */
export type TrainErrorCode = 'TRAIN_INPUT' | 'NON_FINITE_LOSS' | 'CHECKPOINT' | 'CHECKPOINT_CORRUPT';
const symbol = Symbol.for(marker);

/**
 * The base of every error `@aug/train` throws on purpose. `TrainError.isInstance(e)` works across
 * duplicated package copies (it checks a global symbol, not the class identity).
 *
 * @example
 * ```ts
 * try { await train(model, trainLoader, testLoader, { epochs: 1 }); }
 * catch (e) { if (TrainError.isInstance(e)) console.error(e.message); else throw e; }
 * ```
 */
export class TrainError extends Error {
  private readonly [symbol] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrainError';
  }

  /** Whether `error` is a {@link TrainError} (or a subclass). */
  static isInstance(error: unknown): error is TrainError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[symbol] === true;
  }
}

/**
 * Bad input to a training function: an empty loader, labels that do not match the images, an
 * unknown optimizer name, a bad option value. The message names the parameter, the value and the fix.
 *
 * @example
 * ```ts
 * await train(model, emptyLoader, testLoader, { epochs: 1 }).catch((e) => e instanceof TrainInputError); // true
 * ```
 */
export class TrainInputError extends TrainError {
  /** Stable code: match on it, not on the message. */
  readonly code: TrainErrorCode = 'TRAIN_INPUT';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrainInputError';
  }
}

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
  /** Stable code: match on it, not on the message. */
  readonly code: TrainErrorCode = 'NON_FINITE_LOSS';
  /** The 0-based epoch (null when thrown by `trainBatch` alone). */
  readonly epoch: number | null;
  /** The 0-based step within the epoch (null when thrown by `trainBatch` alone). */
  readonly step: number | null;
  /** The summed loss that was not finite. */
  readonly loss: number;

  constructor(loss: number, epoch: number | null = null, step: number | null = null, hint = '') {
    const where = epoch === null ? '' : ` at epoch ${epoch + 1}, step ${step === null ? '?' : step + 1}`;
    super(
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
  /** Stable code (`CHECKPOINT`, or `CHECKPOINT_CORRUPT` for {@link CheckpointCorruptError}). */
  readonly code: TrainErrorCode;
  constructor(message: string, options?: { cause?: unknown; code?: 'CHECKPOINT' | 'CHECKPOINT_CORRUPT' }) {
    super(message, options);
    this.code = options?.code ?? 'CHECKPOINT';
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
  /** The file whose contents do not match. */
  readonly file: string;
  constructor(file: string, message: string) {
    super(message, { code: 'CHECKPOINT_CORRUPT' });
    this.name = 'CheckpointCorruptError';
    this.file = file;
  }
}
