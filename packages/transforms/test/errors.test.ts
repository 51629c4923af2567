import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as F from '../src/functional.js';
import {
  AugMix, AutoAugment, CenterCrop, ColorJitter, Compose, ElasticTransform, GaussianBlur, Grayscale, Normalize, Pad, RandAugment,
  RandomAdjustSharpness, RandomAffine, RandomApply, RandomAutocontrast, RandomChoice, RandomCrop, RandomEqualize, RandomErasing,
  RandomGrayscale, RandomHorizontalFlip, RandomInvert, RandomOrder, RandomPerspective, RandomPosterize, RandomResizedCrop,
  RandomRotation, RandomSolarize, RandomVerticalFlip, Resize, TenCrop, TrivialAugmentWide, createRng, registerTransform,
  transformFromJSON,
} from '../src/index.js';
import type { TransformSpec } from '../src/index.js';
import type { Image } from '../src/image.js';
import { randomImage } from './helpers.js';

const img = randomImage(8, 8, 3, 1);
const rng = createRng(0);

describe('bad input gets a RangeError/TypeError naming the argument and the value', () => {
  it('p outside [0, 1]', () => {
    expect(() => new RandomHorizontalFlip({ p: 1.5 })).toThrow(RangeError);
    expect(() => new RandomHorizontalFlip({ p: 1.5 })).toThrow(/p .*1\.5/);
    expect(() => new RandomVerticalFlip({ p: -0.1 })).toThrow(/p .*-0\.1/);
    expect(() => new RandomGrayscale({ p: 2 })).toThrow(RangeError);
    expect(() => new RandomApply([], { p: 7 })).toThrow(/7/);
  });

  it('scale / ratio with min > max or non-positive values', () => {
    expect(() => new RandomResizedCrop(32, { scale: [1, 0.1] })).toThrow(RangeError);
    expect(() => new RandomResizedCrop(32, { scale: [1, 0.1] })).toThrow(/scale.*\[1, 0\.1\]/);
    expect(() => new RandomResizedCrop(32, { ratio: [2, 0.5] })).toThrow(/ratio.*\[2, 0\.5\]/);
    expect(() => new RandomResizedCrop(32, { scale: [0, 1] })).toThrow(/scale.*positive.*\[0, 1\]/);
    expect(() => new RandomResizedCrop(32, { ratio: [-1, 2] })).toThrow(RangeError);
    expect(() => RandomResizedCrop.getParams(32, 32, [0.5, 0.1], [0.5, 2], rng)).toThrow(/scale/);
  });

  it('negative jitter and hue outside [0, 0.5]', () => {
    expect(() => new ColorJitter({ brightness: -0.5 })).toThrow(/brightness.*-0\.5/);
    expect(() => new ColorJitter({ contrast: -1 })).toThrow(RangeError);
    expect(() => new ColorJitter({ saturation: [1.5, 0.5] })).toThrow(/saturation/);
    expect(() => new ColorJitter({ hue: 0.6 })).toThrow(/hue.*0\.6/);
    expect(() => new ColorJitter({ hue: -0.1 })).toThrow(/hue.*-0\.1/);
    expect(() => new ColorJitter({ hue: [-0.7, 0.2] })).toThrow(RangeError);
    expect(() => new ColorJitter({ brightness: 'a' as unknown as number })).toThrow(TypeError);
    expect(() => F.adjustHue(img, 0.7)).toThrow(/hue_factor.*0\.7/);
    expect(() => F.adjustBrightness(img, -1)).toThrow(/brightness_factor.*-1/);
  });

  it('non-positive sizes', () => {
    expect(() => new RandomResizedCrop(0)).toThrow(/size.*0/);
    expect(() => new RandomResizedCrop([32, -4])).toThrow(RangeError);
    expect(() => new Resize(-3)).toThrow(/size.*-3/);
    expect(() => new CenterCrop([0, 3])).toThrow(RangeError);
    expect(() => new RandomCrop(0)).toThrow(RangeError);
    expect(() => F.resize(img, [0, 4])).toThrow(/size/);
    expect(() => F.crop(img, 0, 0, 0, 3)).toThrow(/height.*0/);
    // A number that is not an integer is a bad value (RangeError); something that is not a number, a bad type.
    expect(() => new Resize(1.5)).toThrow(RangeError);
    expect(() => new Resize(1.5)).toThrow(/size must be a positive integer, got 1.5/);
    expect(() => new Resize('3' as unknown as number)).toThrow(TypeError);
    expect(() => new RandomCrop([32, 2.5])).toThrow(/size\[1\] must be a positive integer, got 2.5/);
  });

  it('channels other than 1 or 3 where colour is needed', () => {
    const four = randomImage(4, 4, 4, 2);
    expect(() => F.adjustContrast(four, 1.2)).toThrow(/channels.*1 or 3.*4/);
    expect(() => F.adjustSaturation(four, 1.2)).toThrow(RangeError);
    expect(() => F.adjustHue(four, 0.1)).toThrow(/channels.*4/);
    expect(() => F.rgbToGrayscale(four, 1)).toThrow(RangeError);
    expect(() => new ColorJitter({ hue: 0.2 }).apply(four, createRng(1))).toThrow(RangeError);
  });

  it('data length not height*width*channels', () => {
    const bad: Image = { data: new Uint8Array(10), height: 2, width: 2, channels: 3 };
    expect(() => F.hflip(bad)).toThrow(/img.data has length 10.*12/);
    expect(() => new RandomResizedCrop(4).apply(bad, rng)).toThrow(RangeError);
    expect(() => F.toTensor({ data: [1, 2, 3] as unknown as Uint8Array, height: 1, width: 1, channels: 3 })).toThrow(TypeError);
  });

  it('random transforms without an rng', () => {
    for (const t of [new RandomHorizontalFlip(), new RandomVerticalFlip(), new RandomResizedCrop(4), new ColorJitter({ hue: 0.1 }), new RandomCrop(4), new RandomGrayscale(), new RandomApply([]), new RandomChoice([new RandomGrayscale()]), new RandomOrder([])]) {
      expect(() => t.apply(img), t.constructor.name).toThrow(TypeError);
      expect(() => t.apply(img), t.constructor.name).toThrow(/needs a generator.*createRng/);
    }
    expect(() => new Compose([new RandomHorizontalFlip()]).apply(img)).toThrow(/RandomHorizontalFlip/);
  });

  it('other arguments', () => {
    expect(() => F.pad(img, -1)).toThrow(/padding.*-1/);
    expect(() => F.pad(img, 8, { mode: 'reflect' })).toThrow(/reflect/);
    expect(() => F.pad(img, 1, { mode: 'wrap' as 'edge' })).toThrow(/mode.*wrap/);
    expect(() => F.normalize(F.toTensor(img), [0.5, 0.5, 0.5], [0.2, 0, 0.2])).toThrow(/std/);
    expect(() => F.normalize(img, [0.5], [0.5])).toThrow(/float image.*toTensor/);
    expect(() => new Normalize([0.5, 0.5], [1, 0])).toThrow(RangeError);
    expect(() => F.resize(img, [4, 4], { interpolation: 'nearest', antialias: true })).toThrow(/antialias/);
    expect(() => new RandomCrop(9).apply(img, createRng(0))).toThrow(/crop size.*\[9, 9\].*\[8, 8\]/);
    expect(() => new RandomChoice([new RandomGrayscale()], { p: [-1] })).toThrow(RangeError);
    expect(() => new Compose([{}] as never)).toThrow(/transforms\[0\]/);
    expect(() => transformFromJSON({ type: 'Sharpen' })).toThrow(/Unknown transform type "Sharpen"/);
    expect(() => new Resize([8, 8], { maxSize: 20 })).toThrow(/maxSize/);
  });
});

describe('issue 21: misspelt options, malformed specs, bad std, bad batches, huge sizes', () => {
  it('every transform class rejects unknown option keys, naming the key and the known ones', () => {
    expect(() => new ColorJitter({ brightnes: 0.5 } as never)).toThrow(TypeError);
    expect(() => new ColorJitter({ brightnes: 0.5 } as never)).toThrow(/unknown option "brightnes".*brightness, contrast, saturation, hue/);
    const cases: [string, () => unknown][] = [
      ['RandomHorizontalFlip', () => new RandomHorizontalFlip({ q: 1 } as never)],
      ['RandomVerticalFlip', () => new RandomVerticalFlip({ prob: 1 } as never)],
      ['RandomResizedCrop', () => new RandomResizedCrop(8, { scales: [0.1, 1] } as never)],
      ['Resize', () => new Resize(8, { antialiased: true } as never)],
      ['RandomCrop', () => new RandomCrop(8, { pad: 2 } as never)],
      ['RandomApply', () => new RandomApply([], { prob: 0.5 } as never)],
      ['RandomChoice', () => new RandomChoice([new RandomGrayscale()], { weights: [1] } as never)],
      ['RandomGrayscale', () => new RandomGrayscale({ P: 0.5 } as never)],
      ['Pad', () => new Pad(1, { mode: 'edge' } as never)],
      ['Grayscale', () => new Grayscale({ channels: 3 } as never)],
      ['RandomRotation', () => new RandomRotation(10, { expnd: true } as never)],
      ['RandomAffine', () => new RandomAffine(10, { translation: [0.1, 0.1] } as never)],
      ['RandomPerspective', () => new RandomPerspective({ distortion: 0.5 } as never)],
      ['ElasticTransform', () => new ElasticTransform({ sigmas: 3 } as never)],
      ['GaussianBlur', () => new GaussianBlur(3, { sigm: 1 } as never)],
      ['RandomInvert', () => new RandomInvert({ pp: 1 } as never)],
      ['RandomPosterize', () => new RandomPosterize(4, { bits: 3 } as never)],
      ['RandomSolarize', () => new RandomSolarize(100, { thresh: 1 } as never)],
      ['RandomAdjustSharpness', () => new RandomAdjustSharpness(2, { factor: 1 } as never)],
      ['RandomAutocontrast', () => new RandomAutocontrast({ x: 1 } as never)],
      ['RandomEqualize', () => new RandomEqualize({ x: 1 } as never)],
      ['RandomErasing', () => new RandomErasing({ values: 0 } as never)],
      ['TenCrop', () => new TenCrop(4, { vertical: true } as never)],
      ['AutoAugment', () => new AutoAugment({ polcy: 'cifar10' } as never)],
      ['RandAugment', () => new RandAugment({ num_ops: 2 } as never)],
      ['TrivialAugmentWide', () => new TrivialAugmentWide({ bins: 3 } as never)],
      ['AugMix', () => new AugMix({ width: 3 } as never)],
    ];
    for (const [name, make] of cases) {
      expect(make, name).toThrow(TypeError);
      expect(make, name).toThrow(/unknown option ".*"( \(did you mean "\w+"\?\))?; the options are /);
    }
    expect(() => new RandomRotation(10, null as never)).toThrow(/options must be an object/);
  });

  it('transformFromJSON refuses null/string/array options, non-transform factory results, deep and cyclic specs', () => {
    expect(() => transformFromJSON({ type: 'RandomHorizontalFlip', options: null } as never)).toThrow(/options of RandomHorizontalFlip must be an object/);
    expect(() => transformFromJSON({ type: 'ColorJitter', options: 'bright' } as never)).toThrow(TypeError);
    expect(() => transformFromJSON({ type: 'ColorJitter', options: [0.5] } as never)).toThrow(TypeError);
    expect(() => transformFromJSON({ type: 'ColorJitter', options: { brightnes: 0.5 } })).toThrow(/unknown option "brightnes"/);
    registerTransform('NotATransform', () => ({ hello: 1 }) as never);
    expect(() => transformFromJSON({ type: 'NotATransform' })).toThrow(/returned .*not a transform/);
    let deep: TransformSpec = { type: 'ToTensor' };
    for (let i = 0; i < 20000; i++) deep = { type: 'Compose', transforms: [deep] };
    expect(() => transformFromJSON(deep)).toThrow(RangeError);
    expect(() => transformFromJSON(deep)).toThrow(/more than 64 levels/);
    let ok: TransformSpec = { type: 'ToTensor' };
    for (let i = 0; i < 60; i++) ok = { type: 'Compose', transforms: [ok] };
    expect(transformFromJSON(ok)).toBeInstanceOf(Compose);
    const cyclic: TransformSpec = { type: 'Compose', transforms: [] };
    cyclic.transforms!.push(cyclic);
    expect(() => transformFromJSON(cyclic)).toThrow(/cyclic/);
    expect(() => transformFromJSON({ type: 'Compose', transforms: [{ type: 'Compose', transforms: [7 as never] }] })).toThrow(/spec.transforms\[0\].transforms\[0\]/);
  });

  it('Normalize rejects std <= 0, non-finite std and std so small that 1/std overflows', () => {
    expect(() => new Normalize([0.5], [-0.2])).toThrow(RangeError);
    expect(() => new Normalize([0.5], [-0.2])).toThrow(/std.*positive.*-0\.2/);
    expect(() => new Normalize([0.5], [1e-50])).toThrow(/std/);
    expect(() => new Normalize([0.5], [1e-39])).toThrow(RangeError);
    expect(() => new Normalize([0.5], [Infinity])).toThrow(/std/);
    expect(() => new Normalize([0.5], [NaN])).toThrow(/std/);
    expect(() => F.normalize(F.toTensor(img), [0.5, 0.5, 0.5], [0.2, -1, 0.2])).toThrow(/std/);
    expect(new Normalize([0.5], [1e-30]).std).toEqual([1e-30]);
  });

  it('applyBatch on a batch that is not 1- or 3-channel gives a clear error, and Compose.applyBatch leaks nothing when a member fails', () => {
    const x5 = tf.zeros([2, 4, 4, 5]) as tf.Tensor4D;
    expect(() => new ColorJitter({ brightness: 0.1, hue: 0.1 }).applyBatch(x5, createRng(0))).toThrow(/x.channels must be 1 or 3.*5/);
    expect(() => new RandomGrayscale(1).applyBatch(x5, createRng(0))).toThrow(/channels must be 1 or 3/);
    const pipeline = new Compose([new RandomHorizontalFlip(), new RandomResizedCrop(3), new ColorJitter({ saturation: 0.5 })]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) expect(() => pipeline.applyBatch!(x5, createRng(i))).toThrow(RangeError);
    expect(tf.memory().numTensors).toBe(before);
    x5.dispose();
  });

  it('RandomResizedCrop (and the resizing kernels) with a huge size give a RangeError naming the size', () => {
    expect(() => new RandomResizedCrop(1e5).apply(img, createRng(0))).toThrow(RangeError);
    expect(() => new RandomResizedCrop(1e5).apply(img, createRng(0))).toThrow(/size \[100000, 100000\].*100000x100000x3/);
    expect(() => F.resize(img, [1e5, 1e5])).toThrow(/size/);
    expect(() => new Resize(70000).apply(img)).toThrow(RangeError);
    expect(() => F.pad(img, 20000)).toThrow(/padding/);
  });

  it('new kernels: bad arguments are named', () => {
    const f = F.toTensor(img);
    expect(() => F.posterize(f, 4)).toThrow(/uint8.*toTensor/);
    expect(() => F.posterize(img, 9)).toThrow(/bits.*0\.\.8.*9/);
    expect(() => F.equalize(f)).toThrow(/uint8/);
    expect(() => F.solarize(f, 2)).toThrow(/threshold.*at most 1/);
    expect(() => F.adjustGamma(img, -1)).toThrow(/gamma/);
    expect(() => F.gaussianBlur(img, 4)).toThrow(/kernelSize.*odd/);
    expect(() => F.gaussianBlur(img, 3, 0)).toThrow(/sigma.*positive/);
    expect(() => F.gaussianBlur(img, 17)).toThrow(/too large/);
    expect(() => F.rotate(img, 10, { interpolation: 'bicubic' as never })).toThrow(/interpolation.*nearest.*bilinear.*bicubic/);
    expect(() => F.rotate(img, 10, { fill: [1, 2] })).toThrow(/fill/);
    expect(() => F.affine(img, 0, [0, 0], 0, 0)).toThrow(/scale must be positive/);
    expect(() => F.perspective(img, [[0, 0]], [[0, 0]])).toThrow(/four/);
    expect(() => F.elasticTransform(img, new Float32Array(3))).toThrow(/displacement.*128/);
    expect(() => F.fiveCrop(img, 9)).toThrow(/bigger than input size/);
    expect(() => F.erase(img, 0, 0, 2, 2, [1, 2])).toThrow(/v must have 1, 3/);
    expect(() => F.convertImageDtype(img, 'float16' as never)).toThrow(/dtype/);
    expect(() => new RandomRotation(-5)).toThrow(/degrees.*positive/);
    expect(() => new RandomAffine(0, { translate: [0.5, 2] })).toThrow(/translate.*between 0 and 1/);
    expect(() => new GaussianBlur(3, { sigma: [2, 1] })).toThrow(/sigma/);
    expect(() => new RandAugment({ magnitude: 31 })).toThrow(/magnitude.*\[0, 31\)/);
    expect(() => new AugMix({ severity: 11 })).toThrow(/severity/);
    expect(() => new AutoAugment({ policy: 'mnist' as never })).toThrow(/policy.*imagenet/);
    expect(() => new ElasticTransform({ sigma: [1, 0] })).toThrow(/sigma/);
  });
});
