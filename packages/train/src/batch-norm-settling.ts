import { assertInteger } from '@aug/internal';

/** The part of a tfjs-layers model {@link batchNormSettling} reads. */
export interface LayersLike {
  readonly layers: ReadonlyArray<{ getClassName(): string; getConfig(): { [key: string]: unknown } }>;
}

/** How far a run lets BatchNorm's running statistics move from their initial values (mean 0, variance 1). */
export interface BatchNormSettling {
  /** BatchNormalization layers in the model (0: nothing to settle). */
  layers: number;
  /** Running-statistics updates each layer gets: one per forward pass in training mode (per micro-batch). */
  updates: number;
  /** The largest Keras `momentum` among the layers (PyTorch's 0.1 is Keras' 0.9). */
  momentum: number;
  /** Weight the initial statistics keep after `updates` updates: `momentum ** updates`. */
  initialWeight: number;
  /** Whether `updates` reaches `minUpdates`. */
  settled: boolean;
  /** A warning for the user when not settled, else null. */
  warning: string | null;
}

/** Updates below which {@link batchNormSettling} warns: after 50 updates at momentum 0.9, 0.5% of the initial statistics remain. */
export const MIN_BATCH_NORM_UPDATES = 50;

/**
 * Whether a run takes enough optimizer steps for BatchNorm's running statistics to settle. In
 * evaluation mode BatchNorm normalises with its running mean and variance, which start at 0 and 1 and
 * move by `1 - momentum` (PyTorch's 0.1) of the batch statistics per training step; after `n` steps the
 * start still weighs `momentum ** n` (35% after 10 steps). A network whose real activations have a
 * variance of ~0.01 is then normalised by a variance near 0.35 and predicts one class for nearly every
 * image: test accuracy (always measured in eval mode, as d2l and PyTorch do) says nothing about what
 * the network learned. Train for more steps (epochs, images or smaller batches) before trusting it.
 *
 * @param model - the model to train (its `BatchNormalization` layers are counted)
 * @param updates - training forward passes the run makes: epochs x batches per epoch (x micro-batches)
 * @param minUpdates - the threshold (default {@link MIN_BATCH_NORM_UPDATES})
 * @example
 * ```ts
 * const s = batchNormSettling(resnet18(), 2 * 5); // 2 epochs of 5 batches
 * if (s.warning) console.warn(s.warning); // "... 10 updates ... 35% ..."
 * ```
 */
export function batchNormSettling(model: LayersLike, updates: number, minUpdates = MIN_BATCH_NORM_UPDATES): BatchNormSettling {
  assertInteger(updates, 'updates', { min: 0, where: 'batchNormSettling' });
  assertInteger(minUpdates, 'minUpdates', { min: 1, where: 'batchNormSettling' });
  let layers = 0;
  let momentum = 0;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    layers++;
    const m = Number(layer.getConfig()['momentum'] ?? 0.99);
    if (Number.isFinite(m)) momentum = Math.max(momentum, m);
  }
  const initialWeight = layers === 0 ? 0 : momentum ** updates;
  const settled = layers === 0 || updates >= minUpdates;
  const warning = settled
    ? null
    : `warning: this run makes ${updates} training step${updates === 1 ? '' : 's'}, fewer than ${minUpdates}: the running statistics of the model's ${layers} ` +
      `BatchNorm layers still weigh their initial values (mean 0, variance 1) at ${(initialWeight * 100).toFixed(0)}% at the end, so accuracy in eval mode ` +
      `(the test accuracy) will not reflect what the network learned. Train more steps (more epochs or images, or a smaller batch) for a meaningful test accuracy.`;
  return { layers, updates, momentum, initialWeight, settled, warning };
}
