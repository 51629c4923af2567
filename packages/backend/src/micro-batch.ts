import * as tf from '@tensorflow/tfjs-core';
import { totalmem } from 'node:os';

/** Bytes of the wasm backend's heap: tfjs-backend-wasm 4.22 is a wasm32 build that grows to 4 GiB. */
export const WASM_HEAP_BYTES = 4 * 1024 ** 3;

/**
 * Heap bytes a wasm training step takes per activation float per sample. Measured: @aug/models'
 * ResNet-18 at 32x32 keeps 2.12M activation floats per sample and grows the wasm heap by ~51 MiB
 * per sample (650 MiB at batch 8, 1058 MiB at batch 16): ~24 bytes, i.e. the activation, its
 * gradient, patch matrices and allocator slack.
 */
export const BYTES_PER_ACTIVATION = 24;

/**
 * Bytes a training step on the onnxruntime route takes per activation float per sample: the tensors
 * live at the peak of a ResNet-18 step (`tf.profile`'s peakBytes: 832 MiB at batch 32, 2.12M
 * activation floats per sample, ~13 bytes), plus onnxruntime's own patch matrices.
 */
export const ORT_BYTES_PER_ACTIVATION = 16;

/** Options of {@link recommendedMicroBatchSize}. */
export interface MicroBatchOptions {
  /** One sample's shape, e.g. `[32, 32, 3]` (NHWC without the batch). Required. */
  inputShape: readonly number[];
  /** The model to train: its layers' output shapes give the activations kept per sample. */
  model?: { readonly layers: ReadonlyArray<{ readonly outputShape: unknown }> };
  /** Or the activation floats kept per sample, when there is no `model` to read them from. */
  activationsPerSample?: number;
  /** The tfjs backend to plan for. Default: `tf.getBackend()`. */
  backend?: string;
  /** Memory the step may use on that backend. Default for wasm: half its 4 GiB heap; for onnxruntime: half the machine's memory. */
  memoryLimitBytes?: number;
}

function floatsOf(shape: unknown): number {
  if (!Array.isArray(shape)) return 0;
  if (shape.length > 0 && Array.isArray(shape[0])) return (shape as unknown[]).reduce<number>((s, x) => s + floatsOf(x), 0);
  return (shape as Array<number | null>).slice(1).reduce<number>((p, d) => p * (d ?? 1), 1);
}

/**
 * How many samples a training step should take at a time on the active backend, or null when the
 * whole batch fits (always null on cpu and tensorflow, which use the machine's memory unplanned; on
 * onnxruntime the budget is half the machine's memory, so ResNet-18 at batch 256 runs in one step on a
 * 24 GiB machine). The wasm backend
 * keeps everything in one wasm32 heap of at most 4 GiB; a step holds every layer's activation, its
 * gradient and a patch matrix per convolution, about {@link BYTES_PER_ACTIVATION} bytes per
 * activation float (measured), so a batch
 * whose estimate exceeds the limit is split into equal micro-batches (the largest divisor of
 * `batchSize` that fits, so the averaged gradient equals the full batch's). `trainBatch({
 * microBatchSize })` does the accumulation; BatchNorm statistics are then per micro-batch.
 *
 * @example
 * ```ts
 * import { recommendedMicroBatchSize, useBackend } from '@aug/backend';
 * await useBackend('wasm');
 * const micro = recommendedMicroBatchSize(256, { inputShape: [32, 32, 3], model: resnet18() }); // 32
 * ```
 */
export function recommendedMicroBatchSize(batchSize: number, options: MicroBatchOptions): number | null {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`recommendedMicroBatchSize: batchSize must be a positive integer; got ${String(batchSize)}`);
  }
  const { inputShape } = options;
  if (!Array.isArray(inputShape) || inputShape.length === 0 || inputShape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new RangeError(`recommendedMicroBatchSize: options.inputShape must be positive integers like [32, 32, 3]; got ${JSON.stringify(inputShape)}`);
  }
  const backend = options.backend ?? tf.getBackend();
  const limit = options.memoryLimitBytes ?? (backend === 'wasm' ? WASM_HEAP_BYTES / 2 : backend === 'onnxruntime' ? totalmem() / 2 : null);
  if (limit === null) return null;
  if (!(limit > 0)) throw new RangeError(`recommendedMicroBatchSize: options.memoryLimitBytes must be positive; got ${String(limit)}`);
  let activations = options.activationsPerSample ?? (options.model ? options.model.layers.reduce((s, l) => s + floatsOf(l.outputShape), 0) : NaN);
  if (!Number.isFinite(activations)) {
    throw new TypeError('recommendedMicroBatchSize: pass options.model (a tf.LayersModel) or options.activationsPerSample');
  }
  activations += inputShape.reduce((p, d) => p * d, 1);
  const bytesPerSample = (backend === 'onnxruntime' ? ORT_BYTES_PER_ACTIVATION : BYTES_PER_ACTIVATION) * activations;
  const fits = Math.max(1, Math.floor(limit / bytesPerSample));
  if (fits >= batchSize) return null;
  for (let size = fits; size >= 1; size--) if (batchSize % size === 0) return size;
  return 1;
}
