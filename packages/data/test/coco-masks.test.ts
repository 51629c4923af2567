import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rleFrBbox, rleFrPoly } from '../src/coco/polygon.js';
import { rleArea, rleDecode, rleEncode, rleFrString, rleMerge, rleToString } from '../src/coco/rle.js';
import { decodeSegmentation, segmentationToRle } from '../src/coco/segmentation.js';

interface Golden {
  name: string;
  height: number;
  width: number;
  segmentation: unknown;
  counts: number[];
  string: string;
  area: number;
}
interface Goldens {
  cases: Golden[];
  strings: { counts: number[]; string: string }[];
  merges: { height: number; width: number; inputs: number[][]; union: number[]; intersection: number[] }[];
}

// Made by scripts/make_coco_goldens.py (a numpy port of pycocotools' maskApi.c).
const goldens = JSON.parse(readFileSync(new URL('./fixtures/coco/mask-goldens.json', import.meta.url), 'utf8')) as Goldens;

/** A plain column-major decoder written here, independent of src: the expected row-major mask. */
function expectedRowMajor(counts: number[], h: number, w: number): Uint8Array {
  const col = new Uint8Array(h * w);
  let pos = 0;
  counts.forEach((c, i) => {
    if (i % 2 === 1) col.fill(1, pos, pos + c);
    pos += c;
  });
  const out = new Uint8Array(h * w);
  for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) out[y * w + x] = col[x * h + y]!;
  return out;
}

describe('COCO masks as pycocotools (maskApi.c) decodes them', () => {
  it('has goldens for every kind of input', () => {
    const names = goldens.cases.map((c) => c.name);
    for (const n of ['convex hexagon', 'concave star', 'touching the border', 'partly outside', 'fractional coordinates',
      'two polygons for one object', 'uncompressed RLE', 'compressed RLE', 'bbox form (4 numbers per entry)']) {
      expect(names).toContain(n);
    }
  });

  for (const g of goldens.cases) {
    it(`decodes "${g.name}" to the golden mask`, () => {
      const rle = segmentationToRle(g.segmentation, g.height, g.width);
      expect(rle.counts).toEqual(g.counts);
      expect(rleToString(rle)).toBe(g.string);
      expect(rleArea(rle)).toBe(g.area);
      const out = new Uint8Array(g.height * g.width);
      decodeSegmentation(g.segmentation, g.height, g.width, out);
      expect(out).toEqual(expectedRowMajor(g.counts, g.height, g.width));
    });
  }

  it('non-trivial goldens: the polygons are neither empty nor full', () => {
    for (const g of goldens.cases) if (g.name !== 'degenerate line') expect(g.area, g.name).toBeGreaterThan(0);
    expect(goldens.cases.find((c) => c.name === 'degenerate line')!.area).toBe(0); // a zero-width sliver fills no pixel centre
    const outside = goldens.cases.find((c) => c.name === 'partly outside')!;
    expect(outside.area).toBeLessThan(outside.height * outside.width);
  });

  it('hand-made: an axis-aligned integer rectangle covers x in [x0, x1), y in [y0, y1)', () => {
    const h = 6;
    const w = 8;
    const out = new Uint8Array(h * w);
    decodeSegmentation([[2, 1, 6, 1, 6, 4, 2, 4]], h, w, out);
    const expected = new Uint8Array(h * w);
    for (let y = 1; y < 4; y++) for (let x = 2; x < 6; x++) expected[y * w + x] = 1;
    expect(out).toEqual(expected);
    // the same box as COCO xywh through rleFrBbox
    expect(rleFrBbox([2, 1, 4, 3], h, w).counts).toEqual(rleFrPoly([2, 1, 6, 1, 6, 4, 2, 4], h, w).counts);
    // the vertex order does not matter
    expect(rleFrPoly([2, 4, 6, 4, 6, 1, 2, 1], h, w).counts).toEqual(rleFrPoly([2, 1, 6, 1, 6, 4, 2, 4], h, w).counts);
  });

  it('hand-made: a tiny RLE, column-major, the first count being zeros', () => {
    // h=3, w=2, counts [1, 2, 3]: column 0 = [0, 1, 1], column 1 = [0, 0, 0]
    const rle = { height: 3, width: 2, counts: [1, 2, 3] };
    expect([...rleDecode(rle)]).toEqual([0, 1, 1, 0, 0, 0]);
    const out = new Uint8Array(6);
    decodeSegmentation({ size: [3, 2], counts: [1, 2, 3] }, 3, 2, out);
    expect([...out]).toEqual([0, 0, 1, 0, 1, 0]); // row-major [[0, 0], [1, 0], [1, 0]]
    expect(rleToString(rle)).toBe('123');
    expect(rleFrString('123', 3, 2).counts).toEqual([1, 2, 3]);
    expect(rleEncode(Uint8Array.of(1, 1, 0, 0, 0, 1), 3, 2).counts).toEqual([0, 2, 3, 1]);
  });

  it('compressed strings round-trip, with the delta coding of the C', () => {
    for (const { counts, string } of goldens.strings) {
      expect(rleToString({ height: 0, width: 0, counts })).toBe(string);
      expect(rleFrString(string, 0, 0).counts).toEqual(counts);
    }
  });

  it('merges as rleMerge (union and intersection)', () => {
    for (const m of goldens.merges) {
      const rles = m.inputs.map((counts) => ({ height: m.height, width: m.width, counts }));
      expect(rleMerge(rles).counts).toEqual(m.union);
      expect(rleMerge(rles, true).counts).toEqual(m.intersection);
    }
  });

  it('rejects malformed segmentations with the value in the message', () => {
    expect(() => segmentationToRle({ size: [5, 5], counts: [25] }, 4, 5)).toThrow(/RLE size \[5,5\] differs .*\[4, 5\]/);
    expect(() => segmentationToRle({ size: [2, 2], counts: [1, 2] }, 2, 2)).not.toThrow();
    expect(() => rleDecode({ height: 2, width: 2, counts: [1, 2] })).toThrow(/add up to 3, expected .* = 4/);
    expect(() => segmentationToRle({ size: [2, 2], counts: 'a b' }, 2, 2)).toThrow(/ASCII 48\.\.111/);
    expect(() => segmentationToRle([[1, 2]], 4, 4)).toThrow(/at least 3 points/);
    expect(() => segmentationToRle([[1, 2, 3, 4], [1, 2, 3, 4, 5, 6]], 4, 4)).toThrow(/\[x, y, w, h\] box/);
    expect(() => segmentationToRle('polygon', 4, 4)).toThrow(TypeError);
    expect(() => segmentationToRle([[0, 0, 1, 'a', 2, 2]], 4, 4)).toThrow(/list of numbers/);
    expect(segmentationToRle([], 3, 4).counts).toEqual([12]);
  });
});
