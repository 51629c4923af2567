import * as tf from '@tensorflow/tfjs-core';

/** torchvision's `autocontrast` on an NHWC float batch (per sample and channel, in float32). Call inside `tf.tidy`. */
export function autocontrastBatch(x: tf.Tensor4D): tf.Tensor4D {
  const lo = tf.min(x, [1, 2], true);
  const hi = tf.max(x, [1, 2], true);
  const flat = tf.equal(lo, hi);
  const scale = tf.where(flat, tf.onesLike(lo), tf.div(1, tf.sub(hi, lo)));
  const min = tf.where(flat, tf.zerosLike(lo), lo);
  return tf.clipByValue(tf.mul(tf.sub(x, min), scale), 0, 1) as tf.Tensor4D;
}
