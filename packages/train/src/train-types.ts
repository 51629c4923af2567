import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { OptimizerName } from './optimizer.js';
import type { ProgressStream } from './progress.js';
import type { Reduction } from './train-batch.js';

/**
 * One point of the training curve, ready for an Animator.
 * @example `onUpdate: (p) => animator.add(p.epoch, [p.trainLoss, p.trainAcc, p.testAcc])`
 */
export interface UpdatePoint {
  /** Epoch plus the fraction of it done (1.0 = end of the first epoch). */
  epoch: number;
  /** Mean training loss so far in this epoch. */
  trainLoss: number;
  /** Training accuracy so far in this epoch. */
  trainAcc: number;
  /** Test accuracy: a number at the end of an epoch, otherwise `null`. */
  testAcc: number | null;
}

/**
 * What one finished epoch measured.
 * @example `history.epochs.map((e) => e.testAcc)`
 */
export interface EpochSummary {
  /** 1-based epoch number. */
  epoch: number;
  trainLoss: number;
  trainAcc: number;
  testAcc: number;
  /** Training examples seen in the epoch. */
  examples: number;
}

/**
 * A saved RNG the loop checkpoints and restores (e.g. `createRng` from `@aug/transforms`).
 * @example `train(model, a, b, { epochs: 5, rng: createRng(0), checkpointDir: 'runs/a' })`
 */
export interface StatefulRng {
  getState(): readonly number[];
  setState(state: readonly number[]): void;
}

/**
 * Options of `train`.
 * @example `{ epochs: 10, optimizer: 'adam', checkpointDir: 'runs/a', resume: true }`
 */
export interface TrainOptions {
  /** Number of epochs (the run's total; a resumed run continues up to it). */
  epochs: number;
  /** A `tf.Optimizer`, or `'adam'` (default: PyTorch's Adam, lr 1e-3, epsilon 1e-8) or `'sgd'` (needs `lr`). */
  optimizer?: tf.Optimizer | OptimizerName;
  /** Learning rate for an optimizer given by name. */
  lr?: number;
  /** Loss reduction differentiated by each step: `'sum'` (default, as the seed) or `'mean'`. */
  reduction?: Reduction;
  /**
   * Split each batch into micro-batches of this size and accumulate gradients, or `'auto'` to split
   * only when a step would not fit in `memoryBudgetBytes` (see `trainBatch`).
   */
  microBatchSize?: number | 'auto';
  /** With `microBatchSize: 'auto'`: the most bytes of live tensors a step may use (default: 2 GiB on wasm, no limit elsewhere). */
  memoryBudgetBytes?: number;
  /**
   * The model to measure test accuracy with after each epoch, made from the trained one (default: that
   * model itself). For a faster evaluation with the same results to float32 rounding, pass
   * `fuseConvBnEval` from `@aug/models` (BatchNorm folded into the convolutions). `train` disposes what it
   * returns after the evaluation unless it is the trained model.
   */
  evalModel?: (model: LayersModel) => LayersModel;
  /** Called 5 times per epoch and at its end (then with `testAcc`). */
  onUpdate?: (point: UpdatePoint) => void;
  /** Abort to stop: the current step finishes, a checkpoint is written, the history comes back with `aborted: true`. */
  signal?: AbortSignal;
  /** Folder for checkpoints (written at each epoch end and on abort). Node only. */
  checkpointDir?: string;
  /** Continue from the checkpoint in `checkpointDir` if it holds one (otherwise start fresh). */
  resume?: boolean;
  /** An RNG of yours (e.g. for batched augmentation) whose state is checkpointed and restored. */
  rng?: StatefulRng;
  /**
   * The run's configuration (any JSON object: data, batch size, augmentation, seed ...), saved in every
   * checkpoint as `state.config`, so that a program can restore it on resume:
   * `(await loadCheckpoint(dir))?.manifest.state.config`.
   */
  config?: Readonly<Record<string, unknown>>;
  /** Where the summary lines go (default `console.log`). */
  log?: (line: string) => void;
  /** Path of a JSON-lines metrics log, one line per update. Node only. */
  metricsLog?: string;
  /** Progress output (default `process.stderr`, so stdout keeps only results; `false` for none). A TTY gets a bar, anything else plain lines. */
  progress?: ProgressStream | false;
  /** The backend name printed in `examples/sec on <backend>` (default `tf.getBackend()`). */
  backendLabel?: string;
  /** Clock in milliseconds (default `performance.now`); tests inject one. */
  now?: () => number;
}

/**
 * What `train` returns.
 * @example `const { trainLoss, trainAcc, testAcc, examplesPerSec, aborted } = await train(...)`
 */
export interface TrainHistory {
  /** Every point passed to `onUpdate`, across resumes. */
  points: UpdatePoint[];
  /** One summary per finished epoch, across resumes. */
  epochs: EpochSummary[];
  /** Mean loss of the last (possibly partial) epoch. */
  trainLoss: number;
  /** Training accuracy of the last (possibly partial) epoch. */
  trainAcc: number;
  /** Test accuracy after the last finished epoch (`null` if none finished). */
  testAcc: number | null;
  /** Training examples per second over the whole run, time inside training steps only. */
  examplesPerSec: number;
  /** The backend label printed with examples/sec. */
  backend: string;
  /** True when `signal` stopped the run. */
  aborted: boolean;
  /** Where the run stopped: 0-based epoch and batches done in it (`step` 0 at an epoch boundary). */
  stoppedAt: { epoch: number; step: number };
  /** Folder of the last checkpoint written or resumed from (`null` without `checkpointDir`). */
  checkpoint: string | null;
}
