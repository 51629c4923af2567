import * as tf from '@tensorflow/tfjs-core';
import { totalMemory } from './total-memory.js';
import { assertPositiveInteger, checkOptions, describeValue } from '@aug/internal';
import { MICRO_BATCH_OPTION_KEYS } from './option-keys.js';

/** Bytes of the wasm backend's heap: tfjs-backend-wasm 4.22 is a wasm32 build that grows to 4 GiB. */
export const WASM_HEAP_BYTES = 4 * 1024 ** 3;

/**
 * Heap bytes a wasm training step takes per activation float per sample: the activation, its gradient,
 * patch matrices and allocator slack (measured; see the README's "Big batches on wasm").
 */
export const BYTES_PER_ACTIVATION = 24;

/** Bytes an onnxruntime-route training step takes per activation float per sample (measured; see the README). */
export const ORT_BYTES_PER_ACTIVATION = 16;

/** Options of {@link recommendedMicroBatchSize}: how big one example's share of a step is, and the budget. */
export interface MicroBatchOptions {
  /** One sample's shape, e.g. `[32, 32, 3]` (NHWC without the batch). Required with `model` or `activationsPerSample`. */
  inputShape?: readonly number[];
  /** The model to train: its layers' output shapes give the activations kept per sample. */
  model?: { readonly layers: ReadonlyArray<{ readonly outputShape: unknown }> };
  /** Or the activation floats kept per sample, when there is no `model` to read them from. */
  activationsPerSample?: number;
  /**
   * Or the bytes one example takes in a step, measured (e.g. with `tf.profile`): used as it is instead
   * of the activation estimate.
   */
  bytesPerExample?: number;
  /** Bytes the step needs whatever its size: weights, optimizer state, gradients. Default 0. */
  reservedBytes?: number;
  /** The tfjs backend to plan for. Default: `tf.getBackend()`. */
  backend?: string;
  /** Bytes the step may use. Default: {@link defaultMemoryBudget} of the backend (none: never split). */
  memoryBudgetBytes?: number;
  /**
   * Split into equal micro-batches (the largest divisor of the batch that fits). Default true; false
   * gives the largest size that fits (the last micro-batch is then smaller).
   */
  equalSplit?: boolean;
}

/**
 * The memory aug plans a training step in on `backend`: half the wasm heap (it cannot grow past 4 GiB
 * and aborts when it must), half the machine's memory on the onnxruntime route (tfjs-backend-cpu buffers
 * plus onnxruntime's), or null where steps are not split unless asked (cpu, tensorflow, webgpu).
 *
 * @example
 * ```ts
 * import { defaultMemoryBudget } from '@aug/backend';
 * defaultMemoryBudget('wasm'); // 2147483648
 * defaultMemoryBudget('cpu'); // null
 * ```
 */
export function defaultMemoryBudget(backend: string = tf.getBackend()): number | null {
  if (backend === 'wasm') return WASM_HEAP_BYTES / 2;
  if (backend === 'onnxruntime') return Math.floor(totalMemory() / 2);
  return null;
}

function floatsOf(shape: unknown): number {
  if (!Array.isArray(shape)) return 0;
  if (shape.length > 0 && Array.isArray(shape[0])) return (shape as unknown[]).reduce<number>((s, x) => s + floatsOf(x), 0);
  return (shape as Array<number | null>).slice(1).reduce<number>((p, d) => p * (d ?? 1), 1);
}

function checkInputShape(inputShape: unknown): asserts inputShape is readonly number[] {
  if (!Array.isArray(inputShape) || inputShape.length === 0 || inputShape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new RangeError(`recommendedMicroBatchSize: options.inputShape must be positive integers like [32, 32, 3]; got ${describeValue(inputShape)}`);
  }
}

function estimatedBytesPerExample(options: MicroBatchOptions, backend: string): number {
  const { inputShape } = options;
  checkInputShape(inputShape);
  let activations = options.activationsPerSample ?? (options.model ? options.model.layers.reduce((s, l) => s + floatsOf(l.outputShape), 0) : NaN);
  if (!Number.isFinite(activations)) {
    throw new TypeError('recommendedMicroBatchSize: pass options.model (a tf.LayersModel), options.activationsPerSample or options.bytesPerExample');
  }
  activations += inputShape.reduce((p, d) => p * d, 1);
  return (backend === 'onnxruntime' ? ORT_BYTES_PER_ACTIVATION : BYTES_PER_ACTIVATION) * activations;
}

/**
 * How many samples a training step should take at a time so that it fits the memory budget, or null
 * when the whole batch fits (or the backend has no budget: cpu, tensorflow and webgpu use their memory
 * unplanned unless `memoryBudgetBytes` is given). A step needs `reservedBytes` plus each example's share:
 * `bytesPerExample` when measured, else an estimate from the model's activations (every layer's
 * activation, its gradient and a patch matrix per convolution: {@link BYTES_PER_ACTIVATION} bytes per
 * activation float on wasm). By default the batch is split into equal micro-batches (the largest divisor
 * of `batchSize` that fits). `trainBatch({ microBatchSize })` in `@aug/train` does the accumulation (its
 * `'auto'` measures `bytesPerExample` and plans with this function); BatchNorm statistics are then per
 * micro-batch.
 *
 * Throws a `RangeError` naming `memoryBudgetBytes` when not even one example fits.
 *
 * @example
 * ```ts
 * import { recommendedMicroBatchSize, useBackend } from '@aug/backend';
 * await useBackend('wasm');
 * const micro = recommendedMicroBatchSize(256, { inputShape: [32, 32, 3], model: resnet18() }); // 32
 * ```
 */
export function recommendedMicroBatchSize(batchSize: number, options: MicroBatchOptions): number | null {
  assertPositiveInteger(batchSize, 'batchSize', { where: 'recommendedMicroBatchSize' });
  checkOptions(options, MICRO_BATCH_OPTION_KEYS, 'recommendedMicroBatchSize');
  if (options.inputShape !== undefined) checkInputShape(options.inputShape);
  const backend = options.backend ?? tf.getBackend();
  const budget = options.memoryBudgetBytes ?? defaultMemoryBudget(backend);
  if (budget === null) return null;
  if (!(budget > 0) || !Number.isFinite(budget)) {
    throw new RangeError(`recommendedMicroBatchSize: options.memoryBudgetBytes must be a positive finite number of bytes; got ${describeValue(budget)}`);
  }
  const reserved = options.reservedBytes ?? 0;
  if (!(reserved >= 0) || !Number.isFinite(reserved)) {
    throw new RangeError(`recommendedMicroBatchSize: options.reservedBytes must be a finite number >= 0; got ${describeValue(reserved)}`);
  }
  const perExample = options.bytesPerExample ?? estimatedBytesPerExample(options, backend);
  if (!(perExample > 0) || !Number.isFinite(perExample)) {
    throw new RangeError(`recommendedMicroBatchSize: options.bytesPerExample must be a positive finite number; got ${describeValue(perExample)}`);
  }
  const fits = Math.floor((budget - reserved) / perExample);
  if (fits < 1) {
    throw new RangeError(
      `memoryBudgetBytes ${budget} is too small: one example needs about ${Math.ceil(reserved + perExample)} bytes ` +
        `(${Math.ceil(perExample)} per example plus ${Math.ceil(reserved)} for weights, optimizer state and gradients); raise it or use a smaller model or input`,
    );
  }
  if (fits >= batchSize) return null;
  if (options.equalSplit === false) return fits;
  for (let size = fits; size >= 1; size--) if (batchSize % size === 0) return size;
  return 1;
}
