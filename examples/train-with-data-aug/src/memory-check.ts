import os from 'node:os';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** Set to 1 to train a batch whose estimated step does not fit this machine's memory (e.g. with swap to spare). */
export const ALLOW_LARGE_BATCH_ENV = 'AUG_ALLOW_LARGE_BATCH';

/**
 * Factor on the forward activations for a training step: each layer's output is kept for the backward pass
 * (1), its gradient is computed (1), and the backends hold temporaries of about the same size (1).
 */
export const STEP_MEMORY_FACTOR = 3;

/** A batch size whose training step would not fit the machine's memory. */
export class BatchTooLargeError extends Error {
  override name = 'BatchTooLargeError';
}

/**
 * Float32 bytes of one example's activations in `model`: the sum over its layers of each output's size
 * (without the batch dimension) times 4, plus the input image itself.
 */
export function activationBytesPerExample(model: LayersModel): number {
  const size = (shape: readonly (number | null)[]): number => shape.slice(1).reduce<number>((a, d) => a * (d ?? 1), 1);
  let values = size(model.inputs[0]?.shape ?? []);
  for (const layer of model.layers) {
    const out = layer.outputShape as (number | null)[] | (number | null)[][];
    const shapes = Array.isArray(out[0]) ? (out as (number | null)[][]) : [out as (number | null)[]];
    for (const s of shapes) values += size(s);
  }
  return values * 4;
}

const gb = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

/**
 * Refuses, before any training, a batch size whose step would not fit: the estimate is the model's
 * activations per example ({@link activationBytesPerExample}) x the images per step (`perStep`: the batch size, or
 * the training set's size when that is smaller) x {@link STEP_MEMORY_FACTOR},
 * checked against the machine's memory (`os.totalmem()`). Throws a {@link BatchTooLargeError} saying the
 * estimate, the limit and the largest batch size that fits; `AUG_ALLOW_LARGE_BATCH=1` skips the check.
 */
export function checkBatchFits(model: LayersModel, batchSize: number, perStep = batchSize, totalBytes = os.totalmem(), env = process.env): void {
  if (env[ALLOW_LARGE_BATCH_ENV] === '1') return;
  const perExample = activationBytesPerExample(model) * STEP_MEMORY_FACTOR;
  const estimate = perExample * perStep;
  if (estimate <= totalBytes) return;
  const fits = Math.max(1, Math.floor(totalBytes / perExample));
  throw new BatchTooLargeError(
    `--batch-size ${batchSize}: one training step would need about ${gb(estimate)} (the model's activations, ` +
      `${(perExample / STEP_MEMORY_FACTOR / 2 ** 20).toFixed(2)} MiB per image, x ${perStep} images x ${STEP_MEMORY_FACTOR} for the backward pass), ` +
      `more than this machine's ${gb(totalBytes)} of memory. Use --batch-size ${fits} or less ` +
      `(or set ${ALLOW_LARGE_BATCH_ENV}=1 to try anyway).`,
  );
}
