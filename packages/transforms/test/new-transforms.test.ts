import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as F from '../src/functional.js';
import {
  AugMix, AutoAugment, Compose, ConvertImageDtype, CutMix, ElasticTransform, FiveCrop, GaussianBlur, Grayscale, Lambda,
  LinearTransformation, MixUp, Pad, RandAugment, RandomAdjustSharpness, RandomAffine, RandomAutocontrast, RandomEqualize,
  RandomErasing, RandomHorizontalFlip, RandomInvert, RandomPerspective, RandomPosterize, RandomRotation, RandomSolarize, TenCrop,
  ToTensor, TrivialAugmentWide, createRng, sampleRng, transformFromJSON,
} from '../src/index.js';
import type { Image, TransformSpec } from '../src/index.js';
import { randomImage } from './helpers.js';

const img = randomImage(14, 17, 3, 21);
const fimg = F.toTensor(img);

describe('each random class applies its kernel with the parameters getParams draws', () => {
  it('RandomRotation, RandomAffine, RandomPerspective, ElasticTransform, GaussianBlur', () => {
    for (let s = 0; s < 5; s++) {
      const rot = new RandomRotation(40, { interpolation: 'bilinear', expand: s % 2 === 0, fill: [10, 20, 30] });
      const angle = RandomRotation.getParams(rot.degrees, createRng(s));
      expect(rot.apply(img, createRng(s)).data).toEqual(F.rotate(img, angle, { interpolation: 'bilinear', expand: s % 2 === 0, fill: [10, 20, 30] }).data);

      const aff = new RandomAffine([-20, 20], { translate: [0.2, 0.1], scale: [0.7, 1.3], shear: [-5, 5, -8, 8] });
      const p = RandomAffine.getParams(aff.degrees, aff.translate, aff.scale, aff.shear, [img.width, img.height], createRng(s));
      expect(aff.apply(img, createRng(s)).data).toEqual(F.affine(img, p.angle, p.translations, p.scale, p.shear, { fill: 0 }).data);

      const per = new RandomPerspective({ distortionScale: 0.6, p: 1 });
      const r = createRng(s);
      r.next();
      const pp = RandomPerspective.getParams(img.width, img.height, 0.6, r);
      expect(per.apply(img, createRng(s)).data).toEqual(F.perspective(img, pp.startpoints, pp.endpoints, { fill: 0 }).data);

      const el = new ElasticTransform({ alpha: 20, sigma: 1.5 });
      const d = ElasticTransform.getParams([20, 20], [1.5, 1.5], [img.height, img.width], createRng(s));
      expect(el.apply(img, createRng(s)).data).toEqual(F.elasticTransform(img, d, { fill: 0 }).data);

      const gb = new GaussianBlur([5, 3]);
      const sigma = GaussianBlur.getParams(0.1, 2, createRng(s));
      expect(gb.apply(fimg, createRng(s)).data).toEqual(F.gaussianBlur(fimg, [5, 3], sigma).data);
    }
  });

  it('p-gated ops: apply with p = 1, skip with p = 0 (same object)', () => {
    const cases = [
      [new RandomInvert({ p: 1 }), F.invert(img)],
      [new RandomPosterize(3, { p: 1 }), F.posterize(img, 3)],
      [new RandomSolarize(100, { p: 1 }), F.solarize(img, 100)],
      [new RandomAdjustSharpness(2, { p: 1 }), F.adjustSharpness(img, 2)],
      [new RandomAutocontrast({ p: 1 }), F.autocontrast(img)],
      [new RandomEqualize({ p: 1 }), F.equalize(img)],
    ] as const;
    for (const [t, want] of cases) expect(t.apply(img, createRng(0)).data, t.constructor.name).toEqual(want.data);
    for (const t of [new RandomInvert({ p: 0 }), new RandomEqualize({ p: 0 }), new RandomPerspective({ p: 0 }), new RandomErasing({ p: 0 })]) {
      expect(t.apply(img, createRng(0))).toBe(img);
    }
  });

  it('RandomErasing: erases the drawn box (value, per channel, random normal values)', () => {
    const t = new RandomErasing({ p: 1, value: [0.1, 0.2, 0.3] });
    const r = createRng(4);
    r.next();
    const p = RandomErasing.getParams(fimg, t.scale, t.ratio, [0.1, 0.2, 0.3], r);
    expect(t.apply(fimg, createRng(4)).data).toEqual(F.erase(fimg, p.i, p.j, p.h, p.w, p.v!).data);
    const rnd = new RandomErasing({ p: 1, value: 'random', scale: [0.2, 0.3] }).apply(fimg, createRng(5));
    const changed = Array.from(rnd.data).filter((v, i) => v !== fimg.data[i]);
    expect(changed.length).toBeGreaterThan(20);
    expect(changed.some((v) => v < 0 || v > 1)).toBe(true); // standard normal values, as torchvision
  });

  it('Pad, Grayscale, ConvertImageDtype, FiveCrop, TenCrop, LinearTransformation', () => {
    expect(new Pad([1, 2], { paddingMode: 'reflect' }).apply(img).data).toEqual(F.pad(img, [1, 2], { mode: 'reflect' }).data);
    expect(new Grayscale({ numOutputChannels: 3 }).apply(img).data).toEqual(F.rgbToGrayscale(img, 3).data);
    expect(new ConvertImageDtype('float32').apply(img).data).toEqual(fimg.data);
    const five = new FiveCrop([6, 8]);
    const crops = five.crops(img);
    const stacked = five.apply(img);
    expect([stacked.height, stacked.width]).toEqual([30, 8]);
    expect(stacked.data).toEqual(Uint8Array.from(crops.flatMap((c) => Array.from(c.data))));
    expect(new TenCrop(5, { verticalFlip: true }).crops(img)).toEqual(F.tenCrop(img, 5, { vertical: true }));
    const small = randomImage(2, 2, 3, 3, 'float32');
    const d = 12;
    const m = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === (j + 1) % d ? 2 : 0)));
    const out = new LinearTransformation(m, new Array<number>(d).fill(0.5)).apply(small);
    for (let j = 0; j < d; j++) expect(out.data[j]).toBeCloseTo(2 * (small.data[(j + 1) % d]! - 0.5), 6);
  });
});

describe('serialisation', () => {
  const all = new Compose([
    new Pad(2, { fill: [1, 2, 3], paddingMode: 'constant' }),
    new RandomRotation([-10, 25], { interpolation: 'bilinear', expand: true, center: [3, 4], fill: 7 }),
    new RandomAffine(10, { translate: [0.1, 0.2], scale: [0.9, 1.1], shear: 5, interpolation: 'bilinear', fill: [0, 128, 255], center: [2, 2] }),
    new RandomPerspective({ distortionScale: 0.3, p: 0.7, interpolation: 'nearest', fill: 3 }),
    new ElasticTransform({ alpha: [10, 20], sigma: [1, 1.5], fill: 9 }),
    new GaussianBlur(3, { sigma: [0.5, 1.5] }),
    new RandomInvert({ p: 0.3 }),
    new RandomPosterize(5, { p: 0.4 }),
    new RandomSolarize(200, { p: 0.5 }),
    new RandomAdjustSharpness(1.7, { p: 0.6 }),
    new RandomAutocontrast({ p: 0.2 }),
    new RandomEqualize({ p: 0.3 }),
    new AutoAugment({ policy: 'svhn', interpolation: 'bilinear', fill: [1, 2, 3] }),
    new RandAugment({ numOps: 3, magnitude: 12, numMagnitudeBins: 20, fill: 4 }),
    new TrivialAugmentWide({ numMagnitudeBins: 15 }),
    new AugMix({ severity: 4, mixtureWidth: 2, chainDepth: 2, alpha: 0.5, allOps: false }),
    new RandomErasing({ p: 0.8, scale: [0.05, 0.2], ratio: [0.5, 2], value: 'random' }),
    new Grayscale({ numOutputChannels: 3 }),
    new ConvertImageDtype('float32'),
    new RandomErasing({ p: 0.5, value: [0.1, 0.2, 0.3] }),
  ]);

  it('every new class round-trips through JSON text and gives byte-identical output', () => {
    const text = JSON.stringify(all.toJSON());
    const rebuilt = transformFromJSON(JSON.parse(text) as TransformSpec);
    expect(JSON.stringify(rebuilt.toJSON())).toBe(text);
    for (let i = 0; i < 10; i++) {
      const im = randomImage(20, 22, 3, 100 + i);
      expect(Buffer.from(rebuilt.apply(im, sampleRng(1, 0, i)).data.buffer)).toEqual(Buffer.from(all.apply(im, sampleRng(1, 0, i)).data.buffer));
    }
    const other = [new FiveCrop(4), new TenCrop([3, 5], { verticalFlip: true }), new LinearTransformation([[1, 0], [0, 1]], [0, 0])];
    for (const t of other) expect(JSON.stringify(transformFromJSON(JSON.parse(JSON.stringify(t.toJSON()))).toJSON())).toBe(JSON.stringify(t.toJSON()));
  });

  it('Lambda works in-process but cannot be serialised, with a message about workers', () => {
    const lam = new Lambda((im: Image) => F.hflip(im));
    expect(lam.apply(img).data).toEqual(F.hflip(img).data);
    expect(() => lam.toJSON()).toThrow(/Lambda cannot be serialised.*workers.*registerTransform/);
    expect(() => new Compose([new RandomHorizontalFlip(), lam]).toJSON()).toThrow(TypeError);
    expect(() => new Lambda(3 as never)).toThrow(TypeError);
  });
});

describe('MixUp and CutMix', () => {
  const n = 6;
  const x = tf.tensor4d(Float32Array.from({ length: n * 4 * 5 * 3 }, (_, i) => (i % 97) / 97), [n, 4, 5, 3]);
  const y = tf.tensor1d([0, 1, 2, 3, 1, 0], 'int32');

  it('MixUp mixes each sample with the previous one, labels the same way, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const m = new MixUp({ alpha: 0.5, numClasses: 4 });
    const lam = MixUp.getParams(0.5, createRng(3));
    const out = m.apply({ x, y }, createRng(3));
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(out.y.shape).toEqual([n, 4]);
    const xs = x.arraySync();
    const got = out.x.arraySync();
    const ys = out.y.arraySync();
    for (let i = 0; i < n; i++) {
      const prev = (i + n - 1) % n;
      expect(got[i]![1]![2]![0]!).toBeCloseTo(lam * xs[i]![1]![2]![0]! + (1 - lam) * xs[prev]![1]![2]![0]!, 5);
      const want = [0, 0, 0, 0];
      want[[0, 1, 2, 3, 1, 0][i]!]! += lam;
      want[[0, 1, 2, 3, 1, 0][prev]!]! += 1 - lam;
      ys[i]!.forEach((v, k) => expect(v).toBeCloseTo(want[k]!, 6));
      expect(ys[i]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
    tf.dispose([out.x, out.y]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('CutMix pastes the box from the previous sample and weights labels by its area', () => {
    const before = tf.memory().numTensors;
    const c = new CutMix({ numClasses: 4 });
    for (let s = 0; s < 10; s++) {
      const { box, lamAdjusted } = CutMix.getParams(1, 4, 5, createRng(s));
      const out = c.apply({ x, y }, createRng(s));
      const [x1, y1, x2, y2] = box;
      const xs = x.arraySync();
      const got = out.x.arraySync();
      for (let i = 0; i < n; i++) {
        const prev = (i + n - 1) % n;
        for (let r = 0; r < 4; r++) for (let q = 0; q < 5; q++) {
          const inBox = r >= y1 && r < y2 && q >= x1 && q < x2;
          expect(got[i]![r]![q]).toEqual(inBox ? xs[prev]![r]![q] : xs[i]![r]![q]);
        }
      }
      expect(lamAdjusted).toBeCloseTo(1 - ((x2 - x1) * (y2 - y1)) / 20, 12);
      const ys = out.y.arraySync();
      // sample 1 (class 1) takes the box from sample 0 (class 0)
      expect(ys[1]![1]).toBeCloseTo(lamAdjusted, 5);
      expect(ys[1]![0]).toBeCloseTo(1 - lamAdjusted, 5);
      tf.dispose([out.x, out.y]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('bad batches and options are refused clearly', () => {
    const m = new MixUp({ numClasses: 4 });
    expect(() => m.apply({ x, y: tf.tensor1d([0, 1, 2, 3, 4, 0], 'int32') }, createRng(0))).toThrow(/label 4 at index 4.*\[0, 4\)/);
    expect(() => m.apply({ x, y: tf.tensor1d([0, 1, 2], 'int32') }, createRng(0))).toThrow(/6 samples but batch.y has 3/);
    expect(() => m.apply({ x, y: tf.tensor1d([0, 1, 2, 3, 1, 0], 'float32') }, createRng(0))).toThrow(/int32/);
    expect(() => m.apply({ x, y })).toThrow(/needs a generator/);
    expect(() => new MixUp({ numClasses: 0 })).toThrow(RangeError);
    expect(() => new CutMix({ numClasses: 3, alpha: -1 })).toThrow(/alpha/);
    expect(() => new CutMix({ numClasses: 3, alhpa: 1 } as never)).toThrow(/unknown option "alhpa".*alpha, numClasses/);
  });
});
