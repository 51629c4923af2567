import * as tf from '@tensorflow/tfjs-core';
import { applyToFlagged } from './flagged.js';

/**
 * Flips the flagged samples of an NHWC batch along height (`axis` 1) or width (`axis` 2), as `vflip` /
 * `hflip` on each; the others are copied. A vertical flip is a left-right flip of the `[N, 1, H, W*C]` view.
 */
export function flipBatch(x: tf.Tensor4D, flags: readonly boolean[], axis: 1 | 2): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  return applyToFlagged(x, flags, (xf) =>
    axis === 2 ? tf.image.flipLeftRight(xf) : tf.reshape(tf.image.flipLeftRight(tf.reshape(xf, [n, 1, h, w * c])), [n, h, w, c]),
  );
}
