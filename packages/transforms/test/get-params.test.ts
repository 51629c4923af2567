import { describe, expect, it } from 'vitest';
import * as F from '../src/functional.js';
import {
  ColorJitter, ConvertImageDtype, ElasticTransform, FiveCrop, GaussianBlur, Grayscale, LinearTransformation, Pad,
  RandomAdjustSharpness, RandomAffine, RandomAutocontrast, RandomCrop, RandomEqualize, RandomErasing, RandomInvert,
  RandomPerspective, RandomPosterize, RandomResizedCrop, RandomRotation, RandomSolarize, TenCrop, createRng,
} from '../src/index.js';
import { fixedRng, fixture, randomImage } from './helpers.js';

interface Stats {
  RandomResizedCrop: {
    height: number; width: number; scale: [number, number]; ratio: [number, number]; draws: number;
    mean: Record<string, number>; std: Record<string, number>; fullImageFraction: number;
  };
}

describe('RandomResizedCrop.getParams has torchvision\'s distribution', () => {
  const ref = fixture<Stats>('get_params_stats.json').RandomResizedCrop;

  it(`means and standard deviations over ${ref.draws} draws on 32x32, scale (0.1, 1), ratio (0.5, 2)`, () => {
    const rng = createRng(2024);
    const keys = ['top', 'left', 'height', 'width'] as const;
    const sum = { top: 0, left: 0, height: 0, width: 0 };
    const sq = { top: 0, left: 0, height: 0, width: 0 };
    let full = 0;
    for (let i = 0; i < ref.draws; i++) {
      const b = RandomResizedCrop.getParams(ref.height, ref.width, ref.scale, ref.ratio, rng);
      for (const k of keys) {
        sum[k] += b[k];
        sq[k] += b[k] * b[k];
      }
      if (b.height === 32 && b.width === 32) full++;
    }
    for (const k of keys) {
      const mean = sum[k] / ref.draws;
      const std = Math.sqrt(sq[k] / ref.draws - mean * mean);
      // Two independent samples of 100,000: the standard error of a mean difference is
      // sqrt(2) * std / sqrt(n) ~ 0.03 px, so 0.15 px is 5 standard errors; likewise for the std.
      const tol = (5 * Math.SQRT2 * ref.std[k]!) / Math.sqrt(ref.draws);
      expect(Math.abs(mean - ref.mean[k]!), `mean ${k}: aug ${mean} vs torchvision ${ref.mean[k]}`).toBeLessThan(tol);
      expect(Math.abs(std - ref.std[k]!), `std ${k}: aug ${std} vs torchvision ${ref.std[k]}`).toBeLessThan(tol);
    }
    expect(Math.abs(full / ref.draws - ref.fullImageFraction)).toBeLessThan(0.001);
  });

  it('rounds as Python and draws the position uniformly', () => {
    // u(scale) = 0.5 -> area 512; log-ratio midpoint -> ratio 1 -> w = h = round(sqrt(512)) = 23.
    const b = RandomResizedCrop.getParams(32, 32, [0.4, 0.6], [0.5, 2], fixedRng([0.5, 0.5, 0.0, 0.999]));
    expect(b).toEqual({ top: 0, left: 9, height: 23, width: 23 });
  });

  it('falls back to a centre crop clamped to the ratio range after 10 failed tries', () => {
    // u = 0.999 for scale and ratio: area ~ full, ratio ~ 2 -> w > width, every try fails.
    const wide = RandomResizedCrop.getParams(10, 40, [0.99, 1], [0.5, 2], fixedRng([0.999]));
    expect(wide).toEqual({ top: 0, left: 10, height: 10, width: 20 });
    const tall = RandomResizedCrop.getParams(40, 10, [0.99, 1], [0.5, 2], fixedRng([0.999]));
    expect(tall).toEqual({ top: 10, left: 0, height: 20, width: 10 });
    const square = RandomResizedCrop.getParams(10, 10, [0.99, 1], [0.5, 2], fixedRng([0.999]));
    expect(RandomResizedCrop.getParams(10, 10, [0.99, 1], [1.9, 2], fixedRng([0.999]))).toEqual({ top: 2, left: 0, height: 5, width: 10 });
    expect(square).toEqual({ top: 0, left: 0, height: 10, width: 10 });
  });
});

describe('other getParams', () => {
  it('RandomCrop.getParams: uniform position, no draw when sizes match', () => {
    const r = fixedRng([0.5]);
    expect(RandomCrop.getParams(8, 8, [8, 8], r)).toEqual({ top: 0, left: 0, height: 8, width: 8 });
    expect(RandomCrop.getParams(40, 40, [32, 32], fixedRng([0.0, 0.999]))).toEqual({ top: 0, left: 8, height: 32, width: 32 });
  });

  it('ColorJitter.getParams: a permutation, then factors in their ranges', () => {
    const rng = createRng(5);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const p = ColorJitter.getParams([0.5, 1.5], [0, 2], null, [-0.5, 0.5], rng);
      expect([...p.fnIdx].sort()).toEqual([0, 1, 2, 3]);
      seen.add(p.fnIdx.join(''));
      expect(p.brightnessFactor).toBeGreaterThanOrEqual(0.5);
      expect(p.brightnessFactor).toBeLessThan(1.5);
      expect(p.saturationFactor).toBeNull();
      expect(Math.abs(p.hueFactor!)).toBeLessThanOrEqual(0.5);
    }
    expect(seen.size).toBe(24);
  });
});

describe('each random class applies its kernel with the parameters getParams draws', () => {
  const img = randomImage(14, 17, 3, 21);
  const fimg = F.toTensor(img);
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
