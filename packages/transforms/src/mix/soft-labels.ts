import { assertPositiveInteger, describeValue } from '@aug/internal';
import * as tf from '@tensorflow/tfjs-core';
import { cannotTransform } from '../sample/apply-sample.js';
import { flattenSample, isSampleInput } from '../sample/sample-tree.js';
import { checkOptions } from '../validate.js';

/** A batch of images with integer labels, as the DataLoader yields. */
export interface LabelledBatch {
  /** NHWC float32 images. */
  x: tf.Tensor4D;
  /** int32 class indices in [0, numClasses). */
  y: tf.Tensor1D;
}

/** A batch with soft labels: one probability row per sample. */
export interface SoftBatch {
  /** NHWC float32 images. */
  x: tf.Tensor4D;
  /** float32 `[N, numClasses]`, each row summing to 1. */
  y: tf.Tensor2D;
}

/** Options of MixUp and CutMix, torchvision v2's argument names. */
export interface MixOptions {
  /** Concentration of the Beta(alpha, alpha) the mixing weight is drawn from. Default 1. */
  alpha?: number;
  /** Number of classes for the one-hot labels (required). */
  numClasses: number;
}

/** Checks a batch `{ x, y }` for MixUp / CutMix and returns its size. */
export function checkLabelledBatch(batch: LabelledBatch, numClasses: number, where: string): number {
  if (isSampleInput(batch)) {
    // torchvision v2's MixUp/CutMix refuse boxes and masks: mixing two pictures has no meaning for them.
    const leaf = flattenSample(batch, new Set(), 'batch').leaves.find((l) => l.kind !== 'other');
    if (leaf !== undefined) {
      throw cannotTransform(where, leaf, `${where} mixes whole batches of images with their class labels ({ x: Tensor4D, y: Tensor1D }); it does not support ${leaf.kind === 'image' ? 'per-sample images' : 'bounding boxes, masks or key points'}`);
    }
  }
  if (batch === null || typeof batch !== 'object' || !(batch.x instanceof tf.Tensor) || !(batch.y instanceof tf.Tensor)) {
    throw new TypeError(`${where}.apply needs a batch { x: Tensor4D, y: Tensor1D }, got ${describeValue(batch)}`);
  }
  const { x, y } = batch;
  if (x.rank !== 4 || x.dtype !== 'float32') throw new TypeError(`${where}: batch.x must be a float32 NHWC Tensor4D, got rank ${x.rank} ${x.dtype}`);
  if (y.rank !== 1 || y.dtype !== 'int32') {
    throw new TypeError(`${where}: batch.y must be a 1-D int32 tensor of class indices (shape [N]), got shape ${describeValue(y.shape)} ${y.dtype}`);
  }
  if (y.shape[0] !== x.shape[0]) throw new RangeError(`${where}: batch.x has ${x.shape[0]} samples but batch.y has ${y.shape[0]} labels`);
  const labels = y.dataSync();
  const bad = labels.findIndex((v) => v < 0 || v >= numClasses);
  if (bad >= 0) throw new RangeError(`${where}: label ${labels[bad]} at index ${bad} is outside [0, numClasses) = [0, ${numClasses})`);
  return x.shape[0];
}

/** Checks MixUp/CutMix options. */
export function checkMixOptions(options: MixOptions, where: string): { alpha: number; numClasses: number } {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${where} options must be an object { alpha, numClasses }, got ${describeValue(options)}`);
  }
  checkOptions(options, ['alpha', 'numClasses'], where);
  const alpha = options.alpha ?? 1;
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha <= 0) throw new RangeError(`alpha must be a positive number, got ${describeValue(alpha)}`);
  return { alpha, numClasses: assertPositiveInteger(options.numClasses, 'numClasses') };
}
