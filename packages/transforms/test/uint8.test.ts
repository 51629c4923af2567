import { describe, expect, it } from 'vitest';
import * as F from '../src/functional.js';
import type { Image } from '../src/image.js';
import { toUint8 } from '@aug/internal';
import { quantizeF32, quantizeUnitF32 } from '../src/kernels/pixels.js';
import { ColorJitter } from '../src/transforms/color-jitter.js';
import { randomImage } from './helpers.js';
import { createRng } from '../src/rng.js';

/** The documented uint8 rule: run on the float image, then x255, round to nearest, clamp. */
function viaFloat(fn: (img: Image) => Image, img: Image): Uint8Array {
  const out = fn(F.toTensor(img));
  return Uint8Array.from(out.data, (v) => toUint8(v));
}

const ops: [string, (img: Image) => Image][] = [
  ['hflip', F.hflip],
  ['vflip', F.vflip],
  ['crop', (i) => F.crop(i, -1, 2, 6, 9)],
  ['centerCrop', (i) => F.centerCrop(i, [5, 12])],
  ['pad reflect', (i) => F.pad(i, [2, 1, 3, 0], { mode: 'reflect' })],
  ['pad symmetric', (i) => F.pad(i, 2, { mode: 'symmetric' })],
  ['pad edge', (i) => F.pad(i, [1, 2], { mode: 'edge' })],
  ['resize bilinear up', (i) => F.resize(i, [17, 23])],
  ['resize bilinear down', (i) => F.resize(i, [4, 5])],
  ['resize antialias', (i) => F.resize(i, [3, 4], { antialias: true })],
  ['resize nearest', (i) => F.resize(i, [13, 6], { interpolation: 'nearest' })],
  ['resizedCrop', (i) => F.resizedCrop(i, 1, 2, 5, 6, [32, 32])],
  ['resizedCrop out of bounds', (i) => F.resizedCrop(i, -2, 3, 9, 9, [12, 12])],
  ['adjustBrightness 0.6', (i) => F.adjustBrightness(i, 0.6)],
  ['adjustBrightness 1.9', (i) => F.adjustBrightness(i, 1.9)],
  ['adjustContrast 0.4', (i) => F.adjustContrast(i, 0.4)],
  ['adjustContrast 2.2', (i) => F.adjustContrast(i, 2.2)],
  ['adjustSaturation 0.3', (i) => F.adjustSaturation(i, 0.3)],
  ['adjustSaturation 1.8', (i) => F.adjustSaturation(i, 1.8)],
  ['adjustHue -0.4', (i) => F.adjustHue(i, -0.4)],
  ['adjustHue 0.23', (i) => F.adjustHue(i, 0.23)],
  ['rgbToGrayscale 1', (i) => F.rgbToGrayscale(i, 1)],
  ['rgbToGrayscale 3', (i) => F.rgbToGrayscale(i, 3)],
  ['resize bicubic up', (i) => F.resize(i, [17, 23], { interpolation: 'bicubic' })],
  ['resize bicubic antialias', (i) => F.resize(i, [3, 4], { interpolation: 'bicubic', antialias: true })],
  ['invert', F.invert],
  ['adjustGamma 0.6', (i) => F.adjustGamma(i, 0.6)],
  ['adjustGamma 2.2 gain 1.2', (i) => F.adjustGamma(i, 2.2, 1.2)],
  ['autocontrast', F.autocontrast],
  ['adjustSharpness 0.3', (i) => F.adjustSharpness(i, 0.3)],
  ['adjustSharpness 2.5', (i) => F.adjustSharpness(i, 2.5)],
  ['gaussianBlur', (i) => F.gaussianBlur(i, [3, 5], [0.8, 1.4])],
  ['erase 0', (i) => F.erase(i, 1, 2, 3, 4, 0)],
  ['rotate bilinear expand', (i) => F.rotate(i, 33, { interpolation: 'bilinear', expand: true })],
  ['rotate nearest', (i) => F.rotate(i, -71)],
  ['affine bilinear', (i) => F.affine(i, 12, [1, -2], 1.1, [8, 3], { interpolation: 'bilinear' })],
  ['perspective', (i) => F.perspective(i, [[0, 0], [4, 0], [4, 4], [0, 4]], [[1, 0], [4, 1], [3, 4], [0, 3]])],
  ['elasticTransform', (i) => F.elasticTransform(i, Float32Array.from({ length: i.height * i.width * 2 }, (_, k) => Math.sin(k) * 0.2))],
];

function affineCases(img: Image, angle: number, t: [number, number], sc: number, sh: [number, number]): [Image, Image] {
  return [F.affine(img, angle, t, sc, sh, { center: [1, 2] }), F.affine(F.toTensor(img), angle, t, sc, sh, { center: [1, 2] })];
}

describe('uint8 rule: a uint8 result is the float result x255, rounded to nearest, clamped', () => {
  for (const [name, fn] of ops) {
    it(name, () => {
      for (const [h, w, seed] of [[5, 7, 1], [8, 8, 2], [13, 11, 3]] as const) {
        const img = randomImage(h, w, 3, seed);
        const before = img.data.slice();
        const out = fn(img);
        expect(out.data).toBeInstanceOf(Uint8Array);
        expect(Array.from(out.data)).toEqual(Array.from(viaFloat(fn, img)));
        expect(img.data).toEqual(before);
      }
    });
  }

  it('fills and thresholds are in the image\'s range (0..255 for uint8)', () => {
    const img = randomImage(6, 7, 3, 4);
    const f = F.toTensor(img);
    const pairs: [Image, Image][] = [
      [F.rotate(img, 40, { interpolation: 'bilinear', fill: [255, 51, 0] }), F.rotate(f, 40, { interpolation: 'bilinear', fill: [1, 0.2, 0] })],
      [F.affine(img, 0, [3, 0], 1, 0, { fill: 102 }), F.affine(f, 0, [3, 0], 1, 0, { fill: 0.4 })],
      [F.solarize(img, 128), F.solarize(f, 128 / 255)],
      [F.erase(img, 0, 0, 2, 2, 51), F.erase(f, 0, 0, 2, 2, 0.2)],
    ];
    for (const [u, fl] of pairs) expect(Array.from(u.data)).toEqual(Array.from(fl.data, (v) => toUint8(v)));
  });

  it('the uint8 nearest fast path of rotate/affine picks the same pixels as the float32 grid (200 random warps)', () => {
    const r = createRng(77);
    for (let k = 0; k < 200; k++) {
      const h = 5 + Math.floor(r.next() * 30);
      const w = 5 + Math.floor(r.next() * 30);
      const img = randomImage(h, w, k % 2 === 0 ? 3 : 1, k);
      const angle = k % 5 === 0 ? 90 * Math.floor(r.next() * 4) : (r.next() - 0.5) * 360;
      const fill = k % 3 === 0 ? 17 : undefined;
      const a = F.rotate(img, angle, { expand: k % 4 === 0, fill });
      const b = F.rotate(F.toTensor(img), angle, { expand: k % 4 === 0, fill: fill === undefined ? undefined : fill / 255 });
      expect(Array.from(a.data), `rotate ${h}x${w} ${angle}`).toEqual(Array.from(b.data, (v) => toUint8(v)));
      const t: [number, number] = [Math.round((r.next() - 0.5) * 8), Math.round((r.next() - 0.5) * 8)];
      const sh: [number, number] = [(r.next() - 0.5) * 40, (r.next() - 0.5) * 40];
      const sc = 0.6 + r.next();
      const c = affineCases(img, angle, t, sc, sh);
      expect(Array.from(c[0].data), `affine ${h}x${w}`).toEqual(Array.from(c[1].data, (v) => toUint8(v)));
    }
  });

  it('toUint8 (the uint8 rule) rounds to nearest and clamps', () => {
    expect([toUint8(-0.1), toUint8(0), toUint8(0.5 / 255 - 1e-6), toUint8(0.5 / 255 + 1e-6), toUint8(1), toUint8(1.3)]).toEqual([0, 0, 0, 1, 255, 255]);
  });

  it('quantizeF32 and quantizeUnitF32 (the fast rules for float32 values) give the bytes of toUint8', () => {
    const r = createRng(5);
    const values: number[] = [0, -0, 1, -1e-30, 1e-30, Number.NaN, Infinity, -Infinity];
    for (let k = 0; k < 256; k++) {
      // Around every rounding boundary (k + 0.5) / 255, a few float32 steps either side.
      let v = Math.fround((k + 0.5) / 255);
      for (let j = 0; j < 6; j++) v = Math.fround(v - v * 2 ** -24);
      for (let j = 0; j < 12; j++, v = Math.fround(v + v * 2 ** -24)) values.push(v);
    }
    for (let k = 0; k < 20000; k++) values.push(Math.fround(r.next() * 1.4 - 0.2));
    const a = Uint8Array.from(values, (v) => toUint8(v));
    const b = Uint8Array.from(values, (v) => quantizeF32(v));
    expect(Array.from(b)).toEqual(Array.from(a));
    const unit = values.filter((v) => v >= 0 && v <= Math.fround(1 + 2 ** -20));
    expect(unit.length).toBeGreaterThan(10000);
    expect(Array.from(Uint8Array.from(unit, quantizeUnitF32))).toEqual(Array.from(Uint8Array.from(unit, toUint8)));
  });

  it('ColorJitter on uint8 RGB gives the bytes of the functional steps in its order (every order, some factors off)', () => {
    const r = createRng(11);
    const perms: number[][] = [];
    const permute = (rest: number[], acc: number[]) => {
      if (rest.length === 0) perms.push(acc);
      rest.forEach((v, i) => permute([...rest.slice(0, i), ...rest.slice(i + 1)], [...acc, v]));
    };
    permute([0, 1, 2, 3], []);
    const grey = randomImage(6, 5, 3, 8);
    for (let i = 0; i < grey.data.length; i += 6) grey.data[i + 1] = grey.data[i + 2] = grey.data[i]!;
    let k = 0;
    for (const fnIdx of perms) {
      for (let off = 0; off < 6; off++, k++) {
        const pick = (v: number, id: number) => (off > 0 && (off + id) % 5 === 0 ? null : v);
        const params = {
          fnIdx: fnIdx as [number, number, number, number],
          brightnessFactor: pick(r.next() * 2.5, 0),
          contrastFactor: pick(r.next() * 2.5, 1),
          saturationFactor: pick(r.next() * 3, 2),
          hueFactor: pick(r.next() - 0.5, 3),
        };
        for (const img of [randomImage(7, 9, 3, k), grey]) {
          let expected = img;
          for (const fn of fnIdx) {
            if (fn === 0 && params.brightnessFactor !== null) expected = F.adjustBrightness(expected, params.brightnessFactor);
            if (fn === 1 && params.contrastFactor !== null) expected = F.adjustContrast(expected, params.contrastFactor);
            if (fn === 2 && params.saturationFactor !== null) expected = F.adjustSaturation(expected, params.saturationFactor);
            if (fn === 3 && params.hueFactor !== null) expected = F.adjustHue(expected, params.hueFactor);
          }
          const before = img.data.slice();
          const out = ColorJitter.applyParams(img, params);
          expect(out.data).toBeInstanceOf(Uint8Array);
          expect(Array.from(out.data), JSON.stringify(params)).toEqual(Array.from(expected.data));
          expect(img.data).toEqual(before);
        }
      }
    }
  });

  it('toTensor maps 0..255 to v / 255 and keeps float images as a copy', () => {
    const img: Image = { data: Uint8Array.from([0, 1, 128, 255]), height: 1, width: 4, channels: 1 };
    expect(Array.from(F.toTensor(img).data)).toEqual([0, 1 / 255, 128 / 255, 1].map(Math.fround));
    const f = F.toTensor(img);
    const again = F.toTensor(f);
    expect(again.data).not.toBe(f.data);
    expect(again.data).toEqual(f.data);
  });

  it('geometric kernels keep uint8 values exactly', () => {
    const img = randomImage(6, 6, 3, 9);
    expect(F.hflip(F.hflip(img)).data).toEqual(img.data);
    expect(F.vflip(F.vflip(img)).data).toEqual(img.data);
    expect(F.resize(img, [6, 6]).data).toEqual(img.data);
    expect(F.resize(img, [12, 12], { interpolation: 'nearest' }).data[0]).toBe(img.data[0]);
  });
});
