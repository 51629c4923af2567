import * as tf from '@tensorflow/tfjs-core';
import type { Image } from '../image.js';
import { centerCrop } from '../kernels/crop.js';
import { roundHalfEven } from '../kernels/pixels.js';
import type { BatchTransform, TransformSpec } from '../transform.js';
import { checkBatch, floatCopy } from '../batch/check.js';
import { checkSize } from '../validate.js';

/**
 * Crops the centre (torchvision `CenterCrop`), zero-padding images smaller than the crop.
 *
 * @example
 * ```ts
 * const out = new CenterCrop(24).apply(img);
 * ```
 */
export class CenterCrop implements BatchTransform {
  readonly size: [number, number];

  constructor(size: number | [number] | [number, number]) {
    this.size = checkSize(size);
  }

  apply(img: Image): Image {
    return centerCrop(img, this.size);
  }

  /** Centre-crops an NHWC batch (padding with zeros first where it is smaller than the crop). */
  applyBatch(x: tf.Tensor4D): tf.Tensor4D {
    checkBatch(x, 'CenterCrop');
    const [ch, cw] = this.size;
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

  toJSON(): TransformSpec {
    return { type: 'CenterCrop', options: { size: [...this.size] } };
  }
}
