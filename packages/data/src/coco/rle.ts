import { describeValue } from '@aug/internal';
// Run-length encoded masks as pycocotools' C core (cocodataset/cocoapi, PythonAPI/common/maskApi.c), re-implemented
// function by function: the same column-major layout (pixel (y, x) of an h x w mask is element x*h + y), the first
// count is the number of leading zeros, counts are unsigned 32-bit integers.

/**
 * A run-length encoded mask as pycocotools' `RLE`: `height` x `width` pixels in column-major order (COCO's
 * layout), `counts` alternating runs of 0s and 1s starting with 0s.
 */
export interface Rle {
  readonly height: number;
  readonly width: number;
  readonly counts: readonly number[];
}

/**
 * maskApi.c's `rleEncode`: a column-major 0/1 mask (`mask[x * height + y]`) to its runs.
 *
 * @example
 * ```ts
 * rleEncode(Uint8Array.of(0, 1, 1, 0, 0, 0), 3, 2).counts; // [1, 2, 3]
 * ```
 */
export function rleEncode(mask: ArrayLike<number>, height: number, width: number): Rle {
  const a = height * width;
  const counts: number[] = [];
  let p = 0;
  let c = 0;
  for (let j = 0; j < a; j++) {
    const v = mask[j] ? 1 : 0;
    if (v !== p) {
      counts.push(c);
      c = 0;
      p = v;
    }
    c++;
  }
  counts.push(c);
  return { height, width, counts };
}

/**
 * maskApi.c's `rleDecode` into a fresh column-major Uint8Array of `height * width` 0/1 values. The counts
 * must add up to `height * width` (the C writes past its buffer otherwise; pycocotools 2.0.8 rejects it):
 * a `RangeError` saying the sum otherwise.
 *
 * @example
 * ```ts
 * rleDecode({ height: 3, width: 2, counts: [1, 2, 3] }); // Uint8Array [0, 1, 1, 0, 0, 0]
 * ```
 */
export function rleDecode(rle: Rle): Uint8Array {
  const total = rle.height * rle.width;
  let sum = 0;
  for (const c of rle.counts) sum += c;
  if (sum !== total) {
    throw new RangeError(`RLE counts add up to ${sum}, expected height*width = ${rle.height}*${rle.width} = ${total}`);
  }
  const out = new Uint8Array(total);
  let pos = 0;
  let v = 0;
  for (const c of rle.counts) {
    if (v) out.fill(1, pos, pos + c);
    pos += c;
    v = v ? 0 : 1;
  }
  return out;
}

/**
 * maskApi.c's `rleMerge`: the union (or, with `intersect`, the intersection) of masks of one size, run by run.
 * No masks give an empty 0 x 0 RLE; masks of different sizes give one too, as the C.
 *
 * @example
 * ```ts
 * rleMerge([{ height: 2, width: 1, counts: [1, 1] }, { height: 2, width: 1, counts: [0, 1, 1] }]).counts; // [0, 2]
 * ```
 */
export function rleMerge(rles: readonly Rle[], intersect = false): Rle {
  const n = rles.length;
  if (n === 0) return { height: 0, width: 0, counts: [] };
  const first = rles[0]!;
  if (n === 1) return { height: first.height, width: first.width, counts: [...first.counts] };
  const h = first.height;
  const w = first.width;
  let cnts: number[] = [...first.counts];
  for (let i = 1; i < n; i++) {
    const B = rles[i]!;
    if (B.height !== h || B.width !== w) return { height: 0, width: 0, counts: [] };
    const A = cnts;
    let ca = A[0]!;
    let cb = B.counts[0]!;
    let v = false;
    let va = false;
    let vb = false;
    const out: number[] = [];
    let a = 1;
    let b = 1;
    let cc = 0;
    let ct = 1;
    while (ct > 0) {
      const c = Math.min(ca, cb);
      cc += c;
      ct = 0;
      ca -= c;
      if (!ca && a < A.length) {
        ca = A[a++]!;
        va = !va;
      }
      ct += ca;
      cb -= c;
      if (!cb && b < B.counts.length) {
        cb = B.counts[b++]!;
        vb = !vb;
      }
      ct += cb;
      const vp: boolean = v;
      v = intersect ? va && vb : va || vb;
      if (v !== vp || ct === 0) {
        out.push(cc);
        cc = 0;
      }
    }
    cnts = out;
  }
  return { height: h, width: w, counts: cnts };
}

/**
 * maskApi.c's `rleArea`: the number of 1 pixels.
 *
 * @example
 * ```ts
 * rleArea({ height: 3, width: 2, counts: [1, 2, 3] }); // 2
 * ```
 */
export function rleArea(rle: Rle): number {
  let a = 0;
  for (let j = 1; j < rle.counts.length; j += 2) a += rle.counts[j]!;
  return a;
}

/**
 * maskApi.c's `rleToString`: COCO's compressed `counts` string (LEB128-like, 6 bits per character, ASCII
 * 48..111, each count after the second stored as the difference to the count two before).
 *
 * @example
 * ```ts
 * rleToString({ height: 3, width: 2, counts: [1, 2, 3] }); // '123'
 * ```
 */
export function rleToString(rle: Rle): string {
  const { counts } = rle;
  let s = '';
  for (let i = 0; i < counts.length; i++) {
    // C's `long` arithmetic: exact in doubles for 32-bit counts; `>>= 5` an arithmetic shift (floor division).
    let x = counts[i]!;
    if (i > 2) x -= counts[i - 2]!;
    let more = true;
    while (more) {
      let c = x & 0x1f;
      x = Math.floor(x / 32);
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      s += String.fromCharCode(c + 48);
    }
  }
  return s;
}

/**
 * maskApi.c's `rleFrString`: a compressed `counts` string to the runs of a `height` x `width` mask. Throws a
 * `RangeError` for a character outside ASCII 48..111 (the C would read garbage).
 *
 * @example
 * ```ts
 * rleFrString('123', 3, 2).counts; // [1, 2, 3]
 * ```
 */
export function rleFrString(s: string, height: number, width: number): Rle {
  const counts: number[] = [];
  let p = 0;
  while (p < s.length) {
    // 32-bit integer arithmetic: the C's `(c & 0x1f) << 5*k` is an int shift and the result is cast to uint.
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= s.length) throw new RangeError(`RLE string ends inside a count at character ${p}`);
      const code = s.charCodeAt(p);
      if (code < 48 || code > 111) {
        throw new RangeError(`RLE string has ${describeValue(s[p])} at character ${p}; COCO's compressed counts use ASCII 48..111`);
      }
      const c = code - 48;
      x |= (c & 0x1f) << (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && c & 0x10) x |= -1 << (5 * k);
    }
    if (counts.length > 2) x += counts[counts.length - 2]!;
    counts.push(x >>> 0);
  }
  return { height, width, counts };
}
