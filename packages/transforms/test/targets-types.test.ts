// Target types: constructors copy and validate, guards tell kinds apart, formats round-trip with
// torchvision's float32 arithmetic, and the exchange-format converters (COCO, VOC, YOLO).
import { describe, expect, it } from 'vitest';
import {
  boundingBoxes, mask, keyPoints, isBoundingBoxes, isMask, isKeyPoints, isTarget,
  convertBoundingBoxFormat, clampBoundingBoxes,
  boundingBoxesFromCoco, boundingBoxesToCoco, boundingBoxesFromVoc, boundingBoxesToVoc, boundingBoxesFromYolo, boundingBoxesToYolo,
} from '../src/index.js';
import type { BoundingBoxFormat } from '../src/index.js';
import { createRng } from '../src/rng.js';

const FORMATS: BoundingBoxFormat[] = ['xyxy', 'xywh', 'cxcywh'];

describe('constructors', () => {
  it('copy their data into typed arrays and carry a kind', () => {
    const src = [1, 2, 3, 4];
    const b = boundingBoxes(src, { format: 'xyxy', canvasSize: [10, 20] });
    src[0] = 99;
    expect(b.kind).toBe('boundingBoxes');
    expect(b.data).toEqual(new Float32Array([1, 2, 3, 4]));
    expect(b.canvasSize).toEqual([10, 20]);
    const raw = new Uint8Array([0, 1, 1, 0]);
    const m = mask(raw, 2, 2);
    raw[0] = 7;
    expect(m).toMatchObject({ kind: 'mask', count: 1, height: 2, width: 2 });
    expect(m.data).toEqual(new Uint8Array([0, 1, 1, 0]));
    expect(mask([0, 255, 3, 4, 5, 6, 7, 8], 2, 2, 2).count).toBe(2);
    expect(mask([], 3, 3, 0).data.length).toBe(0);
    const k = keyPoints(new Float64Array([0.5, 1.5]), { canvasSize: [4, 4] });
    expect(k).toMatchObject({ kind: 'keyPoints' });
    expect(k.data).toEqual(new Float32Array([0.5, 1.5]));
    expect(boundingBoxes([], { format: 'xywh', canvasSize: [1, 1] }).data.length).toBe(0);
  });

  it('guards tell the kinds apart (and from images)', () => {
    const b = boundingBoxes([0, 0, 1, 1], { format: 'xyxy', canvasSize: [2, 2] });
    const m = mask([1], 1, 1);
    const k = keyPoints([0, 0], { canvasSize: [1, 1] });
    const img = { data: new Uint8Array(3), height: 1, width: 1, channels: 3 };
    expect([b, m, k, img, null, 3].map(isBoundingBoxes)).toEqual([true, false, false, false, false, false]);
    expect([b, m, k, img, null, 3].map(isMask)).toEqual([false, true, false, false, false, false]);
    expect([b, m, k, img, null, 3].map(isKeyPoints)).toEqual([false, false, true, false, false, false]);
    expect([b, m, k, img, null, 3].map(isTarget)).toEqual([true, true, true, false, false, false]);
  });

  it('reject bad input naming the argument and the value', () => {
    const opts = { format: 'xyxy' as const, canvasSize: [10, 10] as const };
    expect(() => boundingBoxes([1, 2, 3], opts)).toThrow(RangeError);
    expect(() => boundingBoxes([1, 2, 3], opts)).toThrow(/data must hold a multiple of 4.*got 3 values/);
    expect(() => boundingBoxes([1, 2, NaN, 4], opts)).toThrow(/data\[2\] must be a finite coordinate.*NaN/);
    expect(() => boundingBoxes([1, 2, Infinity, 4], opts)).toThrow(RangeError);
    expect(() => boundingBoxes([1, 2, 1e39, 4], opts)).toThrow(/data\[2\].*float32/);
    expect(() => boundingBoxes([1, 2, 3, 4], { format: 'XYXY' as BoundingBoxFormat, canvasSize: [1, 1] })).toThrow(/format must be one of 'xyxy', 'xywh', 'cxcywh', got "XYXY"/);
    expect(() => boundingBoxes([1, 2, 3, 4], { format: 'xyxy', canvasSize: [0, 5] })).toThrow(/canvasSize .*positive integer.*\[0, 5\]/);
    expect(() => boundingBoxes([1, 2, 3, 4], { format: 'xyxy', canvasSize: [5.5, 5] })).toThrow(RangeError);
    expect(() => boundingBoxes([1, 2, 3, 4], { format: 'xyxy', canvasSize: [5] as unknown as [number, number] })).toThrow(TypeError);
    expect(() => boundingBoxes('abcd' as unknown as number[], opts)).toThrow(TypeError);
    expect(() => keyPoints([1, 2, 3], { canvasSize: [4, 4] })).toThrow(/multiple of 2/);
    expect(() => keyPoints([1, NaN], { canvasSize: [4, 4] })).toThrow(/data\[1\].*NaN/);
    expect(() => keyPoints([1, 2], { canvasSize: [-1, 4] })).toThrow(/canvasSize/);
    expect(() => mask([0, 1, 2], 2, 2)).toThrow(/data has length 3, expected count\*height\*width = 1\*2\*2 = 4/);
    expect(() => mask([0, 1, 256, 3], 2, 2)).toThrow(/data\[2\] must be an integer in 0..255, got 256/);
    expect(() => mask([0, 1, -1, 3], 2, 2)).toThrow(RangeError);
    expect(() => mask([0, 1, 0.5, 3], 2, 2)).toThrow(RangeError);
    expect(() => mask([0], 0, 1)).toThrow(/height must be a positive integer, got 0/);
    expect(() => mask([0], 1, 1, -1)).toThrow(/count/);
  });
});

describe('formats', () => {
  it('convert as torchvision (hand-computed cases)', () => {
    const b = boundingBoxes([10, 20, 50, 60, -5, 0, 30, 90], { format: 'xyxy', canvasSize: [80, 100] });
    expect(convertBoundingBoxFormat(b, 'xywh').data).toEqual(new Float32Array([10, 20, 40, 40, -5, 0, 35, 90]));
    expect(convertBoundingBoxFormat(b, 'cxcywh').data).toEqual(new Float32Array([30, 40, 40, 40, 12.5, 45, 35, 90]));
    const c = convertBoundingBoxFormat(b, 'cxcywh');
    expect(c.format).toBe('cxcywh');
    expect(convertBoundingBoxFormat(c, 'xyxy').data).toEqual(b.data);
    expect(convertBoundingBoxFormat(c, 'xywh').data).toEqual(new Float32Array([10, 20, 40, 40, -5, 0, 35, 90]));
    expect(b.data).toEqual(new Float32Array([10, 20, 50, 60, -5, 0, 30, 90])); // not mutated
  });

  it('round-trip within float32 rounding for random boxes in every pair of formats', () => {
    const rng = createRng(3);
    for (let t = 0; t < 200; t++) {
      const x1 = rng.next() * 300 - 50;
      const y1 = rng.next() * 300 - 50;
      const d = [x1, y1, x1 + rng.next() * 200, y1 + rng.next() * 200];
      const b = boundingBoxes(d, { format: 'xyxy', canvasSize: [256, 256] });
      for (const f of FORMATS) {
        for (const g of FORMATS) {
          const back = convertBoundingBoxFormat(convertBoundingBoxFormat(convertBoundingBoxFormat(b, f), g), 'xyxy');
          for (let i = 0; i < 4; i++) expect(Math.abs(back.data[i]! - b.data[i]!)).toBeLessThanOrEqual(1e-4);
        }
      }
    }
  });

  it('clamp in xyxy to [0, W] x [0, H] and keep the format', () => {
    const b = boundingBoxes([-5, 10, 120, 40, 200, 200, 300, 300], { format: 'xyxy', canvasSize: [50, 100] });
    expect(clampBoundingBoxes(b).data).toEqual(new Float32Array([0, 10, 100, 40, 100, 50, 100, 50]));
    const w = convertBoundingBoxFormat(b, 'xywh');
    const cw = clampBoundingBoxes(w);
    expect(cw.format).toBe('xywh');
    expect(cw.data).toEqual(new Float32Array([0, 10, 100, 30, 100, 50, 0, 0]));
  });

  it('COCO, VOC and YOLO converters', () => {
    const coco = boundingBoxesFromCoco([240, 120, 160, 240], [480, 640]);
    expect(coco.format).toBe('xywh');
    expect(boundingBoxesToVoc(coco)).toEqual(new Float32Array([240, 120, 400, 360]));
    expect(boundingBoxesToYolo(coco)).toEqual(new Float32Array([0.5, 0.5, 0.25, 0.5]));
    const yolo = boundingBoxesFromYolo([0.5, 0.5, 0.25, 0.5], [480, 640]);
    expect(yolo.format).toBe('cxcywh');
    expect(yolo.data).toEqual(new Float32Array([320, 240, 160, 240]));
    expect(boundingBoxesToCoco(yolo)).toEqual(new Float32Array([240, 120, 160, 240]));
    const voc = boundingBoxesFromVoc([48, 240, 195, 371], [500, 353]);
    expect(voc.format).toBe('xyxy');
    expect(boundingBoxesToCoco(voc)).toEqual(new Float32Array([48, 240, 147, 131]));
    expect(boundingBoxesToVoc(voc)).toEqual(voc.data);
    const rng = createRng(9);
    const vals = Array.from({ length: 40 }, () => rng.next());
    const back = boundingBoxesToYolo(boundingBoxesFromYolo(vals, [333, 517]));
    for (let i = 0; i < vals.length; i++) expect(Math.abs(back[i]! - vals[i]!)).toBeLessThan(1e-6);
    expect(() => boundingBoxesFromYolo([0.5, 0.5, 0.1], [10, 10])).toThrow(/multiple of 4/);
    expect(() => boundingBoxesFromYolo([0.5, 0.5, 0.1, 0.1], [0, 10])).toThrow(/canvasSize/);
    expect(() => boundingBoxesToYolo({} as never)).toThrow(/boxes must be BoundingBoxes/);
    expect(() => convertBoundingBoxFormat(coco, 'xxyy' as BoundingBoxFormat)).toThrow(/format must be one of/);
  });
});
