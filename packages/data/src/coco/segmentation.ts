import { rleFrBbox, rleFrPoly } from './polygon.js';
import { rleFrString, rleMerge, type Rle } from './rle.js';

/** A COCO `segmentation` value: polygons (`[[x0, y0, x1, y1, ...], ...]`) or an RLE (`{ size: [h, w], counts }`). */
export type CocoSegmentation = number[][] | { size: [number, number]; counts: number[] | string };

function describe(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function isNumberArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

/**
 * A COCO `segmentation` as the RLE pycocotools makes of it for torchvision's CocoDetection wrapper
 * (`mask.frPyObjects(segm, h, w)` for an RLE dict; `mask.merge(mask.frPyObjects(polygons, h, w))` for
 * polygons): an uncompressed RLE (`counts` a list) is taken as is, a compressed one (`counts` a string)
 * through `rleFrString`, polygons each through `rleFrPoly` (a list whose first entry has exactly 4 numbers is
 * taken as `[x, y, w, h]` boxes through `rleFrBbox`, as pycocotools' dispatch does) and then merged (union).
 * An empty polygon list gives an empty mask (pycocotools fails on it). Throws a `TypeError`/`RangeError`
 * describing the value when it is not one of these forms or an RLE's `size` is not `[height, width]`.
 *
 * @example
 * ```ts
 * segmentationToRle([[2, 1, 6, 1, 6, 4, 2, 4]], 6, 8); // the pixels x in [2, 6), y in [1, 4)
 * ```
 */
export function segmentationToRle(segm: unknown, height: number, width: number): Rle {
  if (segm !== null && typeof segm === 'object' && !Array.isArray(segm)) {
    const { size, counts } = segm as { size?: unknown; counts?: unknown };
    if (!Array.isArray(size) || size.length !== 2 || size[0] !== height || size[1] !== width) {
      throw new RangeError(`RLE size ${describe(size)} differs from the image's [height, width] = [${height}, ${width}]`);
    }
    if (typeof counts === 'string') return rleFrString(counts, height, width);
    if (isNumberArray(counts) && counts.every((c) => Number.isInteger(c) && c >= 0 && c <= 0xffffffff)) {
      return { height, width, counts: [...counts] };
    }
    throw new TypeError(`RLE counts must be a string (compressed) or a list of non-negative integers, got ${describe(counts)}`);
  }
  if (!Array.isArray(segm)) {
    throw new TypeError(`segmentation must be a list of polygons or an RLE { size, counts }, got ${describe(segm)}`);
  }
  if (segm.length === 0) return { height, width, counts: [height * width] };
  for (const p of segm) {
    if (!isNumberArray(p)) throw new TypeError(`a polygon must be a list of numbers [x0, y0, x1, y1, ...], got ${describe(p)}`);
  }
  const polys = segm as number[][];
  const firstLength = polys[0]!.length;
  let rles: Rle[];
  if (firstLength === 4) {
    if (!polys.every((p) => p.length === 4)) {
      throw new RangeError(`segmentation ${describe(segm)}: its first entry has 4 numbers, so pycocotools reads every entry as an [x, y, w, h] box, but not all have 4`);
    }
    rles = polys.map((bb) => rleFrBbox(bb, height, width));
  } else if (firstLength > 4) {
    rles = polys.map((p) => rleFrPoly(p, height, width));
  } else {
    throw new RangeError(`segmentation ${describe(segm)}: a polygon needs at least 3 points (6 numbers)`);
  }
  return rleMerge(rles);
}

/**
 * Decodes a COCO `segmentation` (see {@link segmentationToRle}) into `out` (row-major, `height * width`
 * values 0/1, from `offset`): pycocotools' `mask.decode`, transposed from COCO's column-major layout.
 *
 * @example
 * ```ts
 * const plane = new Uint8Array(6 * 8);
 * decodeSegmentation([[2, 1, 6, 1, 6, 4, 2, 4]], 6, 8, plane);
 * ```
 */
export function decodeSegmentation(segm: unknown, height: number, width: number, out: Uint8Array, offset = 0): void {
  const { counts } = segmentationToRle(segm, height, width);
  const total = height * width;
  let sum = 0;
  for (const c of counts) sum += c;
  if (sum !== total) {
    throw new RangeError(`RLE counts add up to ${sum}, expected height*width = ${height}*${width} = ${total}`);
  }
  // rleDecode's runs written straight into the row-major plane: only the 1 pixels are visited.
  out.fill(0, offset, offset + total);
  let pos = 0;
  for (let j = 0; j < counts.length; j++) {
    const c = counts[j]!;
    if (j % 2 === 1) {
      let p = pos;
      const end = pos + c;
      while (p < end) {
        const x = Math.floor(p / height);
        const y = p - x * height;
        const n = Math.min(end - p, height - y);
        for (let k = 0, i = offset + y * width + x; k < n; k++, i += width) out[i] = 1;
        p += n;
      }
    }
    pos += c;
  }
}
