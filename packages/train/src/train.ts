import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { Accumulator } from './accumulator.js';
import type { BatchSource } from './batch-source.js';
import { CheckpointSession } from './checkpoint-session.js';
import { NonFiniteLossError } from './errors.js';
import { evaluateAccuracy } from './evaluate-accuracy.js';
import type { LoopState } from './loop-state.js';
import { createOptimizer } from './optimizer.js';
import { Timer } from './timer.js';
import { trainBatch, type TrainBatchResult } from './train-batch.js';
import { TrainReporter } from './train-reporter.js';
import { checkOptionKeys } from './option-keys.js';
import type { TrainHistory, TrainOptions } from './train-types.js';
import { assertPositiveInteger, describeValue } from '@aug/internal';

export type { EpochSummary, StatefulRng, TrainHistory, TrainOptions, UpdatePoint } from './train-types.js';

function assertLoader(name: string, loader: BatchSource): void {
  if (loader == null || typeof loader[Symbol.asyncIterator] !== 'function') {
    throw new TypeError(`${name} must be an async-iterable batch source (e.g. @aug/cifar10's DataLoader), got ${describeValue(loader)}`);
  }
  if (!Number.isInteger(loader.length) || loader.length < 1) {
    throw new RangeError(
      `${name} is empty (length ${describeValue(loader.length)}): it yields no batches; check its dataset, batchSize and dropLast`,
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

/** One training step of the loop, with the epoch and step named in its errors. */
async function step(
  model: LayersModel,
  x: tf.Tensor4D,
  y: tf.Tensor,
  optimizer: tf.Optimizer,
  options: TrainOptions,
  where: { epoch: number; step: number; checkpoint: string | null },
): Promise<TrainBatchResult> {
  const at = `train: epoch ${where.epoch + 1}, step ${where.step + 1}`;
  if (x.shape[0] !== y.shape[0]) {
    throw new TypeError(`${at}: the batch has ${x.shape[0]} images but ${y.shape[0]} labels; the loader must yield one label per image`);
  }
  try {
    return await trainBatch(model, x, y, {
      optimizer,
      reduction: options.reduction,
      microBatchSize: options.microBatchSize,
      memoryBudgetBytes: options.memoryBudgetBytes,
    });
  } catch (error) {
    if (error instanceof NonFiniteLossError) {
      throw new NonFiniteLossError(error.loss, where.epoch, where.step, where.checkpoint ? `; the last good checkpoint is ${where.checkpoint}` : '');
    }
    // Bad batch contents (labels out of range, a shape trainBatch rejects): same class, with where.
    if (error instanceof RangeError || error instanceof TypeError) {
      const Same = error instanceof RangeError ? RangeError : TypeError;
      throw new Same(`${at}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** The epoch so far as d2l prints it: loss per example and accuracy, from the {@link Accumulator}'s sums. */
function rates(metric: Accumulator): { trainLoss: number; trainAcc: number } {
  return { trainLoss: metric.get(0) / metric.get(2), trainAcc: metric.get(1) / metric.get(3) };
}

/** What {@link runEpoch} needs from `train`: the model, the loaders and the run's helpers. */
interface EpochContext {
  model: LayersModel;
  trainLoader: BatchSource;
  testLoader: BatchSource;
  optimizer: tf.Optimizer;
  options: TrainOptions;
  reporter: TrainReporter;
  timer: Timer;
  session: CheckpointSession;
  metric: Accumulator;
}

/**
 * One epoch of d2l's `train_ch13` from `state.step` on: timed steps into the {@link Accumulator}, an
 * update point 5 times per epoch, then the test accuracy, the epoch summary and a checkpoint. A
 * mid-epoch resume starts the loader at the first batch not trained yet when it can (`seek`); otherwise
 * the batches already trained are read again and dropped. Returns true when the run was aborted (after
 * a whole step, or during the evaluation: the checkpoint then holds every step and a resume redoes only
 * the evaluation).
 */
async function runEpoch(ctx: EpochContext, state: LoopState): Promise<boolean> {
  const { model, trainLoader, testLoader, optimizer, options, reporter, timer, session, metric } = ctx;
  const { signal } = options;
  const batches = trainLoader.length;
  const every = Math.max(1, Math.floor(batches / 5));
  const epoch = state.epoch;
  const skip = state.step;
  metric.set(state.metric);
  const seeks = skip > 0 && typeof trainLoader.seek === 'function';
  if (seeks) trainLoader.seek!(epoch, skip);
  else trainLoader.setEpoch?.(epoch);
  reporter.startEpoch(epoch, skip);
  let done = seeks ? skip : 0;
  for await (const { x, y } of trainLoader) {
    if (done >= skip && signal?.aborted) {
      tf.dispose([x, y]);
      return true;
    }
    try {
      if (done < skip) continue;
      timer.start();
      const result = await step(model, x, y, optimizer, options, { epoch, step: done, checkpoint: session.path });
      if (options.microBatchSize === 'auto' && result.microBatchSize < x.shape[0]) reporter.microBatchSplit(x.shape[0], result.microBatchSize);
      state.trainSeconds += timer.stop();
      state.trainExamples += x.shape[0];
      state.iteration++;
      metric.add(result.loss, result.correct, x.shape[0], y.shape[0]);
    } finally {
      tf.dispose([x, y]);
      done++;
    }
    state.step = done;
    state.metric = metric.toArray();
    const { trainLoss, trainAcc } = rates(metric);
    reporter.step(done, trainLoss, trainAcc, state);
    if (done % every === 0 && done < batches) {
      await reporter.emit({ epoch: epoch + done / batches, trainLoss, trainAcc, testAcc: null }, state);
    }
    // Let a SIGINT handler (or any abort) run now, so the abort is seen after this step.
    if (signal) await yieldToEventLoop();
    if (signal?.aborted) return true;
  }
  // No batch trained in this epoch (a resume after the last step of an epoch legitimately trains
  // none: done === skip === batches, and only the evaluation is left).
  if (done === 0 || done < skip || (done === skip && skip < batches) || metric.get(2) === 0) {
    throw new RangeError(
      `train: trainLoader yielded no batches in epoch ${epoch + 1} (its length says ${batches}); check the dataset and loader`,
    );
  }
  let testAcc: number;
  const evalModel = options.evalModel === undefined ? model : evaluationModel(options.evalModel, model);
  try {
    testAcc = await evaluateAccuracy(evalModel, reporter.evaluation(testLoader), signal ? { signal } : {});
  } catch (error) {
    if (signal?.aborted && error === signal.reason) return true;
    throw error;
  } finally {
    if (evalModel !== model) evalModel.dispose();
  }
  const { trainLoss, trainAcc } = rates(metric);
  state.epoch = epoch + 1;
  state.step = 0;
  state.metric = [0, 0, 0, 0];
  state.testAcc = testAcc;
  state.epochs.push({ epoch: epoch + 1, trainLoss, trainAcc, testAcc, examples: metric.get(2) });
  await reporter.emit({ epoch: epoch + 1, trainLoss, trainAcc, testAcc }, state);
  reporter.endEpoch(trainLoss, trainAcc, testAcc);
  await session.save(state);
  return signal?.aborted ?? false;
}

/** What `options.evalModel` makes of the trained model, checked to be a model. */
function evaluationModel(make: (model: LayersModel) => LayersModel, model: LayersModel): LayersModel {
  const made: unknown = make(model);
  if (made === null || typeof made !== 'object' || typeof (made as LayersModel).predict !== 'function' || typeof (made as LayersModel).dispose !== 'function') {
    throw new TypeError(`train: evalModel must return a tf.LayersModel to evaluate (e.g. fuseConvBnEval(model) from @aug/models); got ${describeValue(made)}`);
  }
  return made as LayersModel;
}

/** The optimizer `train` uses, and whether `train` made it (and so disposes it). */
function resolveOptimizer(options: TrainOptions): { optimizer: tf.Optimizer; owned: boolean } {
  if (options.lr !== undefined && typeof options.optimizer === 'object') {
    throw new TypeError('train: lr applies only to an optimizer given by name; set the rate on your tf.Optimizer instead');
  }
  if (typeof options.optimizer === 'object' && options.optimizer !== null) return { optimizer: options.optimizer, owned: false };
  return { optimizer: createOptimizer(options.optimizer ?? 'adam', options.lr), owned: true };
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
  if (options == null) throw new TypeError('train: options must be an object with at least { epochs }');
  checkOptionKeys(options, 'TrainOptions', 'train');
  assertPositiveInteger(options.epochs, 'epochs', { where: 'train' });
  assertLoader('trainLoader', trainLoader);
  assertLoader('testLoader', testLoader);
  if (options.evalModel !== undefined && typeof options.evalModel !== 'function') {
    throw new TypeError(`train: evalModel must be a function from the trained model to the model to evaluate (e.g. fuseConvBnEval from @aug/models); got ${describeValue(options.evalModel)}`);
  }
  const { epochs, checkpointDir } = options;
  if (options.resume && !checkpointDir) {
    throw new TypeError('train: resume: true needs a checkpointDir to resume from');
  }
  const { optimizer, owned } = resolveOptimizer(options);
  const log = options.log ?? ((line: string) => console.log(line));
  const backend = options.backendLabel ?? tf.getBackend();
  const reporter = TrainReporter.create({
    epochs,
    batches: trainLoader.length,
    testBatches: testLoader.length,
    onUpdate: options.onUpdate,
    progress: options.progress,
    log,
    backend,
    now: options.now,
  });
  const timer = new Timer({ now: options.now });
  let session: CheckpointSession | null = null;
  try {
    const opened = await CheckpointSession.open({
      checkpointDir,
      resume: options.resume,
      epochs,
      batches: trainLoader.length,
      canSetEpoch: typeof trainLoader.setEpoch === 'function',
      model,
      optimizer,
      rng: options.rng,
      config: options.config,
      log,
    });
    session = opened.session;
    const { state } = opened;
    await reporter.openMetricsLog(options.metricsLog, session.resumed ? state.iteration : null);
    const metric = new Accumulator(4);
    const ctx: EpochContext = { model, trainLoader, testLoader, optimizer, options, reporter, timer, session, metric };
    let aborted = false;
    while (!aborted && state.epoch < epochs) aborted = await runEpoch(ctx, state);

    // The result: the last finished epoch's rates, or those of the partial epoch when the run stopped in one.
    const last = state.epochs[state.epochs.length - 1];
    const partial = metric.get(2) > 0 && (aborted || !last);
    const { trainLoss, trainAcc } = partial ? rates(metric) : { trainLoss: last?.trainLoss ?? NaN, trainAcc: last?.trainAcc ?? NaN };
    const examplesPerSec = state.trainSeconds > 0 ? state.trainExamples / state.trainSeconds : 0;
    if (aborted) {
      reporter.interrupt();
      await session.save(state);
      reporter.stopped(state, session.path);
    } else {
      reporter.summary(trainLoss, trainAcc, state.testAcc, examplesPerSec);
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
      checkpoint: session.path,
    };
  } catch (error) {
    reporter.interrupt();
    throw error;
  } finally {
    if (owned) optimizer.dispose();
    await session?.close();
  }
}
