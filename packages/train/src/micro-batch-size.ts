import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { totalmem } from 'node:os';
import { TrainInputError } from './errors.js';

/**
 * Default memory budgets (bytes of live tensors during a training step) per backend, used by
 * `microBatchSize: 'auto'`. The wasm backend's heap cannot grow past 4 GiB (and aborts when it
 * must), so half of it is the default there; the onnxruntime route (tfjs-backend-cpu buffers in the
 * machine's memory) gets half the machine's memory; other backends are not split unless a budget is given.
 *
 * @example
 * ```ts
 * DEFAULT_MEMORY_BUDGETS.wasm; // 2147483648
 * ```
 */
export const DEFAULT_MEMORY_BUDGETS: Readonly<Record<string, number>> = Object.freeze({ wasm: 2 * 2 ** 30, onnxruntime: Math.floor(totalmem() / 2) });

/** How many examples the first micro-batch of an 'auto' step measures. */
export const PROBE_EXAMPLES = 8;

const measured = new WeakMap<LayersModel, Map<string, number>>();

function key(x: tf.Tensor): string {
  return `${tf.getBackend()}|${x.shape.slice(1).join('x')}|${x.dtype}`;
}

/** Bytes per example measured earlier for this model, backend and input shape. @internal */
export function knownBytesPerExample(model: LayersModel, x: tf.Tensor): number | undefined {
  return measured.get(model)?.get(key(x));
}

/** Records a measurement. @internal */
export function rememberBytesPerExample(model: LayersModel, x: tf.Tensor, bytes: number): void {
  let byKey = measured.get(model);
  if (!byKey) measured.set(model, (byKey = new Map()));
  byKey.set(key(x), bytes);
}

/** The budget for 'auto' on the current backend (Infinity: do not split). @internal */
export function resolveBudget(memoryBudgetBytes: number | undefined): number {
  if (memoryBudgetBytes !== undefined && !(Number.isFinite(memoryBudgetBytes) && memoryBudgetBytes > 0)) {
    throw new TrainInputError(`memoryBudgetBytes must be a positive finite number of bytes, got ${String(memoryBudgetBytes)}`);
  }
  return memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGETS[tf.getBackend()] ?? Infinity;
}

/**
 * The largest micro-batch whose step fits in `budget` bytes of live tensors: the tensors alive
 * before the step (`baseBytes`: weights, optimizer state, the batch), three gradient-sized sets
 * (accumulated, new, their sum) and `bytesPerExample` for each example's activations.
 *
 * @param batch - the whole batch size (the result is at most this)
 * @example
 * ```ts
 * chooseMicroBatchSize({ budget: 2 ** 31, baseBytes: 1e8, gradBytes: 4.5e7, bytesPerExample: 1.2e7, batch: 256 }); // 166
 * ```
 */
export function chooseMicroBatchSize(p: {
  budget: number;
  baseBytes: number;
  gradBytes: number;
  bytesPerExample: number;
  batch: number;
}): number {
  if (!Number.isFinite(p.budget)) return p.batch;
  const room = p.budget - p.baseBytes - 3 * p.gradBytes;
  const size = Math.floor(room / Math.max(1, p.bytesPerExample));
  if (size < 1) {
    const need = p.baseBytes + 3 * p.gradBytes + p.bytesPerExample;
    throw new TrainInputError(
      `memoryBudgetBytes ${p.budget} is too small: one example needs about ${Math.ceil(need)} bytes of tensors ` +
        `(${Math.ceil(p.bytesPerExample)} per example plus ${Math.ceil(p.baseBytes + 3 * p.gradBytes)} for weights, optimizer state and gradients); raise it or use a smaller model`,
    );
  }
  return Math.min(p.batch, size);
}
