import { describeValue } from '@aug/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { NonFiniteLossError } from './errors.js';
import { inputShapeProblem } from './input-shape.js';
import { labelProblem } from './labels.js';
import { accumulateGradients, microStep } from './micro-step.js';
import { checkOptionKeys } from './option-keys.js';
import {
  planMicroBatch,
  knownBytesPerExample,
  measureBytesPerExample,
  PROBE_EXAMPLES,
  rememberBytesPerExample,
  resolveBudget,
} from './micro-batch-size.js';

/** How the per-example losses become the value that is differentiated: their `'sum'` or their `'mean'`. */
export type Reduction = 'sum' | 'mean';

/**
 * Options of {@link trainBatch}.
 * @example `{ optimizer: tf.train.sgd(0.1), reduction: 'sum', microBatchSize: 32 }`
 */
export interface TrainBatchOptions {
  /** Applies the gradients (one update per call). */
  optimizer: tf.Optimizer;
  /**
   * `'sum'` (default, as the seed's `l.sum().backward()`) differentiates the summed loss; `'mean'`
   * the mean over the batch.
   */
  reduction?: Reduction;
  /**
   * Run forward/backward on slices of at most this many examples and sum their gradients before the
   * single update, so a batch that does not fit in the backend's memory still trains. The update
   * equals the whole-batch one for both reductions, except that BatchNorm normalises with each
   * micro-batch's statistics (and updates its running statistics once per micro-batch).
   *
   * `'auto'`: split only when the step would not fit in `memoryBudgetBytes`. The first step
   * measures the bytes of live tensors per example on a throwaway micro-batch of 8 (with
   * `tf.profile`; its gradients are dropped and BatchNorm's running statistics put back, so the
   * measurement changes nothing and a resumed run trains exactly as an uninterrupted one) and
   * picks the largest size that fits; the measurement is remembered per model, backend and input
   * shape. Default: the whole batch at once.
   */
  microBatchSize?: number | 'auto';
  /**
   * With `microBatchSize: 'auto'`: the most bytes of live tensors a step may use. Default
   * `defaultMemoryBudget()` of `@aug/backend` for the active backend (2 GiB on wasm, whose heap stops
   * at 4 GiB; half the machine's memory on onnxruntime); backends without a default are not split.
   */
  memoryBudgetBytes?: number;
}

/**
 * What one training step measured.
 * @example `const { loss, correct } = await trainBatch(model, x, y, { optimizer });`
 */
export interface TrainBatchResult {
  /** The loss summed over the batch's examples (d2l's `train_loss_sum`). */
  loss: number;
  /** How many examples were predicted correctly (d2l's `train_acc_sum`). */
  correct: number;
  /** The micro-batch size used (the batch size when the batch was not split). */
  microBatchSize: number;
}

/**
 * One optimisation step on one batch, as d2l's `train_batch_ch13`: forward in training mode
 * (BatchNorm uses batch statistics and updates its running ones), softmax cross-entropy on the
 * model's logits, backward, one optimizer update. Returns the summed loss and the number correct,
 * read back before it resolves (so a Timer around it measures the real work, also on async
 * backends). With `microBatchSize` the batch is split and the gradients accumulated.
 *
 * If the loss is NaN or infinite it throws {@link NonFiniteLossError} before updating, so the
 * weights stay as they were. Everything it creates is disposed; `x` and `y` are not.
 *
 * @param model - a tfjs-layers model whose output is logits `[batch, classes]`
 * @param x - the inputs, batch first (NHWC images for conv nets)
 * @param y - int labels `[batch]` in `[0, classes)`, or soft labels `[batch, classes]` (probabilities,
 *   e.g. MixUp/CutMix output): the loss then uses probability targets and `correct` compares
 *   `argmax(yHat)` with `argmax(y)`. Labels are checked on the host before the step (a
 *   a `RangeError` names a label outside the range, a fractional one, or rows that are
 *   not probabilities).
 * @example
 * ```ts
 * const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
 * const { loss, correct } = await trainBatch(model, x, y, { optimizer });
 * metric.add(loss, correct, x.shape[0], y.size);
 * ```
 */
export async function trainBatch(
  model: LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: TrainBatchOptions,
): Promise<TrainBatchResult> {
  const { optimizer, scale, requested } = checkArguments(model, x, y, options);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  if (variables.length === 0) throw new TypeError('trainBatch: the model has no trainable weights');
  await checkLabels(model, y);
  const micro = requested === 'auto' ? await planStep(model, variables, x, y, scale, options.memoryBudgetBytes) : requested;
  const { loss, correct, grads } = await accumulateGradients(model, variables, x, y, micro, scale);
  try {
    if (!Number.isFinite(loss)) throw new NonFiniteLossError(loss);
    // An array (not a name-keyed map) keeps the order of the model's weights whatever their names:
    // tfjs optimizers keep their state (Adam's moments) by position.
    optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
    return { loss, correct, microBatchSize: Math.min(micro, x.shape[0] ?? 0) };
  } finally {
    tf.dispose(grads);
  }
}

/** Checks the options and the batch's shapes; returns the optimizer, the loss scale and the asked micro-batch size. */
function checkArguments(
  model: LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: TrainBatchOptions,
): { optimizer: tf.Optimizer; scale: number; requested: number | 'auto' } {
  checkOptionKeys(options, 'TrainBatchOptions', 'trainBatch');
  const { optimizer, reduction = 'sum' } = options;
  if (optimizer == null || typeof (optimizer as { applyGradients?: unknown }).applyGradients !== 'function') {
    throw new TypeError('trainBatch: options.optimizer must be a tf.Optimizer (e.g. tf.train.adam(1e-3))');
  }
  if (reduction !== 'sum' && reduction !== 'mean') {
    throw new TypeError(`trainBatch: reduction must be 'sum' or 'mean', got ${describeValue(reduction)}`);
  }
  if (y.rank !== 1 && y.rank !== 2) {
    throw new TypeError(
      `trainBatch: y must be a 1-D tensor of labels or a 2-D [batch, classes] tensor of probabilities, got shape [${y.shape.join(', ')}]`,
    );
  }
  const n = x.shape[0] ?? 0;
  if (n !== y.shape[0]) {
    throw new TypeError(
      `trainBatch: x has ${n} examples but y has ${y.shape[0]} labels; the loader must yield one label per image`,
    );
  }
  if (n === 0) throw new RangeError('trainBatch: the batch is empty (x.shape[0] is 0)');
  const shapeProblem = inputShapeProblem(model, x);
  if (shapeProblem !== null) throw new TypeError(`trainBatch: ${shapeProblem}`);
  const requested = options.microBatchSize ?? n;
  if (requested !== 'auto' && (!Number.isInteger(requested) || requested < 1)) {
    throw new RangeError(
      `trainBatch: microBatchSize must be a positive integer or 'auto', got ${describeValue(options.microBatchSize)}`,
    );
  }
  return { optimizer, scale: reduction === 'mean' ? 1 / n : 1, requested };
}

/** Labels checked on the host against the model's class count (a `RangeError` naming the first bad one). */
async function checkLabels(model: LayersModel, y: tf.Tensor): Promise<void> {
  const classes = model.outputs[0]?.shape[1];
  if (typeof classes !== 'number') return;
  const problem = labelProblem(await y.data(), y.shape, classes);
  if (problem !== null) throw new RangeError(`trainBatch: ${problem}`);
}

/**
 * `microBatchSize: 'auto'`: the whole batch when no budget applies, else the largest slice that fits the
 * budget, from the bytes per example measured once per model, backend and input shape on a throwaway
 * micro-batch (see {@link measureBytesPerExample}).
 */
async function planStep(
  model: LayersModel,
  variables: tf.Variable[],
  x: tf.Tensor,
  y: tf.Tensor,
  scale: number,
  memoryBudgetBytes: number | undefined,
): Promise<number> {
  const n = x.shape[0] ?? 0;
  const budget = resolveBudget(memoryBudgetBytes);
  if (!Number.isFinite(budget)) return n;
  const gradBytes = variables.reduce((sum, v) => sum + v.size * 4, 0);
  let known = knownBytesPerExample(model, x);
  if (known === undefined) {
    const probeSize = Math.min(n, PROBE_EXAMPLES);
    known = await measureBytesPerExample(model, gradBytes, () => {
      const probe = microStep(model, variables, x, y, 0, probeSize, n, scale);
      tf.dispose([probe.loss, probe.correct, ...probe.grads]);
    }, probeSize);
    rememberBytesPerExample(model, x, known);
  }
  return planMicroBatch({ budget, baseBytes: tf.memory().numBytes, gradBytes, bytesPerExample: known, batch: n });
}
