import * as tf from '@tensorflow/tfjs-core';
import { LUMA } from '../kernels/color.js';
import { mixChannels, perPixel, perSample, sampleMask } from './broadcast.js';

/** Grayscale of an NHWC batch with 3 channels, keeping a channel axis of 1. Call inside `tf.tidy`. */
export function grayBatch(x: tf.Tensor4D): tf.Tensor4D {
  return mixChannels(x, LUMA);
}

/**
 * Hue rotation of an NHWC RGB batch by one factor per sample, with torchvision's `_rgb2hsv` / `_hsv2rgb`
 * formulas as vectorised tf ops. Call inside `tf.tidy`.
 */
export function hueBatch(x: tf.Tensor4D, factors: readonly number[]): tf.Tensor4D {
  const [r, g, b] = [0, 1, 2].map((k) => mixChannels(x, [0, 1, 2].map((j) => (j === k ? 1 : 0)))) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
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
  h = tf.mod(tf.add(h, perSample(factors, maxc.shape as [number, number, number, number])), 1);
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
 * the samples that chose it (gathered, rotated, spread back and selected with a mask). Call inside `tf.tidy`.
 */
export function jitterStep(x: tf.Tensor4D, step: JitterStep): tf.Tensor4D {
  const n = x.shape[0];
  const channels = x.shape[3];
  const f = new Float32Array(n).fill(1);
  const wMean = new Float32Array(n);
  const wGray = new Float32Array(n);
  const hueIdx: number[] = [];
  const hueFactors: number[] = [];
  let blends = false;
  for (let s = 0; s < n; s++) {
    const fn = step.fn[s]!;
    if (fn === 3 && channels === 3) {
      hueIdx.push(s);
      hueFactors.push(step.factor[s]!);
      continue;
    }
    if (fn === 0 || fn === 1 || (fn === 2 && channels === 3)) {
      blends = true;
      f[s] = step.factor[s]!;
      if (fn === 1) wMean[s] = 1;
      if (fn === 2) wGray[s] = 1;
    }
  }
  let out = x;
  if (blends) {
    const [, h, w] = x.shape;
    const gray = channels === 3 ? grayBatch(x) : x;
    const mean = tf.mean(tf.reshape(gray, [n, h * w]), 1, true) as tf.Tensor2D;
    // out = clamp(f * x + (1 - f) * (wMean * mean + wGray * gray)), per-sample weights filled on the host.
    const a = f.map((v, s) => (1 - v) * wMean[s]!);
    const b = f.map((v, s) => (1 - v) * wGray[s]!);
    let sum = tf.mul(perSample(f, x.shape), x);
    if (a.some((v) => v !== 0)) sum = tf.add(sum, tf.mul(perSample(mean, x.shape), perSample(a, x.shape)));
    if (b.some((v) => v !== 0)) sum = tf.add(sum, tf.mul(perPixel(gray, channels), perSample(b, x.shape)));
    out = tf.clipByValue(sum, 0, 1) as tf.Tensor4D;
  }
  if (hueIdx.length === 0) return out;
  const rotated = hueBatch(tf.gather(out, hueIdx) as tf.Tensor4D, hueFactors);
  if (hueIdx.length === n) return rotated;
  // Scatter back: spread the rotated samples to their batch positions, then select them with a mask.
  const spread = new Int32Array(n);
  hueIdx.forEach((s, k) => (spread[s] = k));
  const isHue = Array.from({ length: n }, () => false);
  for (const s of hueIdx) isHue[s] = true;
  return tf.where(sampleMask(isHue, x.shape), tf.gather(rotated, tf.tensor1d(spread, 'int32')), out) as tf.Tensor4D;
}
