// torchvision v2's detection classes against hand-computed cases, their draws, errors, and a JSON round trip
// of a detection pipeline.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import {
  ClampBoundingBoxes, Compose, ConvertBoundingBoxFormat, CutMix, FiveCrop, Lambda, MixUp, RandAugment, RandomAffine, RandomCrop,
  RandomHorizontalFlip, RandomIoUCrop, RandomPhotometricDistort, RandomResize, RandomShortestSize, RandomZoomOut, Resize,
  SanitizeBoundingBoxes, ScaleJitter, boundingBoxes, createRng, keyPoints, mask, transformFromJSON,
} from '../src/index.js';
import type { Image, Rng } from '../src/index.js';
import { adjustBrightness, adjustContrast, adjustHue, adjustSaturation } from '../src/functional.js';
import { detectionSample } from './sample-fixture.js';

/** A generator that hands out `values` in order and fails when a transform draws more than scripted. */
function scripted(values: number[]): Rng & { used(): number } {
  let i = 0;
  return {
    next() {
      if (i >= values.length) throw new Error(`drew more than the ${values.length} scripted values`);
      return values[i++]!;
    },
    used: () => i,
  };
}

function grey(h: number, w: number, v = 100): Image {
  return { data: new Uint8Array(h * w * 3).fill(v), height: h, width: w, channels: 3 };
}

describe('SanitizeBoundingBoxes', () => {
  const boxes = boundingBoxes([0, 0, 10, 10, 5, 5, 5.5, 20, -1, 0, 4, 4, 0, 0, 0, 0, 2, 2, 3, 3, 15, 15, 21, 19], { format: 'xyxy', canvasSize: [20, 20] });
  const planes = new Uint8Array(6 * 20 * 20).map((_, i) => Math.floor(i / 400) + 1);

  it('drops degenerate, too small and out-of-canvas boxes with their labels and mask instances (hand-computed)', () => {
    const sample = { image: grey(20, 20), target: { boxes, masks: mask(planes, 20, 20, 6), labels: Int32Array.from([1, 2, 3, 4, 5, 6]), note: 'x' } };
    const out = new SanitizeBoundingBoxes().apply(sample);
    // kept: box 0 (10x10) and box 4 (1x1, area 1); 1 is 0.5 wide, 2 starts at x = -1, 3 is empty, 5 ends at x = 21 > 20
    expect(Array.from(out.target.boxes.data)).toEqual([0, 0, 10, 10, 2, 2, 3, 3]);
    expect(out.target.labels).toBeInstanceOf(Int32Array);
    expect(Array.from(out.target.labels)).toEqual([1, 5]);
    expect(out.target.masks.count).toBe(2);
    expect(out.target.masks.data[0]).toBe(1);
    expect(out.target.masks.data[400]).toBe(5);
    expect(out.image).toBe(sample.image);
    expect(out.target.note).toBe('x');
    const strict = new SanitizeBoundingBoxes({ minSize: 2 }).apply(sample);
    expect(Array.from(strict.target.labels)).toEqual([1]);
    const byArea = new SanitizeBoundingBoxes({ minSize: 0.1, minArea: 5 }).apply(sample);
    expect(Array.from(byArea.target.labels)).toEqual([1, 2]); // box 1: 0.5 x 15 = 7.5
  });

  it("finds the labels as v2's heuristic (case-insensitive 'labels', then '*label*'), one level down, in [image, target], or by a getter", () => {
    const b = boundingBoxes([0, 0, 5, 5, 0, 0, 0, 0], { format: 'xyxy', canvasSize: [8, 8] });
    expect(new SanitizeBoundingBoxes().apply({ boxes: b, Labels: ['cat', 'dog'] }).Labels).toEqual(['cat']);
    expect(new SanitizeBoundingBoxes().apply({ boxes: b, classLabel: [1, 2] }).classLabel).toEqual([1]);
    expect(new SanitizeBoundingBoxes().apply({ image: grey(8, 8), target: { boxes: b, labels: [4, 5] } }).target.labels).toEqual([4]);
    const pair: [Image, { boxes: typeof b; labels: number[] }] = [grey(8, 8), { boxes: b, labels: [4, 5] }];
    expect(new SanitizeBoundingBoxes().apply(pair)[1].labels).toEqual([4]);
    const custom = new SanitizeBoundingBoxes({ labelsGetter: (s) => (s as { a: { ids: number[] } }).a.ids }).apply({ a: { ids: [9, 8] }, boxes: b });
    expect(custom.a.ids).toEqual([9]);
    const none = new SanitizeBoundingBoxes({ labelsGetter: null }).apply({ boxes: b, labels: [1, 2] });
    expect(none.labels).toEqual([1, 2]);
    expect(none.boxes.data.length).toBe(4);
    expect(() => new SanitizeBoundingBoxes().apply({ boxes: b, ids: [1, 2] })).toThrow(/could not find the labels.*labelsGetter/);
    expect(() => new SanitizeBoundingBoxes().apply({ boxes: b, labels: [1, 2, 3] })).toThrow(/sample\.labels has 3 labels but sample\.boxes has 2 boxes/);
    expect(() => new SanitizeBoundingBoxes().apply({ labels: [1] })).toThrow(/no bounding boxes/);
    expect(() => new SanitizeBoundingBoxes({ labelsGetter: () => [1] }).toJSON()).toThrow(TypeError);
  });
});

describe('ClampBoundingBoxes and ConvertBoundingBoxFormat', () => {
  it('clamp and convert every box set, passing the rest through', () => {
    const b = boundingBoxes([-5, 10, 120, 40], { format: 'xyxy', canvasSize: [50, 100] });
    const img = grey(50, 100);
    const out = new ClampBoundingBoxes().apply({ img, b, n: 3 });
    expect(Array.from(out.b.data)).toEqual([0, 10, 100, 40]);
    expect(out.img).toBe(img);
    const c = new ConvertBoundingBoxFormat('xywh').apply({ b: out.b });
    expect(c.b.format).toBe('xywh');
    expect(Array.from(c.b.data)).toEqual([0, 10, 100, 30]);
    expect(new ConvertBoundingBoxFormat('cxcywh').apply(img)).toBe(img);
    expect(() => new ConvertBoundingBoxFormat('yxyx' as never)).toThrow(TypeError);
  });
});

describe('RandomZoomOut', () => {
  it('draws the gate, r and the position as v2 (hand-computed) and moves boxes, masks and points exactly', () => {
    const img = grey(10, 20, 50);
    const planes = new Uint8Array(10 * 20);
    planes[2 * 20 + 1] = 1;
    const sample = { img, boxes: boundingBoxes([1, 2, 5, 6], { format: 'xyxy', canvasSize: [10, 20] }), m: mask(planes, 10, 20), p: keyPoints([1, 2], { canvasSize: [10, 20] }) };
    const rng = scripted([0.2, 0.5, 0.25, 0.75]);
    const out = new RandomZoomOut({ fill: 9 }).apply(sample, rng);
    expect(rng.used()).toBe(4);
    // r = 1 + 0.5 * 3 = 2.5: canvas 50 x 25; left = int(30 * 0.25) = 7, top = int(15 * 0.75) = 11
    expect([out.img.height, out.img.width]).toEqual([25, 50]);
    expect(out.img.data[0]).toBe(9);
    expect(out.img.data[(11 * 50 + 7) * 3]).toBe(50);
    expect(Array.from(out.boxes.data)).toEqual([8, 13, 12, 17]);
    expect(out.boxes.canvasSize).toEqual([25, 50]);
    expect(out.m.data[(2 + 11) * 50 + 1 + 7]).toBe(1);
    expect(Array.from(out.p.data)).toEqual([8, 13]);
    expect(RandomZoomOut.getParams(10, 20, [1, 4], scripted([0.5, 0.25, 0.75]))).toEqual([7, 11, 23, 4]);
    // gate: u >= p leaves the sample as it is, after one draw
    const skip = scripted([0.5]);
    expect(new RandomZoomOut().apply(sample, skip)).toBe(sample);
    expect(() => new RandomZoomOut({ sideRange: [0.5, 2] })).toThrow(RangeError);
  });
});

describe('RandomIoUCrop', () => {
  const sample = () => ({
    image: grey(100, 100),
    target: { boxes: boundingBoxes([10, 10, 30, 30, 60, 60, 90, 90], { format: 'xyxy', canvasSize: [100, 100] }), labels: [1, 2] },
  });

  it('option 1.0 leaves the sample unchanged after one draw', () => {
    const s = sample();
    const rng = scripted([0.9]);
    expect(new RandomIoUCrop({ samplerOptions: [0, 1] }).apply(s, rng)).toBe(s);
    expect(rng.used()).toBe(1);
  });

  it("runs v2's loop: aspect-ratio rejection (2 draws), no centre inside (4 draws), then a crop; outside boxes become zeros", () => {
    const rng = scripted([
      0.1, // option index int(0.1 * 2) = 0: minimum IoU 0
      0.0, 0.99, // 30 x 99: aspect 0.30 < 0.5, rejected
      0.0, 0.0, 0.99, 0.0, // 30 x 30 at left int(70 * 0.99) = 69, top 0: no box centre inside
      0.0, 0.0, 0.0, 0.0, // 30 x 30 at (0, 0): box 1's centre (20, 20) inside, IoU 400 / 900
    ]);
    const out = new RandomIoUCrop({ samplerOptions: [0, 1] }).apply(sample(), rng);
    expect(rng.used()).toBe(11);
    expect([out.image.height, out.image.width]).toEqual([30, 30]);
    expect(Array.from(out.target.boxes.data)).toEqual([10, 10, 30, 30, 0, 0, 0, 0]);
    expect(out.target.boxes.canvasSize).toEqual([30, 30]);
    const clean = new SanitizeBoundingBoxes().apply(out);
    expect(clean.target.labels).toEqual([1]);
  });

  it('a trial below the minimum IoU is rejected (4 draws), the next one that reaches it is kept', () => {
    const t = new RandomIoUCrop({ samplerOptions: [0.5], minScale: 0.2, maxScale: 1 });
    const rng = scripted([
      0.0, // the only option: minimum IoU 0.5
      0.125, 0.125, 0.0, 0.0, // 30 x 30 at (0, 0): box centre (20, 20) inside, IoU 400 / 900 = 0.44 < 0.5
      0.0, 0.0, 0.125, 0.125, // 20 x 20 at left = top = int(80 * 0.125) = 10: IoU 1
    ]);
    const p = RandomIoUCrop.getParams(100, 100, Float32Array.from([10, 10, 30, 30]), t, rng);
    expect(rng.used()).toBe(9);
    expect(p).toMatchObject({ top: 10, left: 10, height: 20, width: 20 });
    expect(Array.from(p!.withinCrop)).toEqual([1]);
  });

  it('needs an image and boxes', () => {
    expect(() => new RandomIoUCrop().apply(grey(10, 10), createRng(0))).toThrow(/requires the sample to contain an image and bounding boxes/);
    expect(() => new RandomIoUCrop().apply({ image: grey(10, 10) }, createRng(0))).toThrow(TypeError);
  });
});

describe('the random resizes draw as v2', () => {
  it('RandomShortestSize, RandomResize, ScaleJitter', () => {
    expect(RandomShortestSize.getParams(300, 400, [480, 512], 1000, scripted([0.6]))).toEqual([512, 682]);
    expect(RandomShortestSize.getParams(300, 900, [480], 1000, scripted([0]))).toEqual([333, 1000]);
    expect(RandomResize.getParams(260, 1040, scripted([0.5]))).toBe(650);
    expect(ScaleJitter.getParams(300, 400, [1024, 1024], [0.1, 2], scripted([0.5]))).toEqual([felt(300, 1024 / 400 * 1.05), felt(400, 1024 / 400 * 1.05)]);
    const out = new RandomResize(20, 21).apply({ image: grey(10, 40), b: boundingBoxes([0, 0, 40, 10], { format: 'xyxy', canvasSize: [10, 40] }) }, createRng(0));
    expect([out.image.height, out.image.width]).toEqual([20, 80]);
    expect(Array.from(out.b.data)).toEqual([0, 0, 80, 20]);
  });
});

function felt(side: number, r: number): number {
  return Math.trunc(side * r);
}

describe('RandomPhotometricDistort', () => {
  it("draws in v2's order and applies brightness, contrast before/after, saturation, hue, then the channel permutation", () => {
    const img: Image = { data: Uint8Array.from({ length: 4 * 5 * 3 }, (_, i) => (i * 37) % 256), height: 4, width: 5, channels: 3 };
    // brightness on (0.1 < 0.5) with u 0.5; contrast off (0.7); saturation on with u 0.25; hue on with u 1 - 1e-9;
    // contrastBefore false (0.9); permutation on (0.2), then the permutation's own draws
    const rng = scripted([0.1, 0.5, 0.7, 0.2, 0.25, 0.3, 0.999999, 0.9, 0.2, 0.1, 0.6, 0.3]);
    const t = new RandomPhotometricDistort();
    const p = RandomPhotometricDistort.getParams(t, 3, rng);
    expect(p.brightnessFactor).toBeCloseTo(1, 12);
    expect(p.contrastFactor).toBeNull();
    expect(p.saturationFactor).toBeCloseTo(0.75, 12);
    expect(p.hueFactor).toBeCloseTo(0.05, 5);
    expect(p.contrastBefore).toBe(false);
    expect(p.channelPermutation?.slice().sort()).toEqual([0, 1, 2]);
    const out = RandomPhotometricDistort.applyParams(img, { ...p, contrastFactor: 1.3 });
    let ref = adjustBrightness(img, p.brightnessFactor!);
    ref = adjustSaturation(ref, p.saturationFactor!);
    ref = adjustHue(ref, p.hueFactor!);
    ref = adjustContrast(ref, 1.3);
    const perm = p.channelPermutation!;
    for (let i = 0; i < 20; i++) for (let k = 0; k < 3; k++) expect(Math.abs(out.data[i * 3 + k]! - ref.data[i * 3 + perm[k]!]!)).toBeLessThanOrEqual(1);
  });
});

describe('errors name the entry', () => {
  const s = detectionSample();

  it('disagreeing canvas sizes in one sample: a RangeError naming both entries and sizes', () => {
    const bad = { ...s, target: { ...s.target, boxes: boundingBoxes([0, 0, 4, 4], { format: 'xyxy', canvasSize: [32, 32] }) } };
    expect(() => new RandomHorizontalFlip().apply(bad, createRng(0))).toThrow(RangeError);
    expect(() => new RandomHorizontalFlip().apply(bad, createRng(0))).toThrow(/sample\.image is \[64, 80\] but sample\.target\.boxes is \[32, 32\]/);
    expect(() => new Compose([new Resize(32)]).apply({ a: grey(10, 10), b: grey(12, 10) })).toThrow(/sample\.a is \[10, 10\] but sample\.b is \[12, 10\]/);
  });

  it('MixUp and CutMix refuse targets, naming the entry', () => {
    const x = tf.zeros([2, 8, 8, 3]) as tf.Tensor4D;
    const y = tf.tensor1d([0, 1], 'int32');
    const boxes = boundingBoxes([0, 0, 4, 4], { format: 'xyxy', canvasSize: [8, 8] });
    const withBoxes = { x, y, boxes } as unknown as { x: tf.Tensor4D; y: tf.Tensor1D };
    expect(() => new MixUp({ numClasses: 2 }).apply(withBoxes, createRng(0))).toThrow(/MixUp cannot transform batch\.boxes \(bounding boxes\)/);
    expect(() => new CutMix({ numClasses: 2 }).apply({ x, y, m: mask(new Uint8Array(64), 8, 8) } as unknown as { x: tf.Tensor4D; y: tf.Tensor1D }, createRng(0))).toThrow(
      /CutMix cannot transform batch\.m \(a mask\)/,
    );
    tf.dispose([x, y]);
  });

  it('image-only transforms refuse targets, naming the entry (never stale boxes)', () => {
    expect(() => new RandAugment().apply(s, createRng(0))).toThrow(/RandAugment cannot transform sample\.target\.boxes \(bounding boxes\)/);
    expect(() => new FiveCrop(16).apply(s)).toThrow(/FiveCrop cannot transform sample\.target\.boxes/);
    expect(() => new Lambda((img) => img).apply({ m: s.target.masks })).toThrow(/Lambda cannot transform sample\.m \(a mask\)/);
    expect(() => new RandomCrop(64, { padding: 4, paddingMode: 'reflect' }).apply(s, createRng(0))).toThrow(/sample\.target\.boxes: padding mode 'reflect' cannot move bounding boxes/);
    // images alone still work through these paths
    expect(new RandAugment().apply({ image: s.image, id: 'a' }, createRng(0)).id).toBe('a');
  });
});

describe('a detection pipeline after a JSON round trip (what DataLoader workers get)', () => {
  it('gives the same samples as the original pipeline', () => {
    const pipeline = new Compose([
      new RandomPhotometricDistort(),
      new RandomZoomOut({ fill: [124, 116, 104], sideRange: [1, 2] }),
      new RandomIoUCrop(),
      new RandomShortestSize([48, 56], { maxSize: 90 }),
      new ScaleJitter([64, 64], { scaleRange: [0.8, 1.2] }),
      new RandomResize(40, 60),
      new RandomAffine(5),
      new RandomHorizontalFlip(),
      new ClampBoundingBoxes(),
      new ConvertBoundingBoxFormat('xywh'),
      new SanitizeBoundingBoxes({ minSize: 1 }),
    ]);
    const rebuilt = transformFromJSON(JSON.parse(JSON.stringify(pipeline.toJSON())));
    expect(rebuilt.toJSON()).toEqual(pipeline.toJSON());
    const s = detectionSample();
    for (let seed = 0; seed < 8; seed++) {
      const a = pipeline.apply(s, createRng(seed));
      const b = rebuilt.apply(s, createRng(seed));
      expect(Buffer.from(b.image.data).equals(Buffer.from(a.image.data))).toBe(true);
      expect(Array.from(b.target.boxes.data)).toEqual(Array.from(a.target.boxes.data));
      expect(b.target.boxes.format).toBe('xywh');
      expect(Buffer.from(b.target.masks.data).equals(Buffer.from(a.target.masks.data))).toBe(true);
      expect(b.target.labels).toEqual(a.target.labels);
      expect(b.target.masks.count).toBe(b.target.labels.length);
      expect(b.id).toBe('img-0007');
    }
  });
});

describe('lone targets and other image types', () => {
  it('a geometric transform takes a lone target and returns the same kind', () => {
    const b = boundingBoxes([1, 2, 5, 6], { format: 'xyxy', canvasSize: [10, 20] });
    const flipped = new RandomHorizontalFlip({ p: 1 }).apply(b, createRng(0));
    expect(flipped.kind).toBe('boundingBoxes');
    expect(Array.from(flipped.data)).toEqual([15, 2, 19, 6]);
    const m = new Resize([20, 40]).apply(mask(new Uint8Array(200).fill(1), 10, 20));
    expect([m.kind, m.height, m.width, m.count]).toEqual(['mask', 20, 40, 1]);
  });

  it('RandomPhotometricDistort keeps grey and float images valid (saturation and hue skip one channel, as v2)', () => {
    const greyImg: Image = { data: Uint8Array.from({ length: 36 }, (_, i) => i * 7), height: 6, width: 6, channels: 1 };
    const floatImg: Image = { data: Float32Array.from({ length: 108 }, (_, i) => (i % 17) / 17), height: 6, width: 6, channels: 3 };
    const t = new RandomPhotometricDistort({ p: 1 });
    for (let seed = 0; seed < 5; seed++) {
      const g = t.apply(greyImg, createRng(seed));
      expect([g.channels, g.data.constructor]).toEqual([1, Uint8Array]);
      const f = t.apply(floatImg, createRng(seed));
      expect(f.data.constructor).toBe(Float32Array);
      expect(Array.from(f.data).every((v) => v >= 0 && v <= 1)).toBe(true);
    }
  });
});
