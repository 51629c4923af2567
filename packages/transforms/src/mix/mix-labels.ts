import * as tf from '@tensorflow/tfjs-core';
import { rollBatch } from '../batch/roll.js';

/** One-hot labels mixed with their roll: `lam * onehot + (1 - lam) * roll(onehot)` (torchvision v2's `_mixup_label`). Call inside `tf.tidy`. */
export function mixLabels(y: tf.Tensor1D, numClasses: number, lam: number): tf.Tensor2D {
  const oneHot = tf.cast(tf.oneHot(y, numClasses), 'float32') as tf.Tensor2D;
  return tf.add(tf.mul(rollBatch(oneHot), 1 - lam), tf.mul(oneHot, lam)) as tf.Tensor2D;
}
