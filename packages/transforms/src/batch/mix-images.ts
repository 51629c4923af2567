import * as tf from '@tensorflow/tfjs-core';
import { rollBatch } from './roll.js';

/** MixUp's images: `lam * x + (1 - lam) * roll(x)` (each sample blended with the one before it). Call inside `tf.tidy`. */
export function mixUpImages(x: tf.Tensor4D, lam: number): tf.Tensor4D {
  return tf.add(tf.mul(rollBatch(x), 1 - lam), tf.mul(x, lam)) as tf.Tensor4D;
}

/**
 * CutMix's images: the box `[x1, y1, x2, y2]` (end exclusive) of each sample replaced by the same box of
 * the sample before it (`roll(x)`). The mask is built full-shape on the host (no broadcasting, which is slow
 * on tfjs' cpu backends; values are copied exactly). Call inside `tf.tidy`.
 */
export function cutMixImages(x: tf.Tensor4D, box: readonly [number, number, number, number]): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const [x1, y1, x2, y2] = box;
  const per = h * w * c;
  const mask = new Uint8Array(n * per);
  for (let yy = y1; yy < y2; yy++) mask.fill(1, (yy * w + x1) * c, (yy * w + x2) * c);
  for (let s = 1; s < n; s++) mask.copyWithin(s * per, 0, per);
  return tf.where(tf.tensor4d(mask, [n, h, w, c], 'bool'), rollBatch(x), x) as tf.Tensor4D;
}
