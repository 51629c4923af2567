import * as tf from '@tensorflow/tfjs-core';
import { LUMA } from '../kernels/color.js';

/** Grayscale of an NHWC batch with 3 channels, keeping a channel axis of 1. Call inside `tf.tidy`. */
export function grayBatch(x: tf.Tensor4D): tf.Tensor4D {
  return tf.sum(tf.mul(x, tf.tensor1d([...LUMA])), -1, true) as tf.Tensor4D;
}

/**
 * Hue rotation of an NHWC RGB batch by one factor per sample, with torchvision's `_rgb2hsv` / `_hsv2rgb`
 * formulas as vectorised tf ops. Call inside `tf.tidy`.
 */
export function hueBatch(x: tf.Tensor4D, factors: readonly number[]): tf.Tensor4D {
  const n = x.shape[0];
  const [r, g, b] = tf.split(x, 3, -1) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
  const maxc = tf.max(x, -1, true);
  const minc = tf.min(x, -1, true);
  const eqc = tf.equal(maxc, minc);
  const cr = tf.sub(maxc, minc);
  const ones = tf.onesLike(maxc);
  const zeros = tf.zerosLike(maxc);
  const s = tf.div(cr, tf.where(eqc, ones, maxc));
  const div = tf.where(eqc, ones, cr);
  const rc = tf.div(tf.sub(maxc, r), div);
  const gc = tf.div(tf.sub(maxc, g), div);
  const bc = tf.div(tf.sub(maxc, b), div);
  const isR = tf.equal(maxc, r);
  const isG = tf.logicalAnd(tf.equal(maxc, g), tf.logicalNot(isR));
  const hr = tf.where(isR, tf.sub(bc, gc), zeros);
  const hg = tf.where(isG, tf.add(tf.sub(rc, bc), 2), zeros);
  const hb = tf.where(tf.logicalOr(isR, isG), zeros, tf.add(tf.sub(gc, rc), 4));
  let h = tf.add(tf.add(hr, hg), hb);
  h = tf.mod(tf.add(tf.div(h, 6), 1), 1);
  h = tf.mod(tf.add(h, tf.tensor4d(Float32Array.from(factors), [n, 1, 1, 1])), 1);
  const h6 = tf.mul(h, 6);
  const fi = tf.floor(h6);
  const f = tf.sub(h6, fi);
  const i = tf.mod(fi, 6);
  const v = maxc;
  const p = tf.clipByValue(tf.mul(v, tf.sub(1, s)), 0, 1);
  const q = tf.clipByValue(tf.mul(v, tf.sub(1, tf.mul(s, f))), 0, 1);
  const t = tf.clipByValue(tf.mul(v, tf.sub(1, tf.mul(s, tf.sub(1, f)))), 0, 1);
  const m = [0, 1, 2, 3, 4, 5].map((k) => tf.cast(tf.equal(i, k), 'float32'));
  const pick = (vals: tf.Tensor[]) => tf.addN(vals.map((val, k) => tf.mul(m[k]!, val)));
  const outR = pick([v, q, p, p, t, v]);
  const outG = pick([t, v, v, q, p, p]);
  const outB = pick([p, p, t, v, v, q]);
  return tf.concat([outR, outG, outB], -1) as tf.Tensor4D;
}

/** One ColorJitter step for a batch: each sample applies the function chosen for it at this position. */
export interface JitterStep {
  /** Per sample: 0 brightness, 1 contrast, 2 saturation, 3 hue, -1 nothing. */
  fn: Int8Array;
  /** Per sample: the factor of that function (ignored for -1). */
  factor: Float32Array;
}

/**
 * Applies one position of ColorJitter's random order to a batch: brightness, contrast and saturation
 * as one per-sample blend `clamp(f * x + (1 - f) * ref)` (ref = 0, grayscale mean, grayscale), then hue on
 * the samples that chose it (gathered, rotated and scattered back). Call inside `tf.tidy`.
 */
export function jitterStep(x: tf.Tensor4D, step: JitterStep): tf.Tensor4D {
  const n = x.shape[0];
  const channels = x.shape[3];
  const f = new Float32Array(n).fill(1);
  const wMean = new Float32Array(n);
  const wGray = new Float32Array(n);
  const hueIdx: number[] = [];
  const otherIdx: number[] = [];
  const hueFactors: number[] = [];
  let blends = false;
  for (let s = 0; s < n; s++) {
    const fn = step.fn[s]!;
    if (fn === 3 && channels === 3) {
      hueIdx.push(s);
      hueFactors.push(step.factor[s]!);
      continue;
    }
    otherIdx.push(s);
    if (fn === 0 || fn === 1 || (fn === 2 && channels === 3)) {
      blends = true;
      f[s] = step.factor[s]!;
      if (fn === 1) wMean[s] = 1;
      if (fn === 2) wGray[s] = 1;
    }
  }
  let out = x;
  if (blends) {
    const gray = channels === 3 ? grayBatch(x) : x;
    const mean = tf.mean(gray, [1, 2, 3], true);
    const ref = tf.add(tf.mul(mean, tf.tensor4d(wMean, [n, 1, 1, 1])), tf.mul(gray, tf.tensor4d(wGray, [n, 1, 1, 1])));
    const fT = tf.tensor4d(f, [n, 1, 1, 1]);
    out = tf.clipByValue(tf.add(tf.mul(fT, x), tf.mul(tf.sub(1, fT), ref)), 0, 1) as tf.Tensor4D;
  }
  if (hueIdx.length === 0) return out;
  const rotated = hueBatch(tf.gather(out, hueIdx) as tf.Tensor4D, hueFactors);
  if (otherIdx.length === 0) return rotated;
  // Scatter back: concat [hue samples, other samples] and gather in the inverse order.
  const order = [...hueIdx, ...otherIdx];
  const inverse = new Int32Array(n);
  order.forEach((s, k) => (inverse[s] = k));
  return tf.gather(tf.concat([rotated, tf.gather(out, otherIdx) as tf.Tensor4D], 0), Array.from(inverse)) as tf.Tensor4D;
}
