import { describe, expect, it } from 'vitest';
import {
  AutoAugment, CutMix, ElasticTransform, GaussianBlur, MixUp, RandomAffine, RandomErasing, RandomPerspective, RandomRotation, createRng,
} from '../src/index.js';
import { fixture } from './helpers.js';

interface Moments { draws?: number; mean: Record<string, number>; std: Record<string, number> }
type Stats = Record<string, Moments & Record<string, unknown>>;
const stats = fixture<Stats>('get_params_stats.json');

/**
 * Compares aug's draws with torchvision's statistics: two independent samples of n draws, so a mean differs
 * by about sqrt(2) * std / sqrt(n); 5 of those (and the same for the standard deviation) is the tolerance.
 */
function compare(name: string, ref: Moments, draw: () => number[], n = ref.draws ?? 100_000): void {
  const keys = Object.keys(ref.mean);
  const sum = new Float64Array(keys.length);
  const sq = new Float64Array(keys.length);
  for (let i = 0; i < n; i++) {
    const v = draw();
    for (let k = 0; k < keys.length; k++) {
      sum[k]! += v[k]!;
      sq[k]! += v[k]! * v[k]!;
    }
  }
  keys.forEach((key, k) => {
    const mean = sum[k]! / n;
    const std = Math.sqrt(Math.max(sq[k]! / n - mean * mean, 0));
    const tol = (5 * Math.SQRT2 * ref.std[key]!) / Math.sqrt(n) + 1e-9;
    expect(Math.abs(mean - ref.mean[key]!), `${name} mean ${key}: aug ${mean} vs torchvision ${ref.mean[key]}`).toBeLessThan(tol);
    expect(Math.abs(std - ref.std[key]!), `${name} std ${key}: aug ${std} vs torchvision ${ref.std[key]}`).toBeLessThan(tol);
  });
}

describe("new getParams have torchvision's distributions over 100,000 draws", () => {
  it('RandomRotation', () => {
    const r = stats.RandomRotation!;
    const rng = createRng(1);
    compare('RandomRotation', r, () => [RandomRotation.getParams(r.degrees as [number, number], rng)]);
  });

  it('RandomAffine (angle, rounded translations, scale, x and y shear)', () => {
    const r = stats.RandomAffine!;
    const rng = createRng(2);
    compare('RandomAffine', r, () => {
      const p = RandomAffine.getParams(r.degrees as [number, number], r.translate as [number, number], r.scale as [number, number], r.shear as number[], r.imgSize as [number, number], rng);
      return [p.angle, p.translations[0], p.translations[1], p.scale, p.shear[0], p.shear[1]];
    });
  });

  it('RandomPerspective (eight corner coordinates)', () => {
    const r = stats.RandomPerspective!;
    const rng = createRng(3);
    compare('RandomPerspective', r, () => RandomPerspective.getParams(r.width as number, r.height as number, r.distortionScale as number, rng).endpoints.flat());
  });

  it('GaussianBlur', () => {
    const r = stats.GaussianBlur!;
    const rng = createRng(4);
    const [lo, hi] = r.sigma as [number, number];
    compare('GaussianBlur', r, () => [GaussianBlur.getParams(lo, hi, rng)]);
  });

  it('RandomErasing (box and the fallback when nothing fits)', () => {
    const r = stats.RandomErasing!;
    const rng = createRng(5);
    let fallback = 0;
    const img = { height: r.height as number, width: r.width as number, channels: 3 };
    compare('RandomErasing', r, () => {
      const p = RandomErasing.getParams(img, r.scale as [number, number], r.ratio as [number, number], [0], rng);
      if (p.v === null) fallback++;
      return [p.i, p.j, p.h, p.w];
    });
    expect(Math.abs(fallback / 100_000 - (r.fallbackFraction as number))).toBeLessThan(0.002);
  });

  it('ElasticTransform (field values and their smoothness)', () => {
    const r = stats.ElasticTransform!;
    const [h, w] = r.size as [number, number];
    const rng = createRng(6);
    const fields = Array.from({ length: r.fields as number }, () => ElasticTransform.getParams(r.alpha as [number, number], r.sigma as [number, number], [h, w], rng));
    const all = fields.flatMap((f) => Array.from(f));
    const n = all.length / 2;
    for (const [k, key] of [[0, 'dx'], [1, 'dy']] as const) {
      const v = all.filter((_, i) => i % 2 === k);
      const mean = v.reduce((a, b) => a + b, 0) / n;
      const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
      // A smooth field has few independent values: compare loosely (20% of the reference std).
      expect(Math.abs(mean - r.mean[key]!), `mean ${key}`).toBeLessThan(0.2 * r.std[key]!);
      expect(Math.abs(std - r.std[key]!) / r.std[key]!, `std ${key}: ${std} vs ${r.std[key]}`).toBeLessThan(0.2);
      // lag-1 correlation along x
      let num = 0;
      let den = 0;
      for (const f of fields) {
        for (let y = 0; y < h; y++) for (let x = 0; x < w - 1; x++) {
          num += (f[(y * w + x) * 2 + k]! - mean) * (f[(y * w + x + 1) * 2 + k]! - mean);
          den += (f[(y * w + x) * 2 + k]! - mean) ** 2;
        }
      }
      expect(Math.abs(num / den - (r.lag1Correlation as Record<string, number>)[key]!), `lag-1 correlation ${key}`).toBeLessThan(0.02);
    }
  });

  it('AutoAugment.getParams (policy, probabilities, signs)', () => {
    const r = stats.AutoAugment!;
    const rng = createRng(7);
    compare('AutoAugment', r, () => {
      const p = AutoAugment.getParams(r.transformNum as number, rng);
      return [p.policyId, p.probs[0], p.probs[1], p.signs[0], p.signs[1]];
    });
  });

  it('MixUp lambda ~ Beta(0.4, 0.4), as torch.distributions.Beta', () => {
    const r = stats.MixUp!;
    const rng = createRng(8);
    compare('MixUp', r, () => [MixUp.getParams(r.alpha as number, rng)]);
  });

  it("CutMix box and adjusted lambda, as torchvision v2's CutMix", () => {
    const r = stats.CutMix!;
    const rng = createRng(9);
    compare('CutMix', r, () => {
      const p = CutMix.getParams(r.alpha as number, r.height as number, r.width as number, rng);
      return [...p.box, p.lamAdjusted];
    });
  });
});
