import { describe, expect, it } from 'vitest';
import * as F from '../src/functional.js';
import {
  CenterCrop, ColorJitter, Compose, Normalize, RandomApply, RandomChoice, RandomCrop, RandomGrayscale, RandomHorizontalFlip,
  RandomOrder, RandomResizedCrop, RandomVerticalFlip, Resize, ToTensor, createRng, sampleRng,
} from '../src/index.js';
import type { Transform } from '../src/index.js';
import { fixedRng, randomImage } from './helpers.js';

const img = randomImage(32, 32, 3, 7);

describe('transform classes', () => {
  it('the same seed gives byte-identical output; another seed differs', () => {
    const d2l = new Compose([
      new RandomHorizontalFlip(),
      new RandomResizedCrop([32, 32], { scale: [0.1, 1], ratio: [0.5, 2] }),
      new ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.5 }),
      new ToTensor(),
    ]);
    const a = d2l.apply(img, createRng(42));
    const b = d2l.apply(img, createRng(42));
    const c = d2l.apply(img, createRng(43));
    expect(Buffer.from(a.data.buffer)).toEqual(Buffer.from(b.data.buffer));
    expect(Buffer.from(a.data.buffer)).not.toEqual(Buffer.from(c.data.buffer));
    expect(a.data).toBeInstanceOf(Float32Array);
  });

  it('flips with probability p (torch.rand(1) < p)', () => {
    expect(new RandomHorizontalFlip({ p: 1 }).apply(img, createRng(0)).data).toEqual(F.hflip(img).data);
    expect(new RandomHorizontalFlip({ p: 0 }).apply(img, createRng(0)).data).toEqual(img.data);
    expect(new RandomVerticalFlip(1).apply(img, createRng(0)).data).toEqual(F.vflip(img).data);
    expect(new RandomHorizontalFlip().apply(img, fixedRng([0.49])).data).toEqual(F.hflip(img).data);
    expect(new RandomHorizontalFlip().apply(img, fixedRng([0.5])).data).toEqual(img.data);
    const rng = createRng(1);
    let flips = 0;
    for (let i = 0; i < 4000; i++) if (RandomHorizontalFlip.getParams(0.3, rng)) flips++;
    expect(Math.abs(flips / 4000 - 0.3)).toBeLessThan(0.03);
  });

  it('RandomResizedCrop = getParams then resizedCrop', () => {
    const t = new RandomResizedCrop([24, 20], { scale: [0.1, 1], ratio: [0.5, 2] });
    const out = t.apply(img, createRng(3));
    const b = RandomResizedCrop.getParams(32, 32, [0.1, 1], [0.5, 2], createRng(3));
    expect(out.data).toEqual(F.resizedCrop(img, b.top, b.left, b.height, b.width, [24, 20]).data);
    expect([out.height, out.width, out.channels]).toEqual([24, 20, 3]);
  });

  it('ColorJitter applies the four adjustments in the drawn order with the drawn factors', () => {
    const t = new ColorJitter({ brightness: 0.5, contrast: [0.2, 1.8], saturation: 0.5, hue: 0.5 });
    expect(t.brightness).toEqual([0.5, 1.5]);
    expect(t.hue).toEqual([-0.5, 0.5]);
    expect(new ColorJitter({ brightness: 2 }).brightness).toEqual([0, 3]);
    expect(new ColorJitter({ brightness: 0, hue: 0 }).brightness).toBeNull();
    const p = ColorJitter.getParams(t.brightness, t.contrast, t.saturation, t.hue, createRng(9));
    let want = img;
    for (const fn of p.fnIdx) {
      if (fn === 0) want = F.adjustBrightness(want, p.brightnessFactor!);
      if (fn === 1) want = F.adjustContrast(want, p.contrastFactor!);
      if (fn === 2) want = F.adjustSaturation(want, p.saturationFactor!);
      if (fn === 3) want = F.adjustHue(want, p.hueFactor!);
    }
    expect(t.apply(img, createRng(9)).data).toEqual(want.data);
    expect(new ColorJitter().apply(img, createRng(0)).data).toEqual(img.data);
    // The in-place fused path equals the sequential kernels byte for byte, uint8 and float, 1 and 3 channels.
    const full = new ColorJitter({ brightness: 0.9, contrast: 0.9, saturation: 0.9, hue: 0.5 });
    for (let seed = 0; seed < 40; seed++) {
      const im = randomImage(9, 7, seed % 4 === 3 ? 1 : 3, seed, seed % 2 ? 'uint8' : 'float32');
      const q = ColorJitter.getParams(full.brightness, full.contrast, full.saturation, full.hue, createRng(seed));
      let seq = im;
      for (const fn of q.fnIdx) {
        if (fn === 0) seq = F.adjustBrightness(seq, q.brightnessFactor!);
        if (fn === 1) seq = F.adjustContrast(seq, q.contrastFactor!);
        if (fn === 2) seq = F.adjustSaturation(seq, q.saturationFactor!);
        if (fn === 3) seq = F.adjustHue(seq, q.hueFactor!);
      }
      const before = im.data.slice();
      expect(full.apply(im, createRng(seed)).data).toEqual(seq.data);
      expect(im.data).toEqual(before);
    }
  });

  it('RandomCrop pads (padding, padIfNeeded, fill, mode) then crops', () => {
    const small = randomImage(5, 6, 3, 2);
    const t = new RandomCrop([9, 10], { padding: [1, 2], padIfNeeded: true, fill: 7, paddingMode: 'constant' });
    const out = t.apply(small, createRng(1));
    expect([out.height, out.width]).toEqual([9, 10]);
    // width 6 + 2 = 8 < 10 -> pad 2 columns on both sides (torchvision's [d, 0]); height 5 + 4 = 9 fits.
    const padded = F.pad(F.pad(small, [1, 2], { fill: 7 }), [2, 0], { fill: 7 });
    const b = RandomCrop.getParams(padded.height, padded.width, [9, 10], createRng(1));
    expect(out.data).toEqual(F.crop(padded, b.top, b.left, 9, 10).data);
    const reflect = new RandomCrop(32, { padding: 4, paddingMode: 'reflect' }).apply(img, createRng(2));
    const rb = RandomCrop.getParams(40, 40, [32, 32], createRng(2));
    expect(reflect.data).toEqual(F.crop(F.pad(img, 4, { mode: 'reflect' }), rb.top, rb.left, 32, 32).data);
    expect(new RandomCrop(32, { padding: 2, mode: 'edge' }).paddingMode).toBe('edge');
  });

  it('Resize: shorter edge, exact size, maxSize', () => {
    const wide = randomImage(10, 20, 3, 3);
    expect(new Resize(5).apply(wide)).toMatchObject({ height: 5, width: 10 });
    expect(new Resize([7]).apply(wide)).toMatchObject({ height: 7, width: 14 });
    expect(new Resize([4, 6]).apply(wide)).toMatchObject({ height: 4, width: 6 });
    expect(new Resize(8, { maxSize: 12 }).apply(wide)).toMatchObject({ height: 6, width: 12 });
    expect(new Resize(5).apply(wide).data).toEqual(F.resize(wide, [5, 10]).data);
    expect(new Resize(5, { antialias: true }).apply(wide).data).toEqual(F.resize(wide, [5, 10], { antialias: true }).data);
  });

  it('CenterCrop, ToTensor, Normalize', () => {
    expect(new CenterCrop(20).apply(img).data).toEqual(F.centerCrop(img, [20, 20]).data);
    const x = new ToTensor().apply(img);
    expect(x.data).toEqual(F.toTensor(img).data);
    expect(new Normalize([0.5, 0.4, 0.3], [0.2, 0.3, 0.4]).apply(x).data).toEqual(F.normalize(x, [0.5, 0.4, 0.3], [0.2, 0.3, 0.4]).data);
  });

  it('RandomApply, RandomChoice, RandomOrder, RandomGrayscale', () => {
    const flip = new RandomHorizontalFlip(1);
    const vflip = new RandomVerticalFlip(1);
    expect(new RandomApply([flip, vflip], { p: 0.5 }).apply(img, fixedRng([0.4])).data).toEqual(F.vflip(F.hflip(img)).data);
    expect(new RandomApply([flip], { p: 0.5 }).apply(img, fixedRng([0.6])).data).toEqual(img.data);
    const choice = new RandomChoice([flip, vflip], { p: [1, 3] });
    expect(choice.apply(img, fixedRng([0.2])).data).toEqual(F.hflip(img).data);
    expect(choice.apply(img, fixedRng([0.3])).data).toEqual(F.vflip(img).data);
    expect(RandomChoice.getParams(3, null, fixedRng([0.7]))).toBe(2);
    const rng = createRng(4);
    const counts = [0, 0];
    for (let i = 0; i < 4000; i++) counts[RandomChoice.getParams(2, [1, 3], rng)]!++;
    expect(Math.abs(counts[1]! / 4000 - 0.75)).toBeLessThan(0.03);
    const order = new RandomOrder([new ColorJitter({ brightness: [0.5, 0.5] }), new ColorJitter({ contrast: [2, 2] })]);
    const perm = RandomOrder.getParams(2, createRng(11));
    const steps = [(i: typeof img) => F.adjustBrightness(i, 0.5), (i: typeof img) => F.adjustContrast(i, 2)];
    const r = createRng(11);
    const out = order.apply(img, r);
    expect(out.data).toEqual(steps[perm[1]!]!(steps[perm[0]!]!(img)).data);
    expect(new RandomGrayscale(1).apply(img, createRng(0)).data).toEqual(F.rgbToGrayscale(img, 3).data);
    expect(new RandomGrayscale(0).apply(img, createRng(0))).toBe(img);
  });

  it('the d2l gallery calls work and give 8 different pictures', () => {
    const augs: Transform[] = [
      new Compose([new RandomHorizontalFlip(), new ToTensor()]),
      new RandomResizedCrop([32, 32], { scale: [0.1, 1], ratio: [0.5, 2] }),
      new ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.5 }),
    ];
    for (const aug of augs.slice(1)) {
      const outs = Array.from({ length: 8 }, (_, i) => aug.apply(img, sampleRng(0, 0, i)));
      expect(new Set(outs.map((o) => Buffer.from(o.data.buffer).toString('base64'))).size).toBe(8);
    }
    expect(augs[0]!.apply(img, createRng(0)).data).toBeInstanceOf(Float32Array);
  });

  it('library code never calls Math.random', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
    const src = new URL('../src', import.meta.url).pathname;
    for (const file of walk(src)) expect(readFileSync(file, 'utf8'), file).not.toMatch(/Math\.random\s*\(/);
  });
});
