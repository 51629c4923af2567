import { mask } from '@aug/transforms/functional';
import type { Image } from '@aug/transforms';
import { describe, expect, it } from 'vitest';
import { drawSegmentationMasks } from '../src/draw-segmentation-masks.js';

const px = (img: Image, x: number, y: number): number[] => [...img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3)];

describe('drawSegmentationMasks', () => {
  const img: Image = { data: new Uint8Array(4 * 4 * 3).map((_, i) => (i * 17) % 256), height: 4, width: 4, channels: 3 };
  // plane 0: the top half; plane 1: the right half (drawn over plane 0 where they overlap)
  const planes = new Uint8Array(2 * 16);
  for (let p = 0; p < 16; p++) {
    if (p < 8) planes[p] = 1;
    if (p % 4 >= 2) planes[16 + p] = 255;
  }
  const m = mask(planes, 4, 4, 2);

  it('blends out = img * (1 - alpha) + colour * alpha in float32, truncated, later planes on top', () => {
    const out = drawSegmentationMasks(img, m, { alpha: 0.5, colors: [[255, 0, 0], [0, 0, 255]] });
    const f = Math.fround;
    const blend = (v: number, c: number) => Math.trunc(f(f(v * 0.5) + f(c * 0.5)));
    expect(px(out, 0, 0)).toEqual([blend(img.data[0]!, 255), blend(img.data[1]!, 0), blend(img.data[2]!, 0)]);
    const i = (1 * 4 + 3) * 3; // (x 3, y 1): both planes, the second wins
    expect(px(out, 3, 1)).toEqual([blend(img.data[i]!, 0), blend(img.data[i + 1]!, 0), blend(img.data[i + 2]!, 255)]);
    const j = (3 * 4 + 0) * 3; // (x 0, y 3): no plane
    expect(px(out, 0, 3)).toEqual([img.data[j], img.data[j + 1], img.data[j + 2]]);
  });

  it('keeps torchvision\'s float32 truncation (an unmasked 0.8 blend can lose 1)', () => {
    const grey: Image = { data: new Uint8Array(3).fill(3), height: 1, width: 1, channels: 3 };
    const out = drawSegmentationMasks(grey, mask([0], 1, 1), { alpha: 0.8 });
    // float32: 3 * 0.2 + 3 * 0.8 = 2.9999998 -> 2 in torchvision 0.14
    expect(out.data[0]).toBe(Math.trunc(Math.fround(Math.fround(3 * Math.fround(1 - 0.8)) + Math.fround(3 * Math.fround(0.8)))));
    const alphaOne = drawSegmentationMasks(img, m, { alpha: 1, colors: 'lime' });
    expect(px(alphaOne, 0, 0)).toEqual([0, 255, 0]);
  });

  it('takes float [0, 1] images, returns new uint8 RGB, and checks sizes, colours and alpha', () => {
    const f: Image = { data: new Float32Array(16).fill(1), height: 4, width: 4, channels: 1 };
    const out = drawSegmentationMasks(f, m, { alpha: 0, colors: ['red', 'blue'] });
    expect(out.data).toEqual(new Uint8Array(48).fill(255));
    expect(() => drawSegmentationMasks(img, mask(new Uint8Array(20), 4, 5))).toThrow(/masks is 4x5 \(HxW\) but image is 4x4/);
    expect(() => drawSegmentationMasks(img, m, { colors: ['red'] })).toThrow(/1 colours but there are 2 mask planes/);
    expect(() => drawSegmentationMasks(img, m, { alpha: 1.5 })).toThrow(RangeError);
    expect(() => drawSegmentationMasks(img, img as never)).toThrow(TypeError);
  });
});
