import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { Accumulator } from './accumulator.js';
import type { BatchSource } from './batch-source.js';
import { loadCheckpoint, restoreCheckpoint, saveCheckpoint } from './checkpoint.js';
import { CheckpointError, NonFiniteLossError, TrainInputError } from './errors.js';
import { evaluateAccuracy } from './evaluate-accuracy.js';
import { MetricsLog } from './metrics-log.js';
import { createOptimizer, type OptimizerName } from './optimizer.js';
import { ProgressReporter, type ProgressStream } from './progress.js';
import { Timer } from './timer.js';
import { trainBatch, type Reduction } from './train-batch.js';

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
 * Options of {@link train}.
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
   * only when a step would not fit in `memoryBudgetBytes` (see {@link trainBatch}).
   */
  microBatchSize?: number | 'auto';
  /** With `microBatchSize: 'auto'`: the most bytes of live tensors a step may use (default: 2 GiB on wasm, no limit elsewhere). */
  memoryBudgetBytes?: number;
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
 * What {@link train} returns.
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

/** The loop state saved in each checkpoint. */
interface LoopState {
  epoch: number;
  step: number;
  iteration: number;
  metric: number[];
  trainSeconds: number;
  trainExamples: number;
  testAcc: number | null;
  points: UpdatePoint[];
  epochs: EpochSummary[];
  rng: number[] | null;
}

/** Throws a {@link CheckpointError} naming the first field of a restored loop state that is not what train() wrote. */
function checkLoopState(s: LoopState, where: string, batches: number): void {
  const bad = (field: string, want: string): never => {
    throw new CheckpointError(
      `${where}: state.${field} is ${JSON.stringify((s as unknown as Record<string, unknown>)?.[field])}, expected ${want}; ` +
        'the file was edited by hand or written by another program. Undo the edit, or delete the checkpointDir to start over',
    );
  };
  const nonNegInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;
  if (s === null || typeof s !== 'object') throw new CheckpointError(`${where}: its state is not an object`);
  if (!nonNegInt(s.epoch)) bad('epoch', 'an integer >= 0');
  if (!nonNegInt(s.step)) bad('step', 'an integer >= 0');
  if (s.step > batches) {
    throw new CheckpointError(
      `${where} stopped at step ${s.step} of an epoch, but the train loader now has ${batches} batches per epoch; ` +
        'resume with the same dataset and batch size as the checkpoint, or choose another checkpointDir',
    );
  }
  if (!nonNegInt(s.iteration)) bad('iteration', 'an integer >= 0');
  if (!Array.isArray(s.metric) || s.metric.length !== 4 || !s.metric.every((v) => Number.isFinite(v))) bad('metric', 'a list of 4 numbers');
  if (!(typeof s.trainSeconds === 'number' && s.trainSeconds >= 0)) bad('trainSeconds', 'a number >= 0');
  if (!nonNegInt(s.trainExamples)) bad('trainExamples', 'an integer >= 0');
  if (!(s.testAcc === null || (typeof s.testAcc === 'number' && s.testAcc >= 0 && s.testAcc <= 1))) bad('testAcc', 'null or a number in [0, 1]');
  if (!Array.isArray(s.points)) bad('points', 'a list');
  if (!Array.isArray(s.epochs) || s.epochs.length !== s.epoch) bad('epochs', `a list of ${String(s.epoch)} epoch summaries (one per finished epoch)`);
  if (!(s.rng === null || (Array.isArray(s.rng) && s.rng.every((v) => typeof v === 'number')))) bad('rng', 'null or a list of numbers');
}

function assertLoader(name: string, loader: BatchSource): void {
  if (loader == null || typeof loader[Symbol.asyncIterator] !== 'function') {
    throw new TrainInputError(`${name} must be an async-iterable batch source (e.g. @aug/cifar10's DataLoader), got ${String(loader)}`);
  }
  if (!Number.isInteger(loader.length) || loader.length < 1) {
    throw new TrainInputError(
      `${name} is empty (length ${String(loader.length)}): it yields no batches; check its dataset, batchSize and dropLast`,
    );
  }
}

/**
 * Lets pending events run (a SIGINT handler, an abort, I/O) between two training steps: a CPU or wasm
 * step keeps the event loop busy, so without this an abort would be seen only at the next await that
 * really waits (e.g. the end of the epoch). `setImmediate` in Node, a zero timeout elsewhere.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

function defaultStream(): ProgressStream | false {
  return typeof process !== 'undefined' && process.stderr ? process.stderr : false;
}

/**
 * Trains `model` as d2l's `train_ch13`: per epoch, every batch goes through {@link trainBatch}
 * (timed by a {@link Timer}, so examples/sec counts only training steps), an {@link Accumulator}
 * keeps (loss sum, correct, examples, predictions), `onUpdate` fires 5 times per epoch and at its
 * end, and test accuracy is measured after each epoch with {@link evaluateAccuracy}. At the end it
 * prints the seed's two lines, `loss 0.xxx, train acc 0.xxx, test acc 0.xxx` and
 * `N examples/sec on <backend>`, and returns the history.
 *
 * With `checkpointDir`, a checkpoint (weights, optimizer state, epoch, step, metrics, RNG state) is
 * written atomically at each epoch end and on abort; `resume: true` continues exactly where it
 * stopped (the train loader is positioned with `setEpoch` and the batches already done are skipped).
 * A NaN/Inf loss throws {@link NonFiniteLossError} naming epoch and step, before that step's update,
 * leaving the last good checkpoint in place. An optimizer made from a name is disposed at the end.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * process.once('SIGINT', () => controller.abort());
 * const history = await train(net, trainLoader, testLoader, {
 *   epochs: 10,
 *   optimizer: 'adam',
 *   signal: controller.signal,
 *   checkpointDir: 'runs/resnet18',
 *   resume: true,
 *   onUpdate: (p) => animator.add(p.epoch, [p.trainLoss, p.trainAcc, p.testAcc]),
 * });
 * // loss 0.173, train acc 0.941, test acc 0.854
 * // 412.3 examples/sec on wasm
 * ```
 */
export async function train(
  model: LayersModel,
  trainLoader: BatchSource,
  testLoader: BatchSource,
  options: TrainOptions,
): Promise<TrainHistory> {
  if (options == null || !Number.isInteger(options.epochs) || options.epochs < 1) {
    throw new TrainInputError(`train: epochs must be a positive integer, got ${String(options?.epochs)}`);
  }
  assertLoader('trainLoader', trainLoader);
  assertLoader('testLoader', testLoader);
  const { epochs, signal, checkpointDir, rng } = options;
  if (options.resume && !checkpointDir) {
    throw new TrainInputError('train: resume: true needs a checkpointDir to resume from');
  }
  if (options.lr !== undefined && typeof options.optimizer === 'object') {
    throw new TrainInputError('train: lr applies only to an optimizer given by name; set the rate on your tf.Optimizer instead');
  }
  const owned = options.optimizer === undefined || typeof options.optimizer === 'string';
  const optimizer =
    typeof options.optimizer === 'object' && options.optimizer !== null
      ? options.optimizer
      : createOptimizer(options.optimizer ?? 'adam', options.lr);
  const log = options.log ?? ((line: string) => console.log(line));
  const backend = options.backendLabel ?? tf.getBackend();
  const batches = trainLoader.length;
  const stream = options.progress === undefined ? defaultStream() : options.progress;
  const progress = stream === false ? null : new ProgressReporter(stream, { epochs, batches, testBatches: testLoader.length, now: options.now });
  const timer = new Timer({ now: options.now });

  try {
    let state: LoopState = {
      epoch: 0,
      step: 0,
      iteration: 0,
      metric: [0, 0, 0, 0],
      trainSeconds: 0,
      trainExamples: 0,
      testAcc: null,
      points: [],
      epochs: [],
      rng: null,
    };
    let checkpoint: string | null = null;
    if (checkpointDir) {
      const found = await loadCheckpoint<LoopState>(checkpointDir);
      if (found && !options.resume) {
        const s = found.manifest.state;
        throw new CheckpointError(
          `train: ${checkpointDir} already holds a checkpoint (epoch ${s.epoch + 1}, step ${s.step}); ` +
            'pass resume: true to continue it, or choose another checkpointDir. Nothing was overwritten',
        );
      }
      if (found) {
        checkLoopState(found.manifest.state, `checkpoint ${found.path}`, batches);
        const done = found.manifest.state.epoch;
        if (done > epochs) {
          throw new TrainInputError(
            `train: the checkpoint ${found.path} has already finished ${done} epochs, more than epochs: ${epochs}. ` +
              `Pass epochs >= ${done} to continue it (epochs is the run's total, not the number to add), or choose another checkpointDir`,
          );
        }
        state = await restoreCheckpoint(found, model, optimizer);
        if (rng && state.rng) rng.setState(state.rng);
        checkpoint = found.path;
        if (!trainLoader.setEpoch && (state.epoch > 0 || state.step > 0)) {
          log('warning: trainLoader has no setEpoch(); the resumed run cannot replay the same data order');
        }
        log(
          state.epoch >= epochs
            ? `the checkpoint ${found.path} has already finished all ${epochs} epochs: nothing to train (pass a larger epochs to train more)`
            : `resumed from ${found.path} at epoch ${state.epoch + 1}, step ${state.step}`,
        );
      }
    }
    const metrics = options.metricsLog
      ? await MetricsLog.open(options.metricsLog, { keepUpTo: checkpoint ? state.iteration : null })
      : null;
    const every = Math.max(1, Math.floor(batches / 5));
    const metric = new Accumulator(4);
    let aborted = false;
    let splitLogged = false;

    const emit = async (point: UpdatePoint): Promise<void> => {
      state.points.push(point);
      options.onUpdate?.(point);
      await metrics?.append({
        ...point,
        iteration: state.iteration,
        examplesPerSec: state.trainSeconds > 0 ? state.trainExamples / state.trainSeconds : 0,
        time: new Date().toISOString(),
      });
    };
    const save = async (): Promise<void> => {
      if (!checkpointDir) return;
      state.rng = rng ? [...rng.getState()] : null;
      checkpoint = await saveCheckpoint(checkpointDir, model, optimizer, state);
    };

    while (state.epoch < epochs && !aborted) {
      const epoch = state.epoch;
      const skip = state.step;
      metric.set(state.metric);
      trainLoader.setEpoch?.(epoch);
      progress?.startEpoch(epoch, skip);
      let step = 0;
      for await (const { x, y } of trainLoader) {
        if (step >= skip && signal?.aborted) {
          tf.dispose([x, y]);
          aborted = true;
          break;
        }
        try {
          if (step < skip) continue;
          if (x.shape[0] !== y.shape[0]) {
            throw new TrainInputError(
              `train: epoch ${epoch + 1}, step ${step + 1}: the batch has ${x.shape[0]} images but ${y.shape[0]} labels; the loader must yield one label per image`,
            );
          }
          timer.start();
          let result;
          try {
            result = await trainBatch(model, x, y, {
              optimizer,
              reduction: options.reduction,
              microBatchSize: options.microBatchSize,
              memoryBudgetBytes: options.memoryBudgetBytes,
            });
            if (options.microBatchSize === 'auto' && result.microBatchSize < x.shape[0] && !splitLogged) {
              splitLogged = true;
              log(
                `batch ${x.shape[0]} does not fit the memory budget on ${backend}: training in micro-batches of ${result.microBatchSize} with accumulated gradients`,
              );
            }
          } catch (error) {
            if (error instanceof NonFiniteLossError) {
              throw new NonFiniteLossError(
                error.loss,
                epoch,
                step,
                checkpoint ? `; the last good checkpoint is ${checkpoint}` : '',
              );
            }
            if (error instanceof TrainInputError) {
              throw new TrainInputError(`train: epoch ${epoch + 1}, step ${step + 1}: ${error.message}`);
            }
            throw error;
          }
          state.trainSeconds += timer.stop();
          state.trainExamples += x.shape[0];
          state.iteration++;
          metric.add(result.loss, result.correct, x.shape[0], y.shape[0]);
        } finally {
          tf.dispose([x, y]);
          step++;
        }
        state.step = step;
        state.metric = metric.toArray();
        const trainLoss = metric.get(0) / metric.get(2);
        const trainAcc = metric.get(1) / metric.get(3);
        progress?.update({
          step,
          loss: trainLoss,
          acc: trainAcc,
          imagesPerSec: state.trainExamples / Math.max(state.trainSeconds, 1e-9),
        });
        if (step % every === 0 && step < batches) {
          await emit({ epoch: epoch + step / batches, trainLoss, trainAcc, testAcc: null });
        }
        // Let a SIGINT handler (or any abort) run now, so the abort is seen after this step.
        if (signal) await yieldToEventLoop();
        if (signal?.aborted) {
          aborted = true;
          break;
        }
      }
      if (aborted) break;
      // No batch trained in this epoch (a resume after the last step of an epoch legitimately trains
      // none: step === skip === batches, and only the evaluation is left).
      if (step === 0 || step < skip || (step === skip && skip < batches) || metric.get(2) === 0) {
        throw new TrainInputError(
          `train: trainLoader yielded no batches in epoch ${epoch + 1} (its length says ${batches}); check the dataset and loader`,
        );
      }
      let testAcc: number;
      try {
        testAcc = await evaluateAccuracy(model, progress ? progress.evaluation(testLoader) : testLoader, signal ? { signal } : {});
      } catch (error) {
        // Aborted during the evaluation: stop now; the checkpoint holds every step of this epoch and
        // a resume redoes only the evaluation.
        if (signal?.aborted && error === signal.reason) {
          aborted = true;
          break;
        }
        throw error;
      }
      const trainLoss = metric.get(0) / metric.get(2);
      const trainAcc = metric.get(1) / metric.get(3);
      state.epoch = epoch + 1;
      state.step = 0;
      state.metric = [0, 0, 0, 0];
      state.testAcc = testAcc;
      state.epochs.push({ epoch: epoch + 1, trainLoss, trainAcc, testAcc, examples: metric.get(2) });
      await emit({ epoch: epoch + 1, trainLoss, trainAcc, testAcc });
      progress?.endEpoch(`loss ${trainLoss.toFixed(3)}, train acc ${trainAcc.toFixed(3)}, test acc ${testAcc.toFixed(3)}`);
      await save();
      if (signal?.aborted) aborted = true;
    }

    const last = state.epochs[state.epochs.length - 1];
    const partial = metric.get(2) > 0 && (aborted || !last);
    const trainLoss = partial ? metric.get(0) / metric.get(2) : (last?.trainLoss ?? NaN);
    const trainAcc = partial ? metric.get(1) / metric.get(3) : (last?.trainAcc ?? NaN);
    const examplesPerSec = state.trainSeconds > 0 ? state.trainExamples / state.trainSeconds : 0;
    if (aborted) {
      progress?.interrupt();
      await save();
      log(
        `stopped at epoch ${state.epoch + 1}, step ${state.step} of ${batches}` +
          (checkpoint ? `; checkpoint written to ${checkpoint} (resume: true continues from it)` : ''),
      );
    } else {
      log(
        `loss ${trainLoss.toFixed(3)}, train acc ${trainAcc.toFixed(3)}, test acc ${state.testAcc === null ? 'n/a' : state.testAcc.toFixed(3)}`,
      );
      log(`${examplesPerSec.toFixed(1)} examples/sec on ${backend}`);
    }
    return {
      points: state.points,
      epochs: state.epochs,
      trainLoss,
      trainAcc,
      testAcc: state.testAcc,
      examplesPerSec,
      backend,
      aborted,
      stoppedAt: { epoch: state.epoch, step: state.step },
      checkpoint,
    };
  } catch (error) {
    progress?.interrupt();
    throw error;
  } finally {
    if (owned) optimizer.dispose();
  }
}
