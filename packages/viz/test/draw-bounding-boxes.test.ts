import { boundingBoxes } from '@aug/transforms/functional';
import type { Image } from '@aug/transforms';
import { describe, expect, it } from 'vitest';
import { drawBoundingBoxes } from '../src/draw-bounding-boxes.js';
import { generateColorPalette, parseColor } from '../src/draw-colors.js';

function flat(h: number, w: number, v: number, channels = 3): Image {
  return { data: new Uint8Array(h * w * channels).fill(v), height: h, width: w, channels };
}
const px = (img: Image, x: number, y: number): number[] => [...img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3)];

/** The set of pixels (as "x,y") that differ from `bg`. */
function drawn(img: Image, bg: number[]): Set<string> {
  const s = new Set<string>();
  for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) if (px(img, x, y).some((v, c) => v !== bg[c])) s.add(`${x},${y}`);
  return s;
}

describe('drawBoundingBoxes', () => {
  it('draws the outline exactly where PIL does: rings inside [x0, x1] x [y0, y1], both corners included', () => {
    const img = flat(20, 20, 0);
    const out = drawBoundingBoxes(img, boundingBoxes([2.9, 3.99, 10.2, 8.7], { format: 'xyxy', canvasSize: [20, 20] }), { colors: 'red', width: 2 });
    // truncated to [2, 3, 10, 8]; width 2: x in {2, 3, 9, 10} or y in {3, 4, 7, 8}, inside the box
    const expected = new Set<string>();
    for (let y = 3; y <= 8; y++) for (let x = 2; x <= 10; x++) if (x <= 3 || x >= 9 || y <= 4 || y >= 7) expected.add(`${x},${y}`);
    expect(drawn(out, [0, 0, 0])).toEqual(expected);
    expect(px(out, 2, 3)).toEqual([255, 0, 0]);
    expect(px(out, 10, 8)).toEqual([255, 0, 0]);
    expect(px(out, 5, 5)).toEqual([0, 0, 0]);
  });

  it('fills with alpha 100 (PIL: (out * 155 + ink * 100) / 255 rounded) under an opaque outline', () => {
    const img = flat(12, 12, 200);
    const out = drawBoundingBoxes(img, boundingBoxes([2, 2, 9, 9], { format: 'xyxy', canvasSize: [12, 12] }), { colors: [0, 100, 255], fill: true });
    const blend = (o: number, i: number) => Math.round((o * 155 + i * 100) / 255);
    expect(px(out, 5, 5)).toEqual([blend(200, 0), blend(200, 100), blend(200, 255)]);
    expect(px(out, 2, 5)).toEqual([0, 100, 255]);
    expect(px(out, 9, 9)).toEqual([0, 100, 255]);
    expect(px(out, 10, 10)).toEqual([200, 200, 200]);
  });

  it('converts other formats to xyxy and uses torchvision\'s palette by default', () => {
    const img = flat(16, 16, 50);
    const a = drawBoundingBoxes(img, boundingBoxes([1, 1, 5, 5, 8, 8, 14, 14], { format: 'xyxy', canvasSize: [16, 16] }));
    const b = drawBoundingBoxes(img, boundingBoxes([1, 1, 4, 4, 8, 8, 6, 6], { format: 'xywh', canvasSize: [16, 16] }));
    expect(b.data).toEqual(a.data);
    expect(px(a, 8, 8)).toEqual([...generateColorPalette(2)[1]!]);
    expect(generateColorPalette(5)).toEqual([[0, 0, 0], [1, 127, 31], [2, 254, 62], [3, 126, 93], [4, 253, 124]]);
  });

  it('takes float32 [0, 1] and grey images and returns a new uint8 RGB image', () => {
    const f: Image = { data: new Float32Array(8 * 8).fill(0.5), height: 8, width: 8, channels: 1 };
    const out = drawBoundingBoxes(f, boundingBoxes([0, 0, 7, 7], { format: 'xyxy', canvasSize: [8, 8] }), { colors: 'white' });
    expect(out.channels).toBe(3);
    expect(out.data).toBeInstanceOf(Uint8Array);
    expect(px(out, 3, 3)).toEqual([128, 128, 128]);
    expect(px(out, 0, 3)).toEqual([255, 255, 255]);
    expect(f.data[0]).toBe(0.5);
  });

  it('writes labels in the box colour at (x0 + width + 1, y0 + width + 1), with viz\'s font', () => {
    const img = flat(40, 60, 0);
    const boxes = boundingBoxes([2, 2, 58, 38], { format: 'xyxy', canvasSize: [40, 60] });
    const plain = drawBoundingBoxes(img, boxes, { colors: 'lime', width: 2 });
    const labelled = drawBoundingBoxes(img, boxes, { colors: 'lime', width: 2, labels: ['cat'] });
    const outline = drawn(plain, [0, 0, 0]);
    const text = [...drawn(labelled, [0, 0, 0])].filter((k) => !outline.has(k)).map((k) => k.split(',').map(Number) as [number, number]);
    expect(text.length).toBeGreaterThan(20); // three glyphs' worth of pixels
    const xs = text.map(([x]) => x);
    const ys = text.map(([, y]) => y);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(5 - 1);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...xs)).toBeLessThan(5 + 22); // 'cat' is ~17 px wide at 10 px
    expect(Math.max(...ys)).toBeLessThan(5 + 13);
    // every text pixel is a shade of the box colour (green only)
    for (const [x, y] of text) expect(px(labelled, x, y)[0]).toBe(0);
    expect(text.some(([x, y]) => px(labelled, x, y)[1]! >= 190)).toBe(true); // a stem's coverage
    // different text, different pixels
    const dog = drawBoundingBoxes(img, boxes, { colors: 'lime', width: 2, labels: ['dog'] });
    expect(dog.data).not.toEqual(labelled.data);
  });

  it('names both sizes when the canvas disagrees with the image, and checks colours and labels', () => {
    const img = flat(10, 12, 0);
    const boxes = boundingBoxes([1, 1, 4, 4, 2, 2, 6, 6], { format: 'xyxy', canvasSize: [10, 12] });
    expect(() => drawBoundingBoxes(img, boundingBoxes([1, 1, 4, 4], { format: 'xyxy', canvasSize: [20, 12] }))).toThrow(/20x12.*image is 10x12/);
    expect(() => drawBoundingBoxes(img, boxes, { colors: ['red'] })).toThrow(RangeError);
    expect(() => drawBoundingBoxes(img, boxes, { colors: ['red'] })).toThrow(/1 colours but there are 2 boxes/);
    expect(() => drawBoundingBoxes(img, boxes, { labels: ['a'] })).toThrow(/one string per box \(2 boxes\)/);
    expect(() => drawBoundingBoxes(img, boxes, { colors: 'notacolour' })).toThrow(/colors is not a colour: 'notacolour'/);
    expect(() => drawBoundingBoxes(img, boxes, { width: -1 })).toThrow(RangeError);
    expect(() => drawBoundingBoxes(img, boundingBoxes([5, 1, 4, 4], { format: 'xyxy', canvasSize: [10, 12] }))).toThrow(/boxes\[0\]/);
    expect(() => drawBoundingBoxes(flat(4, 4, 0, 4), boundingBoxes([], { format: 'xyxy', canvasSize: [4, 4] }))).toThrow(/4 channels/);
    expect(() => drawBoundingBoxes(img, img as never)).toThrow(TypeError);
  });

  it('parses PIL colour strings', () => {
    expect(parseColor('#f80', 'c')).toEqual([255, 136, 0]);
    expect(parseColor('rgb(1, 2, 3)', 'c')).toEqual([1, 2, 3]);
    expect(parseColor('Orange', 'c')).toEqual([255, 165, 0]);
    expect(() => parseColor([1, 2, 300], 'c')).toThrow(RangeError);
  });
});
