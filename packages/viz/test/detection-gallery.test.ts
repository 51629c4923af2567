import { boundingBoxes, createRng, mask, RandomHorizontalFlip, type Image, type Rng, type Transform } from '@aug/transforms';
import { describe, expect, it } from 'vitest';
import { detectionGallery, drawSample } from '../src/detection-gallery.js';
import { findTargets } from '../src/sample-targets.js';
import { decodePng } from '../src/png.js';

/** A 20x30 grey picture with one 6x8 object at x 4..12, y 5..11 (box [4, 5, 12, 11]) and its mask. */
function sample() {
  const h = 20;
  const w = 30;
  const image: Image = { data: new Uint8Array(h * w * 3).fill(90), height: h, width: w, channels: 3 };
  const m = new Uint8Array(h * w);
  for (let y = 5; y < 11; y++) for (let x = 4; x < 12; x++) m[y * w + x] = 1;
  return {
    image,
    target: { imageId: 7, boxes: boundingBoxes([4, 5, 12, 11], { format: 'xyxy', canvasSize: [h, w] }), labels: [3], masks: mask(m, h, w, 1) },
  };
}

/** Zooms out by a drawn factor: a transform whose output size changes per draw (as RandomZoomOut). */
class GrowCanvas implements Transform {
  apply<T extends object>(s: T, rng: Rng = createRng(0)): T {
    const pad = 1 + Math.floor(rng.next() * 10);
    const { image, target } = s as unknown as ReturnType<typeof sample>;
    const h = image.height + pad;
    const w = image.width + pad;
    const data = new Uint8Array(h * w * 3);
    for (let y = 0; y < image.height; y++) data.set(image.data.subarray(y * image.width * 3, (y + 1) * image.width * 3), (y * w) * 3);
    return { image: { data, height: h, width: w, channels: 3 }, target: { ...target, boxes: { ...target.boxes, canvasSize: [h, w] }, masks: mask(new Uint8Array(h * w), h, w, 1) } } as unknown as T;
  }
  toJSON() {
    return { type: 'GrowCanvas' };
  }
}

describe('drawSample / findTargets', () => {
  it('finds the image, boxes, masks and labels by kind, nested or flat', () => {
    const s = sample();
    const nested = findTargets(s, 'sample');
    expect(nested.image).toBe(s.image);
    expect(nested.boxes).toBe(s.target.boxes);
    expect(nested.masks).toBe(s.target.masks);
    expect(nested.labels).toEqual([3]);
    const flat = findTargets({ labels: new Int32Array([1]), image: s.image, boxes: s.target.boxes }, 'sample');
    expect(flat.labels).toEqual([1]);
    expect(() => findTargets({ boxes: s.target.boxes }, 'sample')).toThrow(/sample has no Image/);
  });

  it('draws the mask and the box outline (colour by label) on a new image', () => {
    const s = sample();
    const out = drawSample(s, { showLabels: false });
    const px = (x: number, y: number) => [...out.data.subarray((y * 30 + x) * 3, (y * 30 + x) * 3 + 3)];
    const red: number[] = [214, 39, 40]; // tab10[3]
    expect(px(4, 5)).toEqual(red); // box corner
    expect(px(12, 11)).toEqual(red);
    expect(px(8, 8)).not.toEqual([90, 90, 90]); // masked: blended
    expect(px(20, 15)).toEqual([90, 90, 90]); // background
    expect(s.image.data.every((v) => v === 90)).toBe(true);
  });
});

describe('detectionGallery', () => {
  it('shows the original and rows*cols draws, each with its own size, reproducible from the rng', () => {
    const s = sample();
    const fig = detectionGallery(s, new GrowCanvas(), { rows: 2, cols: 3, rng: createRng(1), scale: 0.6 });
    expect(fig.cells).toHaveLength(7);
    const again = detectionGallery(s, new GrowCanvas(), { rows: 2, cols: 3, rng: createRng(1), scale: 0.6 });
    expect(again.toSVG()).toBe(fig.toSVG());
    const rng = createRng(1);
    const sizes = Array.from({ length: 6 }, () => 20 + 1 + Math.floor(rng.next() * 10));
    sizes.forEach((h) => expect(fig.toSVG()).toContain(`>${30 + h - 20}x${h}<`));
    const png = decodePng(fig.toPNG());
    expect([png.width, png.height]).toEqual([fig.width, fig.height]);
  });

  it('moves the box with a real transform: a flipped draw has its outline mirrored', () => {
    const s = sample();
    const flip = detectionGallery(s, new RandomHorizontalFlip({ p: 1 }), { rows: 1, cols: 1, scale: 1, dpi: 100, showLabels: false });
    const png = decodePng(flip.toPNG());
    const cell = flip.cells[1]!;
    const k = cell.width / 30; // whole-multiple nearest scaling
    expect(k).toBe(3);
    // the flipped box is [30 - 12, 5, 30 - 4, 11] = [18, 5, 26, 11]: its top-left corner pixel is red
    const at = (x: number, y: number) => {
      const i = ((cell.y + Math.floor((y + 0.5) * k)) * png.width + cell.x + Math.floor((x + 0.5) * k)) * 4;
      return [png.data[i], png.data[i + 1], png.data[i + 2]];
    };
    expect(at(18, 5)).toEqual([214, 39, 40]);
    expect(at(4, 5)).toEqual([90, 90, 90]);
  });

  it('checks its arguments', () => {
    expect(() => detectionGallery(sample(), {} as Transform)).toThrow(TypeError);
    expect(() => detectionGallery(sample(), new RandomHorizontalFlip(), { rows: 0 })).toThrow(RangeError);
  });
});
