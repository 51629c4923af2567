// Every transform class on a detection sample: one draw moves the image, boxes, masks and key points alike
// (boxes equal or contain the tight box of their moved mask), the image equals the class applied to the image
// alone with the same generator state, pass-through values keep their identity, and the keys stay the same.
import { describe, expect, it } from 'vitest';
import {
  CenterCrop, ColorJitter, Compose, ConvertImageDtype, ElasticTransform, GaussianBlur, Grayscale, Normalize, Pad,
  RandomAdjustSharpness, RandomAffine, RandomApply, RandomAutocontrast, RandomChoice, RandomCrop, RandomEqualize, RandomErasing,
  RandomGrayscale, RandomHorizontalFlip, RandomInvert, RandomIoUCrop, RandomOrder, RandomPerspective, RandomPhotometricDistort,
  RandomPosterize, RandomResize, RandomResizedCrop, RandomRotation, RandomShortestSize, RandomSolarize, RandomVerticalFlip,
  RandomZoomOut, Resize, ScaleJitter, ToTensor, createRng, convertBoundingBoxFormat,
} from '../src/index.js';
import type { Image, Rng, Transform } from '../src/index.js';
import { crop } from '../src/functional.js';
import type { DetectionSample } from './sample-fixture.js';
import { SHAPES, detectionSample, tightBox } from './sample-fixture.js';
import type { Mask } from '../src/index.js';

const SEEDS = Array.from({ length: 12 }, (_, i) => i);

function sameImage(a: Image, b: Image): void {
  expect([a.height, a.width, a.channels]).toEqual([b.height, b.width, b.channels]);
  expect(a.data.constructor).toBe(b.data.constructor);
  expect(Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).equals(Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength))).toBe(true);
}

/** Runs `t` on the sample and on its image alone from the same seed; checks the shared parts; returns the output. */
function runBoth(t: Transform, sample: DetectionSample, seed: number, imageAlone = (img: Image, rng: Rng) => t.apply(img, rng)): DetectionSample {
  const rngA = createRng(seed);
  const rngB = createRng(seed);
  const out = t.apply(sample, rngA);
  const alone = imageAlone(sample.image, rngB);
  sameImage(out.image, alone);
  expect(rngA.next()).toBe(rngB.next()); // the same number of draws
  expect(Object.keys(out)).toEqual(['image', 'target', 'id']);
  expect(Object.keys(out.target)).toEqual(['boxes', 'centres', 'masks', 'labels', 'corners']);
  expect(out.id).toBe(sample.id);
  expect(out.target.labels).toBe(sample.target.labels);
  expect(sample.target.boxes.data.length).toBe(20); // the input is not mutated
  return out;
}

function pixels(m: Mask, k: number): number {
  let n = 0;
  const plane = m.height * m.width;
  for (let i = k * plane; i < (k + 1) * plane; i++) n += m.data[i]! > 0 ? 1 : 0;
  return n;
}

/**
 * Boxes against the tight boxes of their moved masks. `tol` null (flips, crops, pads): equal when the object
 * is a rectangle or was not clipped, else (a clipped polygon: the box is the clipped box, as torchvision's)
 * containing it exactly; boxes of objects that left the canvas are empty. A number: containing it within `tol`
 * pixels.
 */
function checkTargets(out: DetectionSample, tol: number | null, skipZeroBoxes = false, original = detectionSample()): number {
  const { boxes, centres, masks, corners } = out.target;
  const [h, w] = boxes.canvasSize;
  expect([masks.height, masks.width]).toEqual([h, w]);
  expect(centres.canvasSize).toEqual([h, w]);
  expect(corners.canvasSize).toEqual([h, w]);
  expect(centres.format).toBe('cxcywh');
  const back = convertBoundingBoxFormat(centres, 'xyxy').data;
  for (let i = 0; i < 20; i++) expect(Math.abs(back[i]! - boxes.data[i]!)).toBeLessThan(1e-3);
  let checked = 0;
  for (let k = 0; k < masks.count; k++) {
    const b = Array.from(boxes.data.subarray(k * 4, k * 4 + 4), (v) => v + 0); // -0 (torch's W - x at x = W) counts as 0
    if (skipZeroBoxes && b.every((v) => v === 0)) continue;
    const t = tightBox(masks, k);
    for (const v of b) expect(v).toBeGreaterThanOrEqual(0);
    // resizes do not clamp (as v2): float32 scale factors may leave a box edge 4e-6 past the canvas
    expect(b[2]).toBeLessThanOrEqual(w + 1e-3);
    expect(b[3]).toBeLessThanOrEqual(h + 1e-3);
    if (t === null) {
      if (tol === null) expect((b[2]! - b[0]!) * (b[3]! - b[1]!)).toBe(0);
      continue;
    }
    checked++;
    if (tol === null && (SHAPES[k]!.kind === 'rect' || pixels(masks, k) === pixels(original.target.masks, k))) {
      expect(b).toEqual(t);
    } else {
      const slack = tol ?? 0;
      expect(b[0]).toBeLessThanOrEqual(t[0] + slack);
      expect(b[1]).toBeLessThanOrEqual(t[1] + slack);
      expect(b[2]).toBeGreaterThanOrEqual(t[2] - slack);
      expect(b[3]).toBeGreaterThanOrEqual(t[3] - slack);
    }
  }
  return checked;
}

const EXACT: [string, () => Transform][] = [
  ['RandomHorizontalFlip', () => new RandomHorizontalFlip()],
  ['RandomVerticalFlip', () => new RandomVerticalFlip()],
  ['RandomCrop', () => new RandomCrop([40, 48])],
  ['RandomCrop with padding', () => new RandomCrop(64, { padding: 8, fill: 7 })],
  ['RandomCrop padIfNeeded', () => new RandomCrop([70, 90], { padIfNeeded: true })],
  ['CenterCrop', () => new CenterCrop([40, 50])],
  ['CenterCrop larger than the image', () => new CenterCrop([70, 91])],
  ['Pad', () => new Pad([3, 5, 7, 2], { fill: 9 })],
  ['RandomZoomOut', () => new RandomZoomOut({ fill: [124, 116, 104] })],
  ['RandomIoUCrop', () => new RandomIoUCrop()],
];

// Nearest-sampled masks against boxes moved by the functional kernels (v2's box kernels, float32): within one
// output pixel (resizes, rotations, affine), 2 with expand (v2 shifts the boxes by the rotated corners' minimum,
// the image by its rounded output size), 1.5 for perspective (the hull of four projected corners); elastic boxes
// use v2's approximate inverse (identity - displacement), within 2 pixels at alpha 20.
const CONTAINS: [string, () => Transform, number][] = [
  ['Resize', () => new Resize([40, 50]), 1],
  ['Resize shorter side', () => new Resize(100), 1],
  ['RandomResizedCrop', () => new RandomResizedCrop([48, 48], { scale: [0.3, 1] }), 1],
  ['RandomShortestSize', () => new RandomShortestSize([40, 48, 96], { maxSize: 110 }), 1],
  ['RandomResize', () => new RandomResize(30, 90), 1],
  ['ScaleJitter', () => new ScaleJitter([64, 80], { scaleRange: [0.5, 1.5] }), 1],
  ['RandomRotation', () => new RandomRotation(30), 1],
  ['RandomRotation expand', () => new RandomRotation(60, { expand: true, interpolation: 'bilinear' }), 2],
  ['RandomRotation center', () => new RandomRotation(20, { center: [10, 12] }), 1],
  ['RandomAffine', () => new RandomAffine(20, { translate: [0.1, 0.1], scale: [0.8, 1.2], shear: [-10, 10, -5, 5] }), 1],
  ['RandomPerspective', () => new RandomPerspective({ p: 1, distortionScale: 0.5 }), 1.5],
  ['ElasticTransform', () => new ElasticTransform({ alpha: 20, sigma: 5 }), 2],
];

const PIXEL_ONLY: [string, () => Transform][] = [
  ['ColorJitter', () => new ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.2 })],
  ['RandomPhotometricDistort', () => new RandomPhotometricDistort({ p: 0.7 })],
  ['RandomGrayscale', () => new RandomGrayscale({ p: 0.5 })],
  ['Grayscale', () => new Grayscale({ numOutputChannels: 3 })],
  ['GaussianBlur', () => new GaussianBlur(5, { sigma: [0.1, 2] })],
  ['RandomInvert', () => new RandomInvert()],
  ['RandomPosterize', () => new RandomPosterize(3)],
  ['RandomSolarize', () => new RandomSolarize(100)],
  ['RandomAdjustSharpness', () => new RandomAdjustSharpness(3)],
  ['RandomAutocontrast', () => new RandomAutocontrast()],
  ['RandomEqualize', () => new RandomEqualize()],
  ['ToTensor', () => new ToTensor()],
  ['ConvertImageDtype', () => new ConvertImageDtype('float32')],
  ['ToTensor + Normalize + RandomErasing', () => new Compose([new ToTensor(), new Normalize([0.5, 0.5, 0.5], [0.2, 0.2, 0.2]), new RandomErasing({ p: 0.7, value: 'random' })])],
];

describe('geometric classes move targets with the image (exact: flips, crops, pads)', () => {
  for (const [name, make] of EXACT) {
    it(name, () => {
      const t = make();
      const sample = detectionSample();
      let checked = 0;
      for (const seed of SEEDS) {
        // RandomIoUCrop needs boxes (a lone image is a TypeError, as v2): its image is the crop getParams draws.
        const alone =
          t instanceof RandomIoUCrop
            ? (img: Image, rng: Rng) => {
                const p = RandomIoUCrop.getParams(img.height, img.width, sample.target.boxes.data, t, rng);
                return p === null ? img : crop(img, p.top, p.left, p.height, p.width);
              }
            : undefined;
        const out = runBoth(t, sample, seed, alone);
        checked += checkTargets(out, null, name === 'RandomIoUCrop');
      }
      expect(checked).toBeGreaterThan(SEEDS.length); // the objects were really there to check
    });
  }
});

describe('geometric classes move targets with the image (other geometry: the box contains the mask)', () => {
  for (const [name, make, tol] of CONTAINS) {
    it(`${name} (within ${tol} px)`, () => {
      const t = make();
      const sample = detectionSample();
      let checked = 0;
      for (const seed of SEEDS) checked += checkTargets(runBoth(t, sample, seed), tol);
      expect(checked).toBeGreaterThan(SEEDS.length);
    });
  }
});

describe('colour and pixel classes change images only', () => {
  for (const [name, make] of PIXEL_ONLY) {
    it(`${name}: targets pass through unchanged (same objects)`, () => {
      const t = make();
      const sample = detectionSample();
      for (const seed of SEEDS.slice(0, 6)) {
        const out = runBoth(t, sample, seed);
        expect(out.target.boxes).toBe(sample.target.boxes);
        expect(out.target.masks).toBe(sample.target.masks);
        expect(out.target.centres).toBe(sample.target.centres);
        expect(out.target.corners).toBe(sample.target.corners);
      }
    });
  }
});

describe('flips move key points exactly', () => {
  it('hflip maps x to W - x and vflip y to H - y', () => {
    const s = detectionSample();
    const h = new RandomHorizontalFlip({ p: 1 }).apply(s, createRng(0));
    const v = new RandomVerticalFlip({ p: 1 }).apply(s, createRng(0));
    for (let i = 0; i < s.target.corners.data.length; i += 2) {
      expect(h.target.corners.data[i]).toBe(80 - s.target.corners.data[i]!);
      expect(h.target.corners.data[i + 1]).toBe(s.target.corners.data[i + 1]);
      expect(v.target.corners.data[i + 1]).toBe(64 - s.target.corners.data[i + 1]!);
    }
  });
});

describe('several images in one sample get the same parameters', () => {
  const other = detectionSample(64, 80, 3).image;
  const second: Image = { ...other, data: other.data.map((x) => 255 - x) };
  const cases: [string, Transform][] = [
    ['RandomResizedCrop', new RandomResizedCrop([32, 32])],
    ['RandomAffine', new RandomAffine(25, { translate: [0.2, 0.2] })],
    ['ColorJitter', new ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.3 })],
    ['RandomPhotometricDistort', new RandomPhotometricDistort({ p: 0.8 })],
    ['ElasticTransform', new ElasticTransform({ alpha: 30 })],
  ];
  for (const [name, t] of cases) {
    it(name, () => {
      const s = detectionSample();
      for (const seed of SEEDS.slice(0, 5)) {
        const out = t.apply({ a: s.image, nested: [{ b: second }] }, createRng(seed));
        sameImage(out.a, t.apply(s.image, createRng(seed)));
        sameImage(out.nested[0]!.b, t.apply(second, createRng(seed)));
      }
    });
  }
});

describe('containers pass samples through their members with one generator', () => {
  it('Compose, RandomApply, RandomChoice and RandomOrder: image as the image-only chain, boxes exact for flips and crops', () => {
    const pipeline = new Compose([
      new RandomApply([new RandomCrop([48, 60])], { p: 0.7 }),
      new RandomChoice([new RandomHorizontalFlip(), new RandomVerticalFlip()]),
      new RandomOrder([new RandomHorizontalFlip(), new ColorJitter({ brightness: 0.3 }), new Pad(2)]),
    ]);
    const s = detectionSample();
    let checked = 0;
    for (const seed of SEEDS) {
      const out = runBoth(pipeline, s, seed);
      checked += checkTargets(out, null);
    }
    expect(checked).toBeGreaterThan(SEEDS.length);
  });

  it('a lone image still takes the image path: byte-identical output and draws', () => {
    const img = detectionSample().image;
    const t = new Compose([new RandomHorizontalFlip(), new RandomResizedCrop([32, 32]), new ColorJitter({ brightness: 0.5, hue: 0.2 })]);
    const a = t.apply(img, createRng(5));
    const b = t.apply({ img }, createRng(5)).img;
    sameImage(a, b);
  });
});
