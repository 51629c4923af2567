import * as tf from '@tensorflow/tfjs-core';
import type { CropBox } from '../crop-box.js';
import { perPixel } from './broadcast.js';
import type { Interpolation } from '../kernels/resize.js';
import type { AxisWeights } from '../kernels/resize-weights.js';
import { axisWeights, nearestIndices } from '../kernels/resize-weights.js';


/** Per-sample taps along one axis, flattened as [sample][tap][output]. */
interface BatchTaps {
  taps: number;
  indices: Int32Array;
  weights: Float32Array;
}

function axisTaps(boxes: readonly CropBox[], axis: 'y' | 'x', outSize: number, interpolation: Interpolation, antialias: boolean): BatchTaps {
  const n = boxes.length;
  const tables: AxisWeights[] = [];
  let taps = 1;
  if (interpolation !== 'nearest') {
    for (const b of boxes) {
      const size = axis === 'y' ? b.height : b.width;
      const t = axisWeights(size, outSize, interpolation, antialias);
      tables.push(t);
      for (let o = 0; o < outSize; o++) taps = Math.max(taps, t.count[o]!);
    }
  }
  const indices = new Int32Array(n * taps * outSize);
  const weights = new Float32Array(n * taps * outSize);
  for (let s = 0; s < n; s++) {
    const b = boxes[s]!;
    const offset = axis === 'y' ? b.top : b.left;
    const size = axis === 'y' ? b.height : b.width;
    if (interpolation === 'nearest') {
      const idx = nearestIndices(size, outSize);
      for (let o = 0; o < outSize; o++) {
        indices[s * outSize + o] = offset + idx[o]!;
        weights[s * outSize + o] = 1;
      }
      continue;
    }
    const t = tables[s]!;
    for (let j = 0; j < taps; j++) {
      for (let o = 0; o < outSize; o++) {
        const k = (s * taps + j) * outSize + o;
        const has = j < t.count[o]!;
        indices[k] = offset + (has ? t.start[o]! + j : t.start[o]!);
        weights[k] = has ? t.weights[o * t.stride + j]! : 0;
      }
    }
  }
  return { taps, indices, weights };
}

/**
 * Weighted sum of gathers along `axis` (1 = rows, 2 = columns) with per-sample indices. Gathers run on
 * 2-D views with global row indices, and the weights are expanded on the host to [N, ., ., 1] and over the
 * channels by a rank-1 matMul (see broadcast.ts).
 */
function gatherAxis(x: tf.Tensor4D, taps: BatchTaps, axis: 1 | 2, outSize: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const outShape: [number, number, number, number] = axis === 1 ? [n, outSize, w, c] : [n, h, outSize, c];
  const view = axis === 1 ? tf.reshape(x, [n * h, w * c]) : tf.reshape(x, [n * h * w, c]);
  const pixels = outShape[0] * outShape[1] * outShape[2];
  let acc: tf.Tensor4D | null = null;
  for (let j = 0; j < taps.taps; j++) {
    const idx = new Int32Array(axis === 1 ? n * outSize : pixels);
    const wt = new Float32Array(pixels);
    for (let s = 0; s < n; s++) {
      const base = (s * taps.taps + j) * outSize;
      if (axis === 1) {
        for (let o = 0; o < outSize; o++) {
          idx[s * outSize + o] = s * h + taps.indices[base + o]!;
          wt.fill(taps.weights[base + o]!, (s * outSize + o) * w, (s * outSize + o + 1) * w);
        }
      } else {
        for (let y = 0; y < h; y++) {
          for (let o = 0; o < outSize; o++) {
            const k = (s * h + y) * outSize + o;
            idx[k] = (s * h + y) * w + taps.indices[base + o]!;
            wt[k] = taps.weights[base + o]!;
          }
        }
      }
    }
    const g = tf.reshape(tf.gather(view, tf.tensor1d(idx, 'int32')), outShape) as tf.Tensor4D;
    const term = (taps.taps === 1 ? g : tf.mul(g, perPixel(tf.tensor4d(wt, [outShape[0], outShape[1], outShape[2], 1]), c))) as tf.Tensor4D;
    acc = acc === null ? term : (tf.add(acc, term) as tf.Tensor4D);
  }
  return acc!;
}

/**
 * Crop-and-resize for a batch with one box per sample, using the same half-pixel bilinear / antialias /
 * nearest weights as the per-image kernel (so it agrees with `resizedCrop` to float32 rounding):
 * a weighted sum of per-sample row gathers, then of column gathers. Call inside `tf.tidy`.
 */
export function cropAndResizeBatch(
  x: tf.Tensor4D,
  boxes: readonly CropBox[],
  size: readonly [number, number],
  interpolation: Interpolation,
  antialias: boolean,
): tf.Tensor4D {
  const [oh, ow] = size;
  const ty = axisTaps(boxes, 'y', oh, interpolation, antialias);
  const tx = axisTaps(boxes, 'x', ow, interpolation, antialias);
  const rows = gatherAxis(x, ty, 1, oh);
  return gatherAxis(rows, tx, 2, ow);
}
