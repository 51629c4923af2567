import { describe, expect, it } from 'vitest';
import * as F from '../src/functional.js';
import {
  AugMix, AutoAugment, CenterCrop, ColorJitter, Compose, ConvertImageDtype, ElasticTransform, FiveCrop, GaussianBlur,
  Grayscale, Lambda, LinearTransformation, Normalize, Pad, RandAugment, RandomAdjustSharpness, RandomAffine,
  RandomApply, RandomAutocontrast, RandomChoice, RandomCrop, RandomEqualize, RandomErasing, RandomGrayscale,
  RandomHorizontalFlip, RandomInvert, RandomOrder, RandomPerspective, RandomPosterize, RandomResizedCrop,
  RandomRotation, RandomSolarize, RandomVerticalFlip, Resize, TenCrop, ToTensor, TrivialAugmentWide, registerTransform,
  sampleRng, transformFromJSON,
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

describe('serialisation', () => {
  const img = randomImage(14, 17, 3, 21);
  const fimg = F.toTensor(img);
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

  it('each class rebuilds itself from its own spec: Class.fromJSON(spec.options, children)', () => {
    const walk = (t: Transform): void => {
      const spec = t.toJSON();
      const cls = t.constructor as unknown as { fromJSON?: (options: object, children: Transform[]) => Transform };
      expect(typeof cls.fromJSON, `${spec.type}.fromJSON`).toBe('function');
      const children = (spec.transforms ?? []).map((s) => transformFromJSON(s));
      const again = cls.fromJSON!(spec.options ?? {}, children);
      expect(again).toBeInstanceOf(t.constructor);
      expect(again.toJSON()).toEqual(spec);
      for (const child of (t as unknown as { transforms?: Transform[] }).transforms ?? []) walk(child);
    };
    walk(everything);
    walk(all);
    for (const t of [new FiveCrop(4), new TenCrop([3, 5], { verticalFlip: true }), new LinearTransformation([[1, 0], [0, 1]], [0, 0])]) walk(t);
    expect(() => RandomCrop.fromJSON({ size: 8, padd: 2 })).toThrow(/RandomCrop: unknown option "padd"/);
  });

  it('Lambda works in-process but cannot be serialised, with a message about workers', () => {
    const lam = new Lambda((im: Image) => F.hflip(im));
    expect(lam.apply(img).data).toEqual(F.hflip(img).data);
    expect(() => lam.toJSON()).toThrow(/Lambda cannot be serialised.*workers.*registerTransform/);
    expect(() => new Compose([new RandomHorizontalFlip(), lam]).toJSON()).toThrow(TypeError);
    expect(() => new Lambda(3 as never)).toThrow(TypeError);
  });
});
