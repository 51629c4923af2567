import * as tf from '@tensorflow/tfjs-core';
import { roundHalfEven } from '../kernels/pixels.js';
import { floatCopy } from './check.js';

/**
 * `centerCrop` on every sample of an NHWC batch: zero-pads (torchvision's split of the padding) where the
 * batch is smaller than `size`, then slices the centre, offsets rounded as Python's `round`. Returns a new
 * float32 tensor; `x` is kept.
 */
export function centerCropBatch(x: tf.Tensor4D, size: readonly [number, number]): tf.Tensor4D {
  const [ch, cw] = size;
  return tf.tidy(() => {
    let xf = floatCopy(x);
    let [, h, w] = xf.shape;
    if (cw > w || ch > h) {
      const dw = Math.max(cw - w, 0);
      const dh = Math.max(ch - h, 0);
      xf = tf.pad(xf, [[0, 0], [Math.floor(dh / 2), Math.floor((dh + 1) / 2)], [Math.floor(dw / 2), Math.floor((dw + 1) / 2)], [0, 0]]);
      [, h, w] = xf.shape;
    }
    const top = roundHalfEven((h - ch) / 2);
    const left = roundHalfEven((w - cw) / 2);
    return tf.slice(xf, [0, top, left, 0], [-1, ch, cw, -1]);
  });
}
