// drawBoundingBoxes / drawSegmentationMasks / drawKeypoints against torchvision 0.14's utils (PIL 9.4):
// test/fixtures/draw/ comes from scripts/make_draw_goldens.py (input picture, one PNG per case, cases.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { boundingBoxes, keyPoints, mask } from '@aug/transforms/functional';
import type { Image } from '@aug/transforms';
import { describe, expect, it } from 'vitest';
import { drawBoundingBoxes } from '../src/draw-bounding-boxes.js';
import type { Color } from '../src/draw-colors.js';
import { drawKeypoints } from '../src/draw-keypoints.js';
import { drawSegmentationMasks } from '../src/draw-segmentation-masks.js';
import { decodePng } from '../src/png.js';

const DIR = join(__dirname, 'fixtures', 'draw');

interface Case {
  name: string;
  fn: 'boxes' | 'masks' | 'keypoints';
  gray?: boolean;
  boxes?: number[][];
  keypoints?: number[][][];
  connectivity?: [number, number][];
  colors?: Color | Color[];
  fill?: boolean;
  width?: number;
  alpha?: number;
  radius?: number;
}

const { height: H, width: W, cases } = JSON.parse(readFileSync(join(DIR, 'cases.json'), 'utf8')) as { height: number; width: number; cases: Case[] };

function readRgb(name: string): Image {
  const png = decodePng(readFileSync(join(DIR, `${name}.png`)));
  const data = new Uint8Array(png.width * png.height * 3);
  for (let p = 0; p < png.width * png.height; p++) for (let c = 0; c < 3; c++) data[p * 3 + c] = png.data[p * 4 + c]!;
  return { data, height: png.height, width: png.width, channels: 3 };
}

const input = readRgb('input');
const gray: Image = { data: input.data.filter((_, i) => i % 3 === 1), height: H, width: W, channels: 1 };

/** The script's three mask planes, rebuilt from the same rules. */
function goldenMasks() {
  const data = new Uint8Array(3 * H * W);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const p = y * W + x;
      if (y >= 5 && y < 30 && x >= 4 && x < 40) data[p] = 1;
      if ((y - 28) ** 2 + (x - 36) ** 2 < 200) data[H * W + p] = 1;
      if (y >= 20 && y < 46 && x >= 30 && x < 62) data[2 * H * W + p] = 1;
    }
  }
  return mask(data, H, W, 3);
}

function run(c: Case): Image {
  const colors = c.colors as Color | Color[] | undefined;
  if (c.fn === 'boxes') {
    const boxes = boundingBoxes(c.boxes!.flat(), { format: 'xyxy', canvasSize: [H, W] });
    return drawBoundingBoxes(c.gray ? gray : input, boxes, {
      ...(colors !== undefined ? { colors } : {}), ...(c.fill !== undefined ? { fill: c.fill } : {}), ...(c.width !== undefined ? { width: c.width } : {}),
    });
  }
  if (c.fn === 'masks') {
    return drawSegmentationMasks(input, goldenMasks(), { ...(colors !== undefined ? { colors } : {}), ...(c.alpha !== undefined ? { alpha: c.alpha } : {}) });
  }
  const instances = c.keypoints!.map((inst) => keyPoints(inst.flat(), { canvasSize: [H, W] }));
  return drawKeypoints(input, instances, {
    colors: colors as Color, radius: c.radius!, ...(c.connectivity ? { connectivity: c.connectivity } : {}), ...(c.width !== undefined ? { width: c.width } : {}),
  });
}

function mismatches(a: Image, b: Image): { count: number; first: string } {
  let count = 0;
  let first = '';
  for (let p = 0; p < a.height * a.width; p++) {
    const same = [0, 1, 2].every((c) => a.data[p * 3 + c] === b.data[p * 3 + c]);
    if (!same) {
      if (count === 0) first = `(x ${p % a.width}, y ${Math.floor(p / a.width)}): got ${[...a.data.subarray(p * 3, p * 3 + 3)]}, torchvision ${[...b.data.subarray(p * 3, p * 3 + 3)]}`;
      count++;
    }
  }
  return { count, first };
}

describe('drawing equals torchvision 0.14 (PIL 9.4) pixel for pixel', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const out = run(c);
    expect(out.channels).toBe(3);
    expect(out.data).toBeInstanceOf(Uint8Array);
    const { count, first } = mismatches(out, readRgb(c.name));
    expect(count, first).toBe(0);
  });

  it('never modifies the input', () => {
    const before = new Uint8Array(input.data);
    for (const c of cases) run(c);
    expect(input.data).toEqual(before);
  });
});
