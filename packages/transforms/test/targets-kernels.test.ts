// The geometric kernels on targets, part 1 (flips, crops, pads, resizes): for many random scenes and
// parameters, every transformed box equals the tight box of its transformed mask (exactly for flips, crops and
// pads; within 1 px for resizes, nearest sampling; for polygons cut by a crop or subsampled by a resize, the
// mask's box lies inside the box), masks equal the image kernel with nearest sampling on a
// one-channel picture, and key points at pixel centres land on the centre of their transformed pixel.
import { describe, expect, it } from 'vitest';
import {
  hflip, vflip, crop, centerCrop, resize, resizedCrop, pad, fiveCrop, tenCrop,
  adjustBrightness, normalize, toTensor, gaussianBlur, invert, erase,
} from '../src/functional.js';
import { boundingBoxes, convertBoundingBoxFormat, keyPoints, mask } from '../src/index.js';
import type { BoundingBoxes, KeyPoints, Mask, Target } from '../src/index.js';
import type { Image } from '../src/image.js';
import { createRng } from '../src/rng.js';
import { FORMATS, drawScene, expectBoxMatchesMask, planeOf, randint, tightBox } from './targets-helpers.js';

const DRAWS = 60;

/** Plane k of a mask as a one-channel image. */
function planeImage(m: Mask, k: number): Image {
  return { data: planeOf(m, k).slice(), height: m.height, width: m.width, channels: 1 };
}

/** Key points at the centre of one random non-zero pixel of each plane. */
function centrePoints(m: Mask, rng: { next(): number }): KeyPoints {
  const pts: number[] = [];
  for (let k = 0; k < m.count; k++) {
    const p = planeOf(m, k);
    const on: number[] = [];
    for (let i = 0; i < p.length; i++) if (p[i]) on.push(i);
    const i = on[Math.floor(rng.next() * on.length)]!;
    pts.push((i % m.width) + 0.5, Math.floor(i / m.width) + 0.5);
  }
  return keyPoints(pts, { canvasSize: [m.height, m.width] });
}

/** One-pixel masks at the key points, to follow each point through an image kernel. */
function pointMasks(pts: KeyPoints): Mask {
  const [h, w] = pts.canvasSize;
  const n = pts.data.length / 2;
  const data = new Uint8Array(n * h * w);
  for (let k = 0; k < n; k++) data[k * h * w + Math.floor(pts.data[k * 2 + 1]!) * w + Math.floor(pts.data[k * 2]!)] = 1;
  return mask(data, h, w, n);
}

/**
 * Applies `op` to the scene's boxes (in a random format), masks and centre key points, and checks: boxes vs the
 * tight boxes of the transformed masks (tolerance `tol`), masks vs the image kernel on each plane, points vs the
 * transformed one-pixel masks (within `pointTol` of the pixel centre, when the pixel survives).
 */
function checkOp(
  name: string,
  op: <T extends Image | Target>(x: T) => T extends Image ? Image : T,
  imageOp: (img: Image) => Image,
  scene: ReturnType<typeof drawScene>,
  rng: { next(): number },
  tol: number,
  pointTol: number,
  polygonsContained = false,
): void {
  const format = FORMATS[randint(rng as never, 0, 2)]!;
  const boxes = op(convertBoundingBoxFormat(scene.boxes, format)) as BoundingBoxes;
  expect(boxes.kind).toBe('boundingBoxes');
  expect(boxes.format).toBe(format);
  const masks = op(scene.masks) as Mask;
  expect(masks.kind).toBe('mask');
  expect(masks.count).toBe(scene.masks.count);
  for (let k = 0; k < scene.masks.count; k++) {
    const expected = imageOp(planeImage(scene.masks, k));
    expect([masks.height, masks.width]).toEqual([expected.height, expected.width]);
    expect(Buffer.from(planeOf(masks, k)).equals(Buffer.from(expected.data)), `${name}: mask plane ${k} equals the image kernel`).toBe(true);
    // A polygon cut or subsampled may lose its extreme pixels: its mask's box then only lies inside the box.
    expectBoxMatchesMask(boxes, masks, k, tol, polygonsContained && !scene.rect[k], name);
  }
  const pts = centrePoints(scene.masks, rng);
  const moved = op(pts) as KeyPoints;
  expect(moved.canvasSize).toEqual([masks.height, masks.width]);
  const onePixel = op(pointMasks(pts)) as Mask;
  for (let k = 0; k < pts.data.length / 2; k++) {
    const t = tightBox(planeOf(onePixel, k), onePixel.height, onePixel.width);
    if (t === null) continue; // cut away: the point is not clamped, nothing to compare
    const cx = (t[0] + t[2]) / 2;
    const cy = (t[1] + t[3]) / 2;
    expect(Math.abs(moved.data[k * 2]! - cx), `${name}: point ${k} x`).toBeLessThanOrEqual(pointTol + (t[2] - t[0]) / 2 - 0.5 + 1e-4);
    expect(Math.abs(moved.data[k * 2 + 1]! - cy), `${name}: point ${k} y`).toBeLessThanOrEqual(pointTol + (t[3] - t[1]) / 2 - 0.5 + 1e-4);
  }
}

function scene(rng: ReturnType<typeof createRng>) {
  return drawScene(rng, randint(rng, 6, 28), randint(rng, 6, 28), randint(rng, 1, 4));
}

describe('flips, crops, pads and resizes agree with the masks', () => {
  it('hflip and vflip: exact', () => {
    const rng = createRng(1);
    for (let t = 0; t < DRAWS; t++) {
      const s = scene(rng);
      checkOp('hflip', hflip as never, (im) => hflip(im), s, rng, 0, 0);
      checkOp('vflip', vflip as never, (im) => vflip(im), s, rng, 0, 0);
    }
  });

  it('crop (windows inside, partly outside and wholly outside the image): exact, boxes clamped', () => {
    const rng = createRng(2);
    for (let t = 0; t < DRAWS * 2; t++) {
      const s = scene(rng);
      const top = randint(rng, -8, s.height);
      const left = randint(rng, -8, s.width);
      const height = randint(rng, 1, s.height + 8);
      const width = randint(rng, 1, s.width + 8);
      checkOp('crop', ((x: Image | Target) => crop(x, top, left, height, width)) as never, (im) => crop(im, top, left, height, width), s, rng, 0, 0, true);
    }
  });

  it('centerCrop (smaller and larger than the image, odd and even differences): exact', () => {
    const rng = createRng(3);
    for (let t = 0; t < DRAWS; t++) {
      const s = scene(rng);
      const size: [number, number] = [randint(rng, 1, s.height + 7), randint(rng, 1, s.width + 7)];
      checkOp('centerCrop', ((x: Image | Target) => centerCrop(x, size)) as never, (im) => centerCrop(im, size), s, rng, 0, 0, true);
    }
  });

  it('pad (constant; masks also edge/reflect/symmetric): exact', () => {
    const rng = createRng(4);
    for (let t = 0; t < DRAWS; t++) {
      const s = scene(rng);
      const p: [number, number, number, number] = [randint(rng, 0, 5), randint(rng, 0, 5), randint(rng, 0, 5), randint(rng, 0, 5)];
      checkOp('pad', ((x: Image | Target) => pad(x, p)) as never, (im) => pad(im, p), s, rng, 0, 0);
      const mode = (['edge', 'reflect', 'symmetric'] as const)[randint(rng, 0, 2)]!;
      const q = p.map((v) => Math.min(v, Math.min(s.height, s.width) - 1)) as [number, number, number, number];
      const padded = pad(s.masks, q, { mode });
      for (let k = 0; k < s.masks.count; k++) expect(Buffer.from(planeOf(padded, k)).equals(Buffer.from(pad(planeImage(s.masks, k), q, { mode }).data))).toBe(true);
    }
  });

  it('resize and resizedCrop: within 1 px (nearest sampling)', () => {
    const rng = createRng(5);
    for (let t = 0; t < DRAWS; t++) {
      const s = scene(rng);
      const size: [number, number] = [randint(rng, 3, 50), randint(rng, 3, 50)];
      checkOp('resize', ((x: Image | Target) => resize(x, size)) as never, (im) => resize(im, size, { interpolation: 'nearest' }), s, rng, 1, 1, true);
      const top = randint(rng, -3, s.height - 1);
      const left = randint(rng, -3, s.width - 1);
      const height = randint(rng, 1, s.height);
      const width = randint(rng, 1, s.width);
      checkOp(
        'resizedCrop',
        ((x: Image | Target) => resizedCrop(x, top, left, height, width, size)) as never,
        (im) => resizedCrop(im, top, left, height, width, size, { interpolation: 'nearest' }),
        s,
        rng,
        1,
        1,
        true,
      );
    }
  });
});

describe('hand-computed cases', () => {
  it('flips in every format', () => {
    const b = boundingBoxes([1, 2, 4, 6], { format: 'xyxy', canvasSize: [10, 12] });
    expect(hflip(b).data).toEqual(new Float32Array([8, 2, 11, 6]));
    expect(vflip(b).data).toEqual(new Float32Array([1, 4, 4, 8]));
    expect(convertBoundingBoxFormat(hflip(convertBoundingBoxFormat(b, 'xywh')), 'xyxy').data).toEqual(new Float32Array([8, 2, 11, 6]));
    expect(convertBoundingBoxFormat(vflip(convertBoundingBoxFormat(b, 'cxcywh')), 'xyxy').data).toEqual(new Float32Array([1, 4, 4, 8]));
    expect(hflip(keyPoints([1.5, 2], { canvasSize: [10, 12] })).data).toEqual(new Float32Array([10.5, 2]));
    expect(b.data).toEqual(new Float32Array([1, 2, 4, 6]));
  });

  it('crop clamps boxes partly outside and makes boxes wholly outside zero-size; points are not clamped', () => {
    const b = boundingBoxes([2, 2, 8, 8, 0, 0, 2, 2, 9, 1, 12, 3], { format: 'xyxy', canvasSize: [10, 12] });
    const c = crop(b, 4, 4, 6, 6);
    expect(c.canvasSize).toEqual([6, 6]);
    expect(c.data).toEqual(new Float32Array([0, 0, 4, 4, 0, 0, 0, 0, 5, 0, 6, 0]));
    const w = crop(convertBoundingBoxFormat(b, 'xywh'), 4, 4, 6, 6);
    expect(w.data).toEqual(new Float32Array([0, 0, 4, 4, 0, 0, 0, 0, 5, 0, 1, 0]));
    expect(crop(keyPoints([1, 1, 5, 5], { canvasSize: [10, 12] }), 4, 4, 6, 6).data).toEqual(new Float32Array([-3, -3, 1, 1]));
  });

  it('pad shifts and grows the canvas; resize scales', () => {
    const b = boundingBoxes([0, 0, 4, 4], { format: 'xyxy', canvasSize: [4, 4] });
    const p = pad(b, [1, 2, 3, 4]);
    expect(p.canvasSize).toEqual([10, 8]);
    expect(p.data).toEqual(new Float32Array([1, 2, 5, 6]));
    const cx = pad(convertBoundingBoxFormat(b, 'cxcywh'), 2);
    expect(cx.data).toEqual(new Float32Array([4, 4, 4, 4]));
    const r = resize(boundingBoxes([1, 1, 2, 3], { format: 'xyxy', canvasSize: [4, 4] }), [8, 2]);
    expect(r.canvasSize).toEqual([8, 2]);
    expect(r.data).toEqual(new Float32Array([0.5, 2, 1, 6]));
    expect(resize(keyPoints([1, 1], { canvasSize: [4, 4] }), [8, 2]).data).toEqual(new Float32Array([0.5, 2]));
    expect(resizedCrop(keyPoints([5, 5], { canvasSize: [10, 10] }), 4, 4, 2, 2, [4, 4]).data).toEqual(new Float32Array([2, 2]));
    const m = mask([1, 0, 0, 1], 2, 2);
    expect(resize(m, [4, 4], { interpolation: 'bilinear' }).data).toEqual(new Uint8Array([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1]));
  });

  it('masks with no planes keep the output size', () => {
    const m = mask([], 5, 7, 0);
    expect(crop(m, 1, 1, 3, 2)).toMatchObject({ count: 0, height: 3, width: 2 });
    expect(resize(m, [9, 4])).toMatchObject({ count: 0, height: 9, width: 4 });
  });
});

describe('errors', () => {
  const b = boundingBoxes([0, 0, 1, 1], { format: 'xyxy', canvasSize: [4, 4] });
  const m = mask(new Uint8Array(16), 4, 4);
  const k = keyPoints([1, 1], { canvasSize: [4, 4] });

  it('boxes and key points take constant padding only; masks one fill number', () => {
    expect(() => pad(b, 1, { mode: 'reflect' })).toThrow(/padding mode "reflect" cannot move bounding boxes/);
    expect(() => pad(k, 1, { mode: 'edge' })).toThrow(/cannot move key points/);
    expect(() => pad(m, 1, { fill: [1, 2, 3] })).toThrow(/a mask takes one fill number/);
    expect(pad(m, 1, { fill: 3 }).data[0]).toBe(3);
    expect(pad(m, 1, { fill: [4] }).data[0]).toBe(4);
    expect(() => pad(m, 1, { fill: 256 })).toThrow(/integer in 0..255/);
  });

  it('fiveCrop and tenCrop refuse targets, as torchvision v2', () => {
    for (const t of [b, m, k]) {
      expect(() => fiveCrop(t as never, 2)).toThrow(TypeError);
      expect(() => tenCrop(t as never, 2)).toThrow(/ten-crops images only/);
    }
  });

  it('colour kernels, normalize and toTensor name the kind', () => {
    for (const t of [b, m, k]) {
      expect(() => adjustBrightness(t as never, 1.2)).toThrow(/colour kernels take images only/);
      expect(() => normalize(t as never, [0.5], [0.5])).toThrow(new RegExp(`kind "${t.kind}"`));
      expect(() => toTensor(t as never)).toThrow(TypeError);
      expect(() => gaussianBlur(t as never, 3)).toThrow(TypeError);
      expect(() => invert(t as never)).toThrow(/images only/);
      expect(() => erase(t as never, 0, 0, 1, 1, 0)).toThrow(/images only/);
    }
  });

  it('every image-only kernel of the functional entry names the kind', async () => {
    const F = await import('../src/functional.js');
    const calls: [string, (t: never) => unknown][] = [
      ['adjustBrightness', (t) => F.adjustBrightness(t, 1.1)], ['adjustContrast', (t) => F.adjustContrast(t, 1.1)],
      ['adjustSaturation', (t) => F.adjustSaturation(t, 1.1)], ['adjustHue', (t) => F.adjustHue(t, 0.1)],
      ['adjustSharpness', (t) => F.adjustSharpness(t, 2)], ['adjustGamma', (t) => F.adjustGamma(t, 1.2)],
      ['autocontrast', (t) => F.autocontrast(t)], ['equalize', (t) => F.equalize(t)], ['posterize', (t) => F.posterize(t, 4)],
      ['solarize', (t) => F.solarize(t, 128)], ['rgbToGrayscale', (t) => F.rgbToGrayscale(t)],
      ['convertImageDtype', (t) => F.convertImageDtype(t, 'float32')], ['gaussianBlur', (t) => F.gaussianBlur(t, 3)],
    ];
    for (const t of [b, m, k]) {
      for (const [name, call] of calls) expect(() => call(t as never), name).toThrow(new RegExp(`kind "${t.kind}": colour kernels take images only`));
    }
  });

  it('bad arguments and malformed targets', () => {
    expect(() => crop(b, 0.5, 0, 1, 1)).toThrow(/top must be an integer/);
    expect(() => crop(m, 0, 0, 0, 1)).toThrow(/height must be a positive integer/);
    expect(() => resize(k, [0, 3])).toThrow(RangeError);
    expect(() => hflip({ kind: 'boundingBoxes', data: [1, 2, 3, 4], format: 'xyxy', canvasSize: [4, 4] } as never)).toThrow(/Float32Array/);
    expect(() => hflip({ kind: 'mask', data: new Uint8Array(3), count: 1, height: 2, width: 2 } as never)).toThrow(/mask that is not well formed/);
    expect(() => vflip({ kind: 'polygon' } as never)).toThrow(/unknown kind "polygon"/);
  });
});
