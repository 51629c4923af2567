import * as tf from '@tensorflow/tfjs-core';
import type { CropBox } from '../crop-box.js';
import type { PaddingMode } from '../kernels/pad.js';
import { checkPadFits, padSourceIndex } from '../kernels/pad.js';
import { floatCopy } from './check.js';

/** Where each row and column of a padded image comes from: a source index, or -1 for the fill. */
export interface PaddedIndex {
  rows: number[];
  cols: number[];
}

/**
 * Composes padding steps (`[left, top, right, bottom]` each, applied in order as `pad` would) on a
 * `height` x `width` image into one source index per padded row and column, without touching pixels.
 * Throws as `pad` does when a reflect/symmetric step does not fit.
 */
export function paddedIndex(height: number, width: number, steps: readonly (readonly [number, number, number, number])[], mode: PaddingMode): PaddedIndex {
  let rows = Array.from({ length: height }, (_, i) => i);
  let cols = Array.from({ length: width }, (_, i) => i);
  for (const [l, t, r, b] of steps) {
    checkPadFits([l, t, r, b], rows.length, cols.length, mode);
    const pr = rows;
    const pc = cols;
    rows = Array.from({ length: pr.length + t + b }, (_, i) => {
      const s = padSourceIndex(i - t, pr.length, mode);
      return s < 0 ? -1 : pr[s]!;
    });
    cols = Array.from({ length: pc.length + l + r }, (_, i) => {
      const s = padSourceIndex(i - l, pc.length, mode);
      return s < 0 ? -1 : pc[s]!;
    });
  }
  return { rows, cols };
}

/**
 * Crops one `size` box per sample (boxes in padded coordinates) from an NHWC batch padded as `index`
 * says, with two per-sample gathers (rows, then columns); `fill` has one value per channel. Returns a new
 * float32 tensor; `x` is kept.
 */
export function padCropBatch(x: tf.Tensor4D, index: PaddedIndex, boxes: readonly CropBox[], size: readonly [number, number], fill: readonly number[]): tf.Tensor4D {
  const [n, , w0, c] = x.shape;
  const [th, tw] = size;
  const { rows, cols } = index;
  return tf.tidy(() => {
    // Index 0 of the extended tensors is the fill value; source index i is stored at i + 1.
    const xf = floatCopy(x);
    const fillRow = tf.broadcastTo(tf.tensor4d(fill as number[], [1, 1, 1, c]), [n, 1, w0, c]);
    const withRow = tf.concat([fillRow, xf], 1);
    const rowIdx = new Int32Array(n * th);
    boxes.forEach((b, s) => {
      for (let i = 0; i < th; i++) rowIdx[s * th + i] = rows[b.top + i]! + 1;
    });
    const picked = tf.gather(withRow, tf.tensor2d(rowIdx, [n, th], 'int32'), 1, 1) as tf.Tensor4D;
    const fillCol = tf.broadcastTo(tf.tensor4d(fill as number[], [1, 1, 1, c]), [n, th, 1, c]);
    const withCol = tf.concat([fillCol, picked], 2);
    const colIdx = new Int32Array(n * tw);
    boxes.forEach((b, s) => {
      for (let j = 0; j < tw; j++) colIdx[s * tw + j] = cols[b.left + j]! + 1;
    });
    return tf.gather(withCol, tf.tensor2d(colIdx, [n, tw], 'int32'), 2, 1) as tf.Tensor4D;
  });
}
