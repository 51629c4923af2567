import * as tf from '@tensorflow/tfjs-core';

/** `invert` on an NHWC float batch in [0, 1]: `1 - x`. Call inside `tf.tidy`. */
export function invertBatch(x: tf.Tensor4D): tf.Tensor4D {
  return tf.sub(1, x) as tf.Tensor4D;
}

/** `solarize` on an NHWC float batch in [0, 1]: `1 - x` where `x >= threshold`. Call inside `tf.tidy`. */
export function solarizeBatch(x: tf.Tensor4D, threshold: number): tf.Tensor4D {
  return tf.where(tf.greaterEqual(x, threshold), tf.sub(1, x), x) as tf.Tensor4D;
}
