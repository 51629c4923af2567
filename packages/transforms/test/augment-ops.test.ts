import { describe, expect, it } from 'vitest';
import { AugMix, AutoAugment, RandAugment, TrivialAugmentWide, createRng } from '../src/index.js';
import { applyOp, augMixSpace, autoAugmentSpace, randAugmentSpace, trivialAugmentWideSpace } from '../src/transforms/augment-ops.js';
import type { AugmentOpName, AugmentOpSpec } from '../src/transforms/augment-ops.js';
import { AUTO_AUGMENT_POLICIES } from '../src/transforms/auto-augment.js';
import type { EncodedImage } from './helpers.js';
import { decodeU8, fixture, randomImage } from './helpers.js';

interface SpaceEntry { name: string; magnitudes: number[] | null; signed: boolean }
interface Tables {
  imageSize: { height: number; width: number };
  AutoAugment: { space: SpaceEntry[]; policies: Record<string, [string, number, number | null][][]> };
  RandAugment: { bins: number; space: SpaceEntry[] };
  TrivialAugmentWide: { bins: number; space: SpaceEntry[] };
  AugMix: { bins: number; space: SpaceEntry[]; spaceNoAllOps: SpaceEntry[] };
  applyOp: { input: EncodedImage; cases: { op: AugmentOpName; magnitude: number; interpolation: 'nearest' | 'bilinear'; fill: number[] | null; output: EncodedImage }[] };
}

const tables = fixture<Tables>('augment_tables.json');
const { height, width } = tables.imageSize;

function plain(space: AugmentOpSpec[]): SpaceEntry[] {
  return space.map((s) => ({ name: s.name, magnitudes: s.magnitudes === null ? null : Array.from(s.magnitudes), signed: s.signed }));
}

describe("the auto-augment op tables equal torchvision 0.14's (names, order, magnitude bins, signed ops)", () => {
  it('AutoAugment: augmentation space and the ImageNet, CIFAR10 and SVHN policies', () => {
    expect(plain(autoAugmentSpace(10, height, width))).toEqual(tables.AutoAugment.space);
    for (const policy of ['imagenet', 'cifar10', 'svhn'] as const) {
      expect(AUTO_AUGMENT_POLICIES[policy].map((sp) => sp.map((step) => [...step]))).toEqual(tables.AutoAugment.policies[policy]);
    }
  });

  it('RandAugment, TrivialAugmentWide and AugMix (with and without allOps)', () => {
    expect(plain(randAugmentSpace(tables.RandAugment.bins, height, width))).toEqual(tables.RandAugment.space);
    expect(plain(trivialAugmentWideSpace(tables.TrivialAugmentWide.bins))).toEqual(tables.TrivialAugmentWide.space);
    expect(plain(augMixSpace(tables.AugMix.bins, height, width, true))).toEqual(tables.AugMix.space);
    expect(plain(augMixSpace(tables.AugMix.bins, height, width, false))).toEqual(tables.AugMix.spaceNoAllOps);
  });
});

describe("applyOp equals torchvision's _apply_op on uint8 images", () => {
  const input = decodeU8(tables.applyOp.input);
  it(`${tables.applyOp.cases.length} cases (ops, signs, nearest/bilinear, fill): within two levels (torchvision truncates twice in Color), almost all exact`, () => {
    let exact = 0;
    let total = 0;
    for (const c of tables.applyOp.cases) {
      const out = applyOp(input, c.op, c.magnitude, c.interpolation, c.fill);
      const want = decodeU8(c.output);
      const label = `${c.op} ${c.magnitude} ${c.interpolation} ${JSON.stringify(c.fill)}`;
      expect([out.height, out.width, out.channels], label).toEqual([want.height, want.width, want.channels]);
      for (let i = 0; i < want.data.length; i++) {
        // torchvision's uint8 blends truncate (Color: the grey image, then the blend) where aug rounds once (the uint8 rule).
        expect(Math.abs(out.data[i]! - want.data[i]!), `${label} at ${i}`).toBeLessThanOrEqual(2);
        exact += out.data[i] === want.data[i] ? 1 : 0;
        total++;
      }
    }
    expect(exact / total).toBeGreaterThan(0.8);
  });

  it('the geometric, posterize, solarize, equalize, autocontrast and invert ops are exact', () => {
    const exactOps = new Set(['Identity', 'ShearX', 'ShearY', 'TranslateX', 'TranslateY', 'Posterize', 'Solarize', 'Equalize', 'Invert']);
    for (const c of tables.applyOp.cases.filter((k) => exactOps.has(k.op) && !(k.interpolation === 'bilinear' && k.op.startsWith('Shear')))) {
      const out = applyOp(input, c.op, c.magnitude, c.interpolation, c.fill);
      expect(Array.from(out.data), `${c.op} ${c.magnitude} ${c.interpolation}`).toEqual(Array.from(decodeU8(c.output).data));
    }
  });
});

describe('AutoAugment, RandAugment, TrivialAugmentWide, AugMix', () => {
  const img = randomImage(20, 24, 3, 8);

  it('are seeded, keep shape and dtype, never mutate, and need uint8 images', () => {
    for (const t of [new AutoAugment({ policy: 'cifar10' }), new AutoAugment({ policy: 'svhn', fill: 128 }), new RandAugment(), new TrivialAugmentWide(), new AugMix(), new AugMix({ allOps: false, chainDepth: 2 })]) {
      const before = img.data.slice();
      let changed = 0;
      for (let s = 0; s < 20; s++) {
        const a = t.apply(img, createRng(s));
        const b = t.apply(img, createRng(s));
        expect(a.data, t.constructor.name).toEqual(b.data);
        expect([a.height, a.width, a.channels]).toEqual([20, 24, 3]);
        expect(a.data).toBeInstanceOf(Uint8Array);
        if (a.data.some((v, i) => v !== img.data[i])) changed++;
      }
      expect(changed, t.constructor.name).toBeGreaterThan(5);
      expect(img.data).toEqual(before);
      expect(() => t.apply({ ...img, data: Float32Array.from(img.data, (v) => v / 255) }, createRng(0))).toThrow(/uint8.*ToTensor/);
    }
  });

  it('RandAugment picks the ops uniformly and signs half the signed ones negative', () => {
    // Replays the draws: op index uniform over 14 ops.
    const space = randAugmentSpace(31, 32, 32);
    const counts = new Array<number>(space.length).fill(0);
    const rng = createRng(3);
    for (let i = 0; i < 14000; i++) counts[Math.floor(rng.next() * space.length)]!++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });

  it('AutoAugment with probability-1 steps applies them: SVHN sub-policy ops compose as applyOp', () => {
    const t = new AutoAugment({ policy: 'imagenet' });
    const rng = createRng(11);
    const p = AutoAugment.getParams(25, createRng(11));
    const out = t.apply(img, rng);
    let want = img;
    const space = new Map(autoAugmentSpace(10, img.height, img.width).map((s) => [s.name, s]));
    AUTO_AUGMENT_POLICIES.imagenet[p.policyId]!.forEach(([name, prob, bin], i) => {
      if (!(p.probs[i]! <= prob)) return;
      const spec = space.get(name)!;
      let m = spec.magnitudes !== null && bin !== null ? spec.magnitudes[bin]! : 0;
      if (spec.signed && p.signs[i] === 0) m = -m;
      want = applyOp(want, name, m, 'nearest', null);
    });
    expect(out.data).toEqual(want.data);
  });
});
