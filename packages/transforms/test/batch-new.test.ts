import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  Compose, GaussianBlur, RandomAdjustSharpness, RandomAffine, RandomAutocontrast, RandomInvert, RandomPerspective, RandomRotation,
  RandomSolarize, createRng, isBatchTransform,
} from '../src/index.js';
import type { BatchTransform, Image } from '../src/index.js';
import { RandomEqualize, RandomPosterize } from '../src/index.js';
import { batchedVsPerImage, randomImage } from './helpers.js';

const floats = (n: number, h: number, w: number, c = 3) => Array.from({ length: n }, (_, i) => randomImage(h, w, c, 300 + i, 'float32'));

/** Both paths with the same seed: per-sample max difference (the helper also checks leaks, dtype, shape, input). */
const diffs = (t: BatchTransform, images: Image[], seed: number): number[] => batchedVsPerImage(t, images, seed);

describe('new batched paths agree with the per-image path', () => {
  const imgs = floats(10, 9, 11);

  it('point-wise colour ops and sharpness (within 1e-5)', () => {
    for (const t of [new RandomInvert(), new RandomSolarize(0.4), new RandomAutocontrast({ p: 0.7 }), new RandomAdjustSharpness(2.5), new RandomAdjustSharpness(0.3, { p: 1 })]) {
      for (const d of diffs(t, imgs, 5)) expect(d, t.constructor.name).toBeLessThan(1e-5);
    }
    for (const d of diffs(new RandomAutocontrast({ p: 1 }), floats(4, 6, 7, 1), 6)) expect(d).toBeLessThan(1e-5);
  });

  it('GaussianBlur with a sigma per sample (within 1e-5)', () => {
    for (const d of diffs(new GaussianBlur([5, 3], { sigma: [0.2, 2] }), imgs, 7)) expect(d).toBeLessThan(1e-5);
    for (const d of diffs(new GaussianBlur(7), floats(5, 8, 12, 1), 8)) expect(d).toBeLessThan(1e-5);
  });

  it('RandomRotation, RandomAffine, RandomPerspective as one projective warp (bilinear within 1e-4)', () => {
    const warps: BatchTransform[] = [
      new RandomRotation(60, { interpolation: 'bilinear' }),
      new RandomRotation([-30, 170], { interpolation: 'bilinear', center: [2, 3], fill: [0.2, 0.5, 0.9] }),
      new RandomAffine(25, { translate: [0.2, 0.2], scale: [0.7, 1.3], shear: [-10, 10, -5, 5], interpolation: 'bilinear', fill: 0.5 }),
      new RandomPerspective({ distortionScale: 0.6, p: 0.8, interpolation: 'bilinear' }),
    ];
    for (const t of warps) for (const d of diffs(t, imgs, 9)) expect(d, t.constructor.name).toBeLessThan(1e-4);
  });

  it('nearest warps pick the same pixels except at exact rounding ties', () => {
    for (const t of [new RandomRotation(45), new RandomAffine(30, { scale: [0.8, 1.2] })]) {
      const d = diffs(t, imgs, 10);
      expect(d.filter((v) => v > 1e-6).length, t.constructor.name).toBeLessThanOrEqual(1);
    }
  });

  it('uint8-only ops (posterize, equalize) and expand have no batched form, said clearly', () => {
    expect(isBatchTransform(new RandomPosterize(4))).toBe(false);
    expect(isBatchTransform(new RandomEqualize())).toBe(false);
    const x = tf.zeros([2, 4, 4, 3]) as tf.Tensor4D;
    expect(() => new RandomRotation(10, { expand: true }).applyBatch(x, createRng(0))).toThrow(/expand.*no applyBatch/);
    expect(() => new RandomSolarize(128).applyBatch(x, createRng(0))).toThrow(/threshold.*at most 1/);
    x.dispose();
    expect(isBatchTransform(new Compose([new RandomRotation(10), new GaussianBlur(3), new RandomInvert()]))).toBe(true);
  });
});
