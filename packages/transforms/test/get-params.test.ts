import { describe, expect, it } from 'vitest';
import { ColorJitter, RandomCrop, RandomResizedCrop, createRng } from '../src/index.js';
import { fixedRng, fixture } from './helpers.js';

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
