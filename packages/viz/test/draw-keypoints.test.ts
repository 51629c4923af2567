import { keyPoints } from '@aug/transforms/functional';
import type { Image } from '@aug/transforms';
import { describe, expect, it } from 'vitest';
import { drawKeypoints } from '../src/draw-keypoints.js';

const black = (h: number, w: number): Image => ({ data: new Uint8Array(h * w * 3), height: h, width: w, channels: 3 });
function drawn(img: Image): Set<string> {
  const s = new Set<string>();
  for (let p = 0; p < img.height * img.width; p++) if (img.data[p * 3]! || img.data[p * 3 + 1]! || img.data[p * 3 + 2]!) s.add(`${p % img.width},${Math.floor(p / img.width)}`);
  return s;
}

describe('drawKeypoints', () => {
  it('draws PIL\'s discs: radius 2 is the 5x5 square less its corners, at the truncated point', () => {
    const out = drawKeypoints(black(12, 12), keyPoints([5.9, 6.2], { canvasSize: [12, 12] }), { colors: 'red', radius: 2 });
    const expected = new Set<string>();
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) if (Math.abs(dx) + Math.abs(dy) < 4) expected.add(`${5 + dx},${6 + dy}`);
    expect(drawn(out)).toEqual(expected);
    expect([...out.data.subarray((6 * 12 + 5) * 3, (6 * 12 + 5) * 3 + 3)]).toEqual([255, 0, 0]);
  });

  it('joins connected points with white lines (a 1-pixel line is PIL\'s Bresenham plus its end point)', () => {
    const kp = keyPoints([1, 1, 9, 1, 9, 5], { canvasSize: [8, 12] });
    const out = drawKeypoints(black(8, 12), kp, { connectivity: [[0, 1], [1, 2]], colors: 'blue', radius: 0, width: 1 });
    const expected = new Set<string>();
    for (let x = 1; x <= 9; x++) expected.add(`${x},1`);
    for (let y = 1; y <= 5; y++) expected.add(`9,${y}`);
    expect(drawn(out)).toEqual(expected);
    for (const k of expected) {
      const [x, y] = k.split(',').map(Number) as [number, number];
      expect([...out.data.subarray((y * 12 + x) * 3, (y * 12 + x) * 3 + 3)]).toEqual([255, 255, 255]);
    }
    // width 3 horizontal line: rows 0..2 from x 1 to 9
    const wide = drawKeypoints(black(8, 12), keyPoints([1, 1, 9, 1], { canvasSize: [8, 12] }), { connectivity: [[0, 1]], radius: 0, width: 3 });
    const rows = new Set<string>();
    for (let y = 0; y <= 2; y++) for (let x = 1; x <= 9; x++) rows.add(`${x},${y}`);
    expect(drawn(wide)).toEqual(rows);
  });

  it('checks canvas, connectivity and sizes, naming them', () => {
    const kp = keyPoints([1, 1, 3, 3], { canvasSize: [8, 8] });
    expect(() => drawKeypoints(black(8, 9), kp)).toThrow(/keypoints.canvasSize is 8x8 \(HxW\) but image is 8x9/);
    expect(() => drawKeypoints(black(8, 8), [kp, keyPoints([1, 1], { canvasSize: [4, 4] })])).toThrow(/keypoints\[1\]\.canvasSize/);
    expect(() => drawKeypoints(black(8, 8), kp, { connectivity: [[0, 2]] })).toThrow(/connectivity\[0\] = \[0, 2\]/);
    expect(() => drawKeypoints(black(8, 8), kp, { radius: 1.5 })).toThrow(RangeError);
  });
});
