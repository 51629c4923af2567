import * as tf from '@tensorflow/tfjs-core';
import type { AxisWeights, Interpolation } from '../kernels/resize.js';
import { antialiasWeights, linearWeights, nearestIndices } from '../kernels/resize.js';

/** A box to resample per sample of a batch, in pixels of the input. */
export interface BatchBox {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** Per-sample taps along one axis, flattened as [sample][tap][output]. */
interface BatchTaps {
  taps: number;
  indices: Int32Array;
  weights: Float32Array;
}

function axisTaps(boxes: readonly BatchBox[], axis: 'y' | 'x', outSize: number, interpolation: Interpolation, antialias: boolean): BatchTaps {
  const n = boxes.length;
  const tables: AxisWeights[] = [];
  let taps = 1;
  if (interpolation !== 'nearest') {
    for (const b of boxes) {
      const size = axis === 'y' ? b.height : b.width;
      const t = antialias ? antialiasWeights(size, outSize) : linearWeights(size, outSize);
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

/** Weighted sum of gathers along `axis` (1 = rows, 2 = columns) with per-sample indices. */
function gatherAxis(x: tf.Tensor4D, taps: BatchTaps, axis: 1 | 2, outSize: number): tf.Tensor4D {
  const n = x.shape[0];
  const weightShape: [number, number, number, number] = axis === 1 ? [n, outSize, 1, 1] : [n, 1, outSize, 1];
  let acc: tf.Tensor4D | null = null;
  for (let j = 0; j < taps.taps; j++) {
    const idx = new Int32Array(n * outSize);
    const w = new Float32Array(n * outSize);
    for (let s = 0; s < n; s++) {
      idx.set(taps.indices.subarray((s * taps.taps + j) * outSize, (s * taps.taps + j + 1) * outSize), s * outSize);
      w.set(taps.weights.subarray((s * taps.taps + j) * outSize, (s * taps.taps + j + 1) * outSize), s * outSize);
    }
    const g = tf.gather(x, tf.tensor2d(idx, [n, outSize], 'int32'), axis, 1) as tf.Tensor4D;
    const term = (taps.taps === 1 ? g : tf.mul(g, tf.tensor4d(w, weightShape))) as tf.Tensor4D;
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
  boxes: readonly BatchBox[],
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
