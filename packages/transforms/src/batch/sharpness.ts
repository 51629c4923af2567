import * as tf from '@tensorflow/tfjs-core';

/**
 * torchvision's `adjust_sharpness` on an NHWC float batch: the 3x3 smoothing as one depthwise convolution
 * over the interior (border pixels keep their value in the smoothed image), then the blend. Call inside
 * `tf.tidy`.
 */
export function sharpnessBatch(x: tf.Tensor4D, factor: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  if (h <= 2 || w <= 2) return x;
  const k = new Float32Array(9 * c);
  for (let i = 0; i < 9; i++) k.fill(i === 4 ? Math.fround(5 / 13) : Math.fround(1 / 13), i * c, (i + 1) * c);
  const interior = tf.depthwiseConv2d(x, tf.tensor4d(k, [3, 3, c, 1]), 1, 'valid');
  const border = new Float32Array(h * w);
  for (let y = 0; y < h; y++) for (let q = 0; q < w; q++) border[y * w + q] = y === 0 || q === 0 || y === h - 1 || q === w - 1 ? 1 : 0;
  const borderMask = tf.tile(tf.tensor4d(border, [1, h, w, 1]), [n, 1, 1, c]);
  const blurred = tf.add(tf.pad(interior, [[0, 0], [1, 1], [1, 1], [0, 0]]), tf.mul(x, borderMask));
  return tf.clipByValue(tf.add(tf.mul(x, factor), tf.mul(blurred, 1 - factor)), 0, 1) as tf.Tensor4D;
}
