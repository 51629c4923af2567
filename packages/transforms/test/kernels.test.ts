// Every functional kernel meets the kernel contract of @aug/test-utils' checkKernel: it leaves its input
// alone, returns new data of the right element type and size, leaks no tensor, and, where a batched form
// exists, the batched form on a stack of images equals the kernel on each image.
import { checkKernel } from '@aug/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { autocontrastBatch } from '../src/batch/autocontrast.js';
import { centerCropBatch } from '../src/batch/center-crop.js';
import { colorJitterBatch } from '../src/batch/color-jitter.js';
import { grayBatch } from '../src/batch/color.js';
import { perPixel } from '../src/batch/broadcast.js';
import { flipBatch } from '../src/batch/flip.js';
import { padCropBatch, paddedIndex } from '../src/batch/pad-crop.js';
import { invertBatch, solarizeBatch } from '../src/batch/point-ops.js';
import { sharpnessBatch } from '../src/batch/sharpness.js';
import * as F from '../src/functional.js';
import type { Image } from '../src/image.js';
import type { ColorJitterParams } from '../src/kernels/color-jitter.js';
import { colorJitter } from '../src/kernels/color-jitter.js';
import { Normalize } from '../src/transforms/normalize.js';
import { Resize } from '../src/transforms/resize.js';
import { ToTensor } from '../src/transforms/to-tensor.js';
import { randomImage } from './helpers.js';

type Kernel = (img: Image) => Image | Image[];
type Batched = (x: tf.Tensor4D) => tf.Tensor4D;

const H = 9;
const W = 11;
const images = (c: number, kind: 'uint8' | 'float32', n = 3): Image[] => Array.from({ length: n }, (_, i) => randomImage(H, W, c, 40 + i, kind));
const all = (n: number): boolean[] => new Array<boolean>(n).fill(true);
const jitter = (p: Partial<ColorJitterParams>): ColorJitterParams => ({
  fnIdx: [0, 1, 2, 3], brightnessFactor: null, contrastFactor: null, saturationFactor: null, hueFactor: null, ...p,
});

/** Kernels for images of any element type and channel count (1 or 3 here). */
const anyImage: [string, Kernel][] = [
  ['hflip', F.hflip],
  ['vflip', F.vflip],
  ['crop', (im) => F.crop(im, 1, -2, 6, 12)],
  ['centerCrop', (im) => F.centerCrop(im, [5, 13])],
  ['fiveCrop', (im) => F.fiveCrop(im, [4, 5])],
  ['tenCrop', (im) => F.tenCrop(im, 4, { vertical: true })],
  ['resize bilinear', (im) => F.resize(im, [6, 15])],
  ['resize bicubic antialias', (im) => F.resize(im, [5, 7], { interpolation: 'bicubic', antialias: true })],
  ['resize nearest', (im) => F.resize(im, [13, 4], { interpolation: 'nearest' })],
  ['resizedCrop', (im) => F.resizedCrop(im, 1, 2, 6, 7, [8, 8])],
  ['pad reflect', (im) => F.pad(im, [1, 2, 3, 0], { mode: 'reflect' })],
  ['pad constant', (im) => F.pad(im, 2, { fill: im.data instanceof Uint8Array ? 7 : 0.3 })],
  ['rotate', (im) => F.rotate(im, 33, { interpolation: 'bilinear' })],
  ['rotate expand', (im) => F.rotate(im, 20, { expand: true, fill: 0 })],
  ['affine', (im) => F.affine(im, 10, [1, -2], 1.1, [5, 0])],
  ['perspective', (im) => F.perspective(im, [[0, 0], [10, 0], [10, 8], [0, 8]], [[1, 0], [9, 1], [10, 7], [0, 8]])],
  ['elasticTransform', (im) => F.elasticTransform(im, Float32Array.from({ length: H * W * 2 }, (_, i) => Math.sin(i) * 0.1))],
  ['gaussianBlur', (im) => F.gaussianBlur(im, [5, 3], [1.2, 0.7])],
  ['adjustBrightness', (im) => F.adjustBrightness(im, 1.4)],
  ['adjustContrast', (im) => F.adjustContrast(im, 0.6)],
  ['adjustSaturation', (im) => F.adjustSaturation(im, 1.7)],
  ['adjustSharpness', (im) => F.adjustSharpness(im, 2.2)],
  ['adjustGamma', (im) => F.adjustGamma(im, 0.8, 1.1)],
  ['autocontrast', F.autocontrast],
  ['invert', F.invert],
  ['solarize', (im) => F.solarize(im, im.data instanceof Uint8Array ? 100 : 0.4)],
  ['rgbToGrayscale', (im) => F.rgbToGrayscale(im, 3)],
  ['erase', (im) => F.erase(im, 2, 3, 4, 5, 0)],
  ['colorJitter', (im) => colorJitter(im, jitter({ fnIdx: [2, 0, 3, 1], brightnessFactor: 1.3, contrastFactor: 0.7, saturationFactor: 1.5, hueFactor: im.channels === 3 ? 0.2 : null }))],
];

describe('every kernel meets the kernel contract (checkKernel)', () => {
  for (const kind of ['uint8', 'float32'] as const) {
    for (const c of [1, 3]) {
      it(`${kind}, ${c} channel(s)`, () => {
        const [img] = images(c, kind, 1);
        for (const [name, kernel] of anyImage) {
          if (name === 'rgbToGrayscale' && c === 1) continue;
          expect(() => checkKernel(kernel, img!, { name: `${name} ${kind} c${c}` })).not.toThrow();
        }
      });
    }
  }

  it('dtype-specific kernels', () => {
    const [u8] = images(3, 'uint8', 1);
    const [f32] = images(3, 'float32', 1);
    checkKernel((im) => F.posterize(im, 3), u8!, { name: 'posterize' });
    checkKernel(F.equalize, u8!, { name: 'equalize' });
    checkKernel(F.toTensor, u8!, { name: 'toTensor', dtype: 'float32' });
    checkKernel((im) => F.convertImageDtype(im, 'float32'), u8!, { name: 'convertImageDtype to float32', dtype: 'float32' });
    checkKernel((im) => F.convertImageDtype(im, 'uint8'), f32!, { name: 'convertImageDtype to uint8', dtype: 'uint8' });
    checkKernel((im) => F.normalize(im, [0.5, 0.4, 0.3], [0.2, 0.25, 0.3]), f32!, { name: 'normalize' });
    checkKernel((im) => F.perspectiveWithCoeffs(im, [1, 0.1, 0, 0, 1, 0.2, 0.001, 0]), f32!, { name: 'perspectiveWithCoeffs' });
  });

  it('a kernel that breaks the contract fails the check (the check can fail)', () => {
    const [img] = images(3, 'float32', 1);
    const mutates = (im: Image): Image => {
      im.data[0] = 2;
      return { ...im, data: im.data.slice() };
    };
    expect(() => checkKernel(mutates, img!)).toThrow(/mutated/);
    expect(() => checkKernel((im: Image) => ({ ...im }), images(3, 'float32', 1)[0]!)).toThrow(/shares/);
    expect(() => checkKernel((im: Image) => F.hflip(im), images(3, 'float32', 1)[0]!, { batched: (x) => tf.clone(x) })).toThrow(/differs/);
  });
});

describe('batched forms in src/batch equal the per-image kernels (checkKernel with batched)', () => {
  const tidy = (fn: Batched): Batched => (x) => tf.tidy(() => fn(x));
  for (const c of [1, 3]) {
    it(`float32, ${c} channel(s)`, () => {
      const batch = images(c, 'float32');
      const n = batch.length;
      const cases: [string, Kernel, Batched, number?][] = [
        ['hflip', F.hflip, (x) => flipBatch(x, all(n), 2)],
        ['vflip', F.vflip, (x) => flipBatch(x, all(n), 1)],
        ['centerCrop (pads)', (im) => F.centerCrop(im, [12, 6]), (x) => centerCropBatch(x, [12, 6])],
        ['crop after pad', (im) => F.crop(F.pad(im, [2, 1, 0, 3], { mode: 'symmetric' }), 1, 0, 8, 12),
          (x) => padCropBatch(x, paddedIndex(H, W, [[2, 1, 0, 3]], 'symmetric'), new Array(n).fill({ top: 1, left: 0, height: 8, width: 12 }), [8, 12], new Array<number>(c).fill(0))],
        ['invert', F.invert, tidy(invertBatch)],
        ['solarize', (im) => F.solarize(im, 0.45), tidy((x) => solarizeBatch(x, 0.45))],
        ['adjustSharpness', (im) => F.adjustSharpness(im, 1.8), tidy((x) => sharpnessBatch(x, 1.8))],
        ['autocontrast', F.autocontrast, tidy(autocontrastBatch)],
        ['adjustBrightness', (im) => F.adjustBrightness(im, 1.3), (x) => colorJitterBatch(x, new Array(n).fill(jitter({ brightnessFactor: 1.3 })))],
        ['adjustContrast', (im) => F.adjustContrast(im, 0.5), (x) => colorJitterBatch(x, new Array(n).fill(jitter({ contrastFactor: 0.5 })))],
        ['resize', (im) => F.resize(im, [6, 15]), (x) => new Resize([6, 15]).applyBatch(x)],
        ['normalize', (im) => F.normalize(im, 0.5, 0.25), (x) => new Normalize(new Array(c).fill(0.5), new Array(c).fill(0.25)).applyBatch(x)],
      ];
      if (c === 3) {
        cases.push(
          ['adjustSaturation', (im) => F.adjustSaturation(im, 1.6), (x) => colorJitterBatch(x, new Array(n).fill(jitter({ saturationFactor: 1.6 })))],
          ['adjustHue', (im) => F.adjustHue(im, -0.3), (x) => colorJitterBatch(x, new Array(n).fill(jitter({ hueFactor: -0.3 }))), 1e-4],
          ['rgbToGrayscale', (im) => F.rgbToGrayscale(im, 3), tidy((x) => perPixel(grayBatch(x), 3))],
        );
      }
      for (const [name, kernel, batched, tolerance] of cases) {
        expect(() => checkKernel(kernel, batch[0]!, { name, batched, batch, tolerance })).not.toThrow();
      }
    });
  }

  it('toTensor: ToTensor.applyBatch on the bytes as floats', () => {
    const batch = images(3, 'uint8');
    checkKernel(F.toTensor, batch[0]!, { dtype: 'float32', batched: (x) => new ToTensor().applyBatch(x), batch });
  });
});
