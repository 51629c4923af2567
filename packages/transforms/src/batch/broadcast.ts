import * as tf from '@tensorflow/tfjs-core';

/*
 * Broadcasting helpers for per-sample and per-pixel values. They expand with a rank-1 matMul (an outer
 * product with ones, exact in float32) or build the full mask on the host, instead of relying on implicit
 * broadcasting over leading axes, which tfjs' pure-JS cpu backend runs element by element with index
 * arithmetic (far slower than a plain elementwise op; see the README's Performance section). On GPU
 * backends both forms are cheap.
 * All helpers must be called inside `tf.tidy`.
 */

/** One value per sample (`[N]` host values or an `[N, 1]` tensor) expanded to `shape` = [N, H, W, C]. */
export function perSample(values: ArrayLike<number> | tf.Tensor2D, shape: readonly [number, number, number, number]): tf.Tensor4D {
  const [n, h, w, c] = shape;
  if (values instanceof tf.Tensor) return tf.reshape(tf.matMul(values, tf.ones([1, h * w * c])), [n, h, w, c]);
  // Host values: fill the full tensor on the host (one upload, no device op).
  const per = h * w * c;
  const full = new Float32Array(n * per);
  for (let s = 0; s < n; s++) full.fill(values[s]!, s * per, (s + 1) * per);
  return tf.tensor4d(full, [n, h, w, c]);
}

/** A one-channel `[N, H, W, 1]` tensor repeated over `channels`. */
export function perPixel(t: tf.Tensor4D, channels: number): tf.Tensor4D {
  const [n, h, w] = t.shape;
  if (channels === 1) return t;
  return tf.reshape(tf.matMul(tf.reshape(t, [n * h * w, 1]), tf.ones([1, channels])), [n, h, w, channels]);
}

/** The weighted sum of the channels of `x`, `[N, H, W, 1]` (e.g. one channel, or grayscale). */
export function mixChannels(x: tf.Tensor4D, weights: readonly number[]): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  return tf.reshape(tf.matMul(tf.reshape(x, [n * h * w, c]), tf.tensor2d(weights as number[], [c, 1])), [n, h, w, 1]);
}

/** A full-shape boolean mask that is true on every element of the flagged samples. */
export function sampleMask(flags: readonly boolean[], shape: readonly [number, number, number, number]): tf.Tensor4D {
  const per = shape[1] * shape[2] * shape[3];
  const m = new Uint8Array(flags.length * per);
  flags.forEach((f, s) => {
    if (f) m.fill(1, s * per, (s + 1) * per);
  });
  return tf.tensor4d(m, shape as [number, number, number, number], 'bool');
}
