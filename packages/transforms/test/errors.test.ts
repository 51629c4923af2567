import { describe, expect, it } from 'vitest';
import * as F from '../src/functional.js';
import {
  CenterCrop, ColorJitter, Compose, Normalize, RandomApply, RandomChoice, RandomCrop, RandomGrayscale, RandomHorizontalFlip,
  RandomOrder, RandomResizedCrop, RandomVerticalFlip, Resize, createRng, transformFromJSON,
} from '../src/index.js';
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
    expect(() => new Resize(1.5)).toThrow(TypeError);
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
