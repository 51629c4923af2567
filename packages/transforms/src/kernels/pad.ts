import { assertImage } from '../image.js';
import { assertInteger, describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { checkOutputSize } from '../validate.js';
import { alloc } from './pixels.js';
import { checkTarget, hasKind } from '../targets/check-target.js';
import { padBoundingBoxes, padKeyPoints } from '../targets/geometry/crop.js';
import { mapMaskPlanes } from '../targets/mask-planes.js';
import type { Target } from '../targets/target.js';
import { checkKernelOptions } from '../option-keys.js';

/** How `pad` fills the border, as torchvision's `padding_mode`. */
export type PaddingMode = 'constant' | 'edge' | 'reflect' | 'symmetric';

/** Padding as torchvision: one number for all sides, `[leftRight, topBottom]`, or `[left, top, right, bottom]`. */
export type Padding = number | [number] | [number, number] | [number, number, number, number];

/** Options of {@link pad}. */
export interface PadOptions {
  /**
   * Value for `'constant'` mode, in the image's own range (0..255 for uint8, [0, 1] for float), or one value
   * per channel. Default 0.
   */
  fill?: number | readonly number[];
  /** Default `'constant'`. */
  mode?: PaddingMode;
}

const MODES: readonly PaddingMode[] = ['constant', 'edge', 'reflect', 'symmetric'];

/** Parses a torchvision padding argument into `[left, top, right, bottom]`. */
export function parsePadding(padding: unknown, name = 'padding'): [number, number, number, number] {
  let p: number[];
  if (typeof padding === 'number') p = [padding, padding, padding, padding];
  else if (Array.isArray(padding) && padding.length === 1) p = [padding[0], padding[0], padding[0], padding[0]];
  else if (Array.isArray(padding) && padding.length === 2) p = [padding[0], padding[1], padding[0], padding[1]];
  else if (Array.isArray(padding) && padding.length === 4) p = [...(padding as number[])];
  else throw new TypeError(`${name} must be a number, [all], [leftRight, topBottom] or [left, top, right, bottom], got ${describeValue(padding)}`);
  for (const v of p) {
    assertInteger(v, name);
    if (v < 0) throw new RangeError(`${name} values must be non-negative integers, got ${describeValue(padding)}`);
  }
  return p as [number, number, number, number];
}

/** Checks a padding mode name. */
export function checkPaddingMode(mode: unknown, name = 'mode'): PaddingMode {
  if (!MODES.includes(mode as PaddingMode)) throw new TypeError(`${name} must be one of ${MODES.join(', ')}, got ${describeValue(mode)}`);
  return mode as PaddingMode;
}

/**
 * Source index along an axis of length `n` for padded position `i` (may be outside [0, n)), or -1 where
 * `'constant'` mode fills.
 */
export function padSourceIndex(i: number, n: number, mode: PaddingMode): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'constant':
      return -1;
    case 'edge':
      return i < 0 ? 0 : n - 1;
    case 'reflect':
      return i < 0 ? -i : 2 * (n - 1) - i;
    case 'symmetric':
      return i < 0 ? -i - 1 : 2 * n - 1 - i;
  }
}

/** Checks that reflect/symmetric padding fits the image (as torch: reflect needs pad < size, symmetric pad <= size). */
export function checkPadFits(p: readonly number[], height: number, width: number, mode: PaddingMode, name = 'padding'): void {
  if (mode !== 'reflect' && mode !== 'symmetric') return;
  const [l, t, r, b] = p as [number, number, number, number];
  const limitW = mode === 'reflect' ? width - 1 : width;
  const limitH = mode === 'reflect' ? height - 1 : height;
  if (l > limitW || r > limitW || t > limitH || b > limitH) {
    throw new RangeError(
      `${name} ${describeValue(p)} is too large for ${mode} padding of a ${height}x${width} image: ${mode} allows at most ${limitH} rows and ${limitW} columns per side`,
    );
  }
}

function fillValues(fill: number | readonly number[], channels: number): number[] {
  if (typeof fill === 'number') {
    if (!Number.isFinite(fill)) throw new TypeError(`fill must be a finite number or one number per channel, got ${describeValue(fill)}`);
    return new Array<number>(channels).fill(fill);
  }
  if (Array.isArray(fill) && fill.length === channels && fill.every((v) => typeof v === 'number' && Number.isFinite(v))) return [...fill];
  throw new TypeError(`fill must be a number or ${channels} numbers (one per channel), got ${describeValue(fill)}`);
}

/**
 * Pads on each side (torchvision v2 `F.pad`). Images: `'constant'` with `fill`, `'edge'` repeating the
 * border pixel, `'reflect'` mirroring without repeating the edge, `'symmetric'` mirroring with it. Masks
 * (v2's `pad_mask`): every mode, `fill` one number (default 0). Bounding boxes and key points shift by
 * `left`/`top` onto the grown canvas (boxes clamped to it, v2's `pad_bounding_boxes`); they take
 * `'constant'` mode only, as torchvision v2 (a TypeError otherwise).
 *
 * @example
 * ```ts
 * const padded = pad(img, 4, { mode: 'reflect' }); // 32x32 -> 40x40
 * const wider = pad(img, [2, 0]); // two zero columns on the left and on the right
 * const boxes = pad(boundingBoxes([0, 0, 4, 4], { format: 'xyxy', canvasSize: [4, 4] }), 2); // [2, 2, 6, 6] on 8x8
 * ```
 */
export function pad(img: Image, padding: Padding, options?: PadOptions): Image;
export function pad<T extends Target>(input: T, padding: Padding, options?: PadOptions): T;
export function pad(input: Image | Target, padding: Padding, options?: PadOptions): Image | Target;
export function pad(input: Image | Target, padding: Padding, options: PadOptions = {}): Image | Target {
  checkKernelOptions(options, 'PadOptions', 'pad');
  if (!hasKind(input)) return padImage(input as Image, padding, options);
  const t = checkTarget(input, 'pad');
  const p = parsePadding(padding);
  const mode = checkPaddingMode(options.mode ?? 'constant');
  if (t.kind === 'mask') {
    const given = options.fill ?? 0;
    const fill = Array.isArray(given) && given.length === 1 ? (given[0] as number) : given;
    if (typeof fill !== 'number' || !Number.isInteger(fill) || fill < 0 || fill > 255) {
      throw new TypeError(`pad: a mask takes one fill number, an integer in 0..255 (torchvision v2's pad_mask), got ${describeValue(fill)}`);
    }
    return mapMaskPlanes(t, (plane) => padImage(plane, p, { mode, fill }));
  }
  if (mode !== 'constant') {
    throw new TypeError(
      `pad: padding mode ${describeValue(mode)} cannot move ${t.kind === 'boundingBoxes' ? 'bounding boxes' : 'key points'}; torchvision v2 allows only 'constant' with them`,
    );
  }
  return t.kind === 'boundingBoxes' ? padBoundingBoxes(t, p) : padKeyPoints(t, p);
}

/** {@link pad} of an image (the image kernel itself). @example `padImage(img, 4)` */
export function padImage(img: Image, padding: Padding, options: PadOptions = {}): Image {
  assertImage(img);
  const [l, t, r, b] = parsePadding(padding);
  const mode = checkPaddingMode(options.mode ?? 'constant');
  const { height: h, width: w, channels: c } = img;
  checkPadFits([l, t, r, b], h, w, mode);
  const fill = fillValues(options.fill ?? 0, c);
  const oh = h + t + b;
  const ow = w + l + r;
  checkOutputSize(oh, ow, c, 'padding', padding);
  const out = alloc(img, oh * ow * c);
  const src = img.data;
  const cols = new Int32Array(ow);
  for (let x = 0; x < ow; x++) cols[x] = padSourceIndex(x - l, w, mode);
  for (let y = 0; y < oh; y++) {
    const sy = padSourceIndex(y - t, h, mode);
    const drow = y * ow * c;
    if (sy < 0) {
      for (let x = 0; x < ow; x++) for (let k = 0; k < c; k++) out[drow + x * c + k] = fill[k]!;
      continue;
    }
    const srow = sy * w * c;
    for (let x = 0; x < ow; x++) {
      const sx = cols[x]!;
      const d = drow + x * c;
      if (sx < 0) for (let k = 0; k < c; k++) out[d + k] = fill[k]!;
      else for (let k = 0, s = srow + sx * c; k < c; k++) out[d + k] = src[s + k]!;
    }
  }
  return { data: out, height: oh, width: ow, channels: c };
}
