import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  CenterCrop, ColorJitter, Compose, GaussianBlur, Normalize, RandomAdjustSharpness, RandomAffine, RandomAutocontrast,
  RandomCrop, RandomEqualize, RandomGrayscale, RandomHorizontalFlip, RandomInvert, RandomPerspective, RandomPosterize,
  RandomResizedCrop, RandomRotation, RandomSolarize, RandomVerticalFlip, Resize, ToTensor, createRng, isBatchTransform,
} from '../src/index.js';
import type { BatchTransform, Image } from '../src/index.js';
import { maxAbsDiff } from '@aug/test-utils';
import { batchedVsPerImage, randomImage } from './helpers.js';

/**
 * Tolerance between the batched path (float32 tf ops) and the per-image path (float64 arithmetic, stored
 * as float32): 1e-4 absolute on values in [0, 1] (observed differences are around 1e-6; the hue
 * round trip in float32 is the largest).
 */
const TOL = 1e-4;

function floats(n: number, h: number, w: number, c = 3): Image[] {
  return Array.from({ length: n }, (_, i) => randomImage(h, w, c, 100 + i, 'float32'));
}

/** Both paths with the same seed agree on every sample within `tol` (and the batched one leaks nothing). */
function agree(t: BatchTransform, images: Image[], seed: number, tol = TOL): void {
  batchedVsPerImage(t, images, seed).forEach((d, i) => expect(d, `${t.constructor.name} sample ${i}`).toBeLessThan(tol));
}

describe('batched path agrees with the per-image path for the same parameters', () => {
  const imgs = floats(12, 10, 12);

  it('flips', () => {
    agree(new RandomHorizontalFlip(), imgs, 1);
    agree(new RandomVerticalFlip(), imgs, 2);
  });

  it('RandomResizedCrop (bilinear, antialias, nearest)', () => {
    agree(new RandomResizedCrop([8, 9], { scale: [0.1, 1], ratio: [0.5, 2] }), imgs, 3);
    agree(new RandomResizedCrop([16, 14], { scale: [0.1, 1], ratio: [0.5, 2] }), imgs, 4);
    agree(new RandomResizedCrop([5, 6], { scale: [0.3, 1], antialias: true }), imgs, 5);
    agree(new RandomResizedCrop([9, 9], { interpolation: 'nearest' }), imgs, 6);
  });

  it('RandomCrop (constant fill, reflect, edge, symmetric, padIfNeeded)', () => {
    agree(new RandomCrop([10, 12], { padding: 2, fill: 0.25 }), imgs, 7);
    agree(new RandomCrop([9, 11], { padding: [1, 2, 3, 0], paddingMode: 'reflect' }), imgs, 8);
    agree(new RandomCrop([12, 12], { padding: 3, paddingMode: 'edge' }), imgs, 9);
    agree(new RandomCrop([14, 15], { padIfNeeded: true, paddingMode: 'symmetric' }), imgs, 10);
    agree(new RandomCrop([11, 11], { padding: 1, fill: [0.1, 0.2, 0.3] }), imgs, 11);
  });

  it('ColorJitter (per-sample factors and order)', () => {
    const many = floats(40, 6, 7);
    agree(new ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.5 }), many, 12);
    agree(new ColorJitter({ brightness: [0.2, 2], hue: 0.1 }), many, 13);
    agree(new ColorJitter({ contrast: 0.9, saturation: 0.9 }), floats(8, 5, 5, 1), 14);
    agree(new ColorJitter(), imgs, 15);
  });

  it('RandomGrayscale, Resize, CenterCrop, Normalize', () => {
    agree(new RandomGrayscale(0.5), imgs, 16);
    agree(new Resize([7, 20]), imgs, 17);
    agree(new Resize(5, { antialias: true }), imgs, 18);
    agree(new CenterCrop([6, 15]), imgs, 19);
    agree(new Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]), imgs, 20);
  });

  it('ToTensor converts 0..255 to [0, 1]; Compose chains batched members without leaks', () => {
    const u8 = Array.from({ length: 4 }, (_, i) => randomImage(6, 6, 3, i));
    const x = tf.tensor4d(Float32Array.from(u8.flatMap((im) => Array.from(im.data))), [4, 6, 6, 3]);
    const before = tf.memory().numTensors;
    const y = new ToTensor().applyBatch(x);
    expect(maxAbsDiff(y.dataSync(), Float32Array.from(u8.flatMap((im) => Array.from(new ToTensor().apply(im).data))))).toBeLessThan(1e-7);
    const pipeline = new Compose([new RandomHorizontalFlip(), new RandomResizedCrop(8), new ColorJitter({ hue: 0.2 }), new ToTensor()]);
    expect(isBatchTransform(pipeline)).toBe(true);
    const z = pipeline.applyBatch!(x, createRng(0));
    expect(z.shape).toEqual([4, 8, 8, 3]);
    expect(tf.memory().numTensors).toBe(before + 2);
    y.dispose();
    z.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('Compose has no applyBatch when a member lacks one', () => {
    const c = new Compose([new RandomHorizontalFlip(), { apply: (i: Image) => i, toJSON: () => ({ type: 'Custom' }) }]);
    expect(c.applyBatch).toBeUndefined();
    expect(isBatchTransform(c)).toBe(false);
  });

  it('int32 input and the d2l chain at batch 64 keep tf.memory() balanced', () => {
    const before = tf.memory().numTensors;
    const x = tf.randomUniform([64, 32, 32, 3], 0, 255, 'int32') as tf.Tensor4D;
    const d2l = new Compose([
      new RandomHorizontalFlip(),
      new RandomResizedCrop([32, 32], { scale: [0.1, 1], ratio: [0.5, 2] }),
      new ToTensor(),
      new ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.5 }),
    ]);
    const y = d2l.applyBatch!(x, createRng(1));
    expect(y.shape).toEqual([64, 32, 32, 3]);
    const stats = [tf.min(y), tf.max(y)];
    const [lo, hi] = stats.map((t) => t.dataSync()[0]!);
    tf.dispose(stats);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(1);
    tf.dispose([y, x]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

// The batched paths added with the v2 colour and geometry classes (their own images: seeds 300 + i).
const floatsFrom300 = (n: number, h: number, w: number, c = 3) => Array.from({ length: n }, (_, i) => randomImage(h, w, c, 300 + i, 'float32'));

/** Both paths with the same seed: per-sample max difference (the helper also checks leaks, dtype, shape, input). */
const diffs = (t: BatchTransform, images: Image[], seed: number): number[] => batchedVsPerImage(t, images, seed);

describe('new batched paths agree with the per-image path', () => {
  const imgs = floatsFrom300(10, 9, 11);

  it('point-wise colour ops and sharpness (within 1e-5)', () => {
    for (const t of [new RandomInvert(), new RandomSolarize(0.4), new RandomAutocontrast({ p: 0.7 }), new RandomAdjustSharpness(2.5), new RandomAdjustSharpness(0.3, { p: 1 })]) {
      for (const d of diffs(t, imgs, 5)) expect(d, t.constructor.name).toBeLessThan(1e-5);
    }
    for (const d of diffs(new RandomAutocontrast({ p: 1 }), floatsFrom300(4, 6, 7, 1), 6)) expect(d).toBeLessThan(1e-5);
  });

  it('GaussianBlur with a sigma per sample (within 1e-5)', () => {
    for (const d of diffs(new GaussianBlur([5, 3], { sigma: [0.2, 2] }), imgs, 7)) expect(d).toBeLessThan(1e-5);
    for (const d of diffs(new GaussianBlur(7), floatsFrom300(5, 8, 12, 1), 8)) expect(d).toBeLessThan(1e-5);
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
