import { describe, expect, it } from 'vitest';
import {
  CenterCrop, ColorJitter, Compose, Normalize, RandomApply, RandomChoice, RandomCrop, RandomGrayscale, RandomHorizontalFlip,
  RandomOrder, RandomResizedCrop, RandomVerticalFlip, Resize, ToTensor, registerTransform, sampleRng, transformFromJSON,
} from '../src/index.js';
import type { Image, Transform, TransformSpec } from '../src/index.js';
import { randomImage } from './helpers.js';

const everything = new Compose([
  new RandomApply([new RandomVerticalFlip({ p: 0.3 }), new RandomGrayscale({ p: 0.4 })], { p: 0.7 }),
  new RandomChoice([new Resize(20), new Resize([24, 28], { antialias: true, interpolation: 'bilinear' }), new Resize(18, { maxSize: 30, interpolation: 'nearest' })], { p: [1, 2, 1] }),
  new RandomOrder([new CenterCrop([18, 18]), new RandomHorizontalFlip()]),
  new RandomCrop(16, { padding: [2, 1], padIfNeeded: true, fill: [1, 2, 3], paddingMode: 'constant' }),
  new RandomCrop(16, { padding: 2, paddingMode: 'symmetric' }),
  new RandomResizedCrop([32, 32], { scale: [0.1, 1], ratio: [0.5, 2], interpolation: 'bilinear', antialias: false }),
  new ColorJitter({ brightness: 0.5, contrast: [0.3, 1.2], saturation: 0.5, hue: 0.5 }),
  new ToTensor(),
  new Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
]);

function bytes(img: Image): string {
  return Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength).toString('base64');
}

describe('toJSON / transformFromJSON', () => {
  it('round-trips every built-in transform, nested, through JSON text', () => {
    const spec = everything.toJSON();
    const text = JSON.stringify(spec);
    const rebuilt = transformFromJSON(JSON.parse(text) as TransformSpec);
    expect(rebuilt).toBeInstanceOf(Compose);
    expect(JSON.stringify(rebuilt.toJSON())).toBe(text);
    const types = new Set<string>();
    const walk = (s: TransformSpec) => {
      types.add(s.type);
      s.transforms?.forEach(walk);
    };
    walk(spec);
    expect(types.size).toBe(14);
  });

  it('a rebuilt pipeline gives byte-identical output with sampleRng(seed, epoch, index)', () => {
    const rebuilt = transformFromJSON(JSON.parse(JSON.stringify(everything.toJSON())) as TransformSpec);
    for (let index = 0; index < 30; index++) {
      const img = randomImage(22, 26, 3, index);
      const a = everything.apply(img, sampleRng(7, 2, index));
      const b = rebuilt.apply(img, sampleRng(7, 2, index));
      expect(bytes(b)).toBe(bytes(a));
    }
  });

  it('custom transforms can be registered; unknown types are refused clearly', () => {
    const invert: Transform = {
      apply: (img: Image) => ({ ...img, data: img.data.map((v: number) => 255 - v) }),
      toJSON: () => ({ type: 'Invert' }),
    };
    const spec = new Compose([invert, new ToTensor()]).toJSON();
    expect(() => transformFromJSON(spec)).toThrow(/Unknown transform type "Invert".*registerTransform/);
    registerTransform('Invert', () => invert);
    expect(transformFromJSON(spec)).toBeInstanceOf(Compose);
    expect(() => registerTransform('Compose', () => invert)).toThrow(/built-in/);
    expect(() => transformFromJSON(null as unknown as TransformSpec)).toThrow(TypeError);
  });
});
