import { assertImage } from '../image.js';
import { UINT8_TO_UNIT, assertInteger, assertPositiveInteger, describeValue, toUint8 } from '@aug/internal';
import type { Image } from '../image.js';
import { checkOutputSize, checkSize } from '../validate.js';
import { cropImage } from './crop.js';
import { checkTarget, hasKind } from '../targets/check-target.js';
import { cropBoundingBoxes, cropKeyPoints, resizeBoundingBoxes, resizeKeyPoints } from '../targets/geometry/crop.js';
import { mapMaskPlanes } from '../targets/mask-planes.js';
import type { Target } from '../targets/target.js';
import { alloc, quantizeUnitF32 } from './pixels.js';
import { checkKernelOptions } from '../option-keys.js';

/** Interpolation modes (torchvision's `InterpolationMode.BILINEAR` / `NEAREST` / `BICUBIC`). */
export type Interpolation = 'bilinear' | 'nearest' | 'bicubic';

/** Options of {@link resize} and {@link resizedCrop}. */
export interface ResizeOptions {
  /** Default `'bilinear'`. `'bicubic'` is torch's (A = -0.75, not clamped on float images, as torchvision). */
  interpolation?: Interpolation;
  /**
   * Antialiased bilinear or bicubic (torch's `_upsample_bilinear2d_aa`): a triangle filter widened by the shrink factor
   * on each axis that shrinks; identical to plain bilinear on axes that grow. Default `false`, which is
   * torchvision 0.14's tensor behaviour (`antialias=None` means `False` for tensors; only PIL always antialiases).
   */
  antialias?: boolean;
}

/** Resampling weights along one axis: output `o` reads `count[o]` inputs from `start[o]` with `weights[o * stride + j]`. */
export interface AxisWeights {
  start: Int32Array;
  count: Int32Array;
  stride: number;
  weights: Float64Array;
}

const f32 = Math.fround;

/** Half-pixel bilinear (align_corners=False) as torch's CPU upsample kernel, in float32 index arithmetic. */
export function linearWeights(inSize: number, outSize: number): AxisWeights {
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * 2);
  const scale = f32(inSize / outSize);
  for (let o = 0; o < outSize; o++) {
    let src = f32(f32(scale * f32(o + 0.5)) - 0.5);
    if (src < 0) src = 0;
    const i0 = Math.min(Math.floor(src), inSize - 1);
    const l1 = Math.min(Math.max(f32(src - i0), 0), 1);
    const l0 = f32(1 - l1);
    start[o] = i0;
    if (i0 < inSize - 1) {
      count[o] = 2;
      weights[o * 2] = l0;
      weights[o * 2 + 1] = l1;
    } else {
      count[o] = 1;
      weights[o * 2] = l0 + l1;
    }
  }
  return { start, count, stride: 2, weights };
}

/** torch's cubic convolution kernel with parameter `a` (-0.75 for plain bicubic, -0.5 for the antialiased filter). */
function cubicFilter(x: number, a: number): number {
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
  return 0;
}

/**
 * Antialiased weights as torch's `_compute_indices_weights_aa`: a triangle (bilinear) or a = -0.5 cubic
 * (bicubic) filter whose support is scaled by the shrink factor.
 */
export function antialiasWeights(inSize: number, outSize: number, cubic = false): AxisWeights {
  const scale = inSize / outSize;
  const half = cubic ? 2 : 1;
  const support = scale >= 1 ? half * scale : half;
  const invscale = scale >= 1 ? 1 / scale : 1;
  const stride = Math.ceil(support) * 2 + 1;
  const filter = cubic ? (x: number) => cubicFilter(x, -0.5) : (x: number) => (x < 1 ? 1 - x : 0);
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * stride);
  for (let o = 0; o < outSize; o++) {
    const center = scale * (o + 0.5);
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xsize = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let total = 0;
    for (let j = 0; j < xsize; j++) {
      const w = filter(Math.abs((j + xmin - center + 0.5) * invscale));
      weights[o * stride + j] = w;
      total += w;
    }
    if (total !== 0) for (let j = 0; j < xsize; j++) weights[o * stride + j] /= total;
    start[o] = xmin;
    count[o] = xsize;
  }
  return { start, count, stride, weights };
}

/**
 * Plain bicubic weights as torch's `upsample_bicubic2d` (align_corners=False, A = -0.75): four taps around
 * `scale * (o + 0.5) - 0.5` (not clamped), indices clamped to the image, merged into one contiguous run.
 */
export function cubicWeights(inSize: number, outSize: number): AxisWeights {
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const stride = 4;
  const weights = new Float64Array(outSize * stride);
  const scale = f32(inSize / outSize);
  for (let o = 0; o < outSize; o++) {
    const src = f32(f32(scale * f32(o + 0.5)) - 0.5);
    const i0 = Math.floor(src);
    const t = f32(src - i0);
    const taps = [cubicFilter(t + 1, -0.75), cubicFilter(t, -0.75), cubicFilter(1 - t, -0.75), cubicFilter(2 - t, -0.75)].map(f32);
    const idx = [i0 - 1, i0, i0 + 1, i0 + 2].map((i) => Math.min(Math.max(i, 0), inSize - 1));
    const lo = idx[0]!;
    start[o] = lo;
    count[o] = idx[3]! - lo + 1;
    for (let j = 0; j < 4; j++) weights[o * stride + idx[j]! - lo]! += taps[j]!;
  }
  return { start, count, stride, weights };
}

/** The weight table of an axis for an interpolation mode (bilinear or bicubic, antialiased or not). */
export function axisWeights(inSize: number, outSize: number, interpolation: Interpolation, antialias: boolean): AxisWeights {
  if (antialias) return antialiasWeights(inSize, outSize, interpolation === 'bicubic');
  return interpolation === 'bicubic' ? cubicWeights(inSize, outSize) : linearWeights(inSize, outSize);
}

/** torch's `nearest` source indices (`floor(dst * (in / out))` in float32, clamped). */
export function nearestIndices(inSize: number, outSize: number): Int32Array {
  const idx = new Int32Array(outSize);
  if (outSize === inSize) {
    for (let o = 0; o < outSize; o++) idx[o] = o;
  } else if (outSize === 2 * inSize) {
    for (let o = 0; o < outSize; o++) idx[o] = o >> 1;
  } else {
    const scale = f32(inSize / outSize);
    for (let o = 0; o < outSize; o++) idx[o] = Math.min(Math.floor(f32(o * scale)), inSize - 1);
  }
  return idx;
}

const weightCache = new Map<number, AxisWeights>();

/** Weight tables are pure functions of (in, out, mode, antialias): keep the recent ones (RandomResizedCrop reuses few sizes). */
function cachedWeights(inSize: number, outSize: number, interpolation: Interpolation, antialias: boolean): AxisWeights {
  const key = ((inSize * 65536 + outSize) * 2 + (antialias ? 1 : 0)) * 2 + (interpolation === 'bicubic' ? 1 : 0);
  let t = weightCache.get(key);
  if (t === undefined) {
    t = axisWeights(inSize, outSize, interpolation, antialias);
    if (weightCache.size >= 1024) weightCache.clear();
    weightCache.set(key, t);
  }
  return t;
}

let scratchIn = new Float32Array(0);
let scratchMid = new Float64Array(0);

function scratchF32(n: number): Float32Array {
  if (scratchIn.length < n) scratchIn = new Float32Array(Math.max(n, scratchIn.length * 2));
  return scratchIn;
}

function scratchF64(n: number): Float64Array {
  if (scratchMid.length < n) scratchMid = new Float64Array(Math.max(n, scratchMid.length * 2));
  return scratchMid;
}

/**
 * Plain bilinear (two-tap tables on both axes) of a window of a uint8 RGB image: the arithmetic of the
 * general path below (`v / 255` as float32, a float64 horizontal pass, the vertical pass rounded to
 * float32 and then to uint8) in one specialised loop that reads the bytes directly.
 */
function bilinearRgbU8(
  src: Uint8Array,
  w: number,
  top: number,
  left: number,
  height: number,
  outH: number,
  outW: number,
  wx: AxisWeights,
  wy: AxisWeights,
): Image {
  const rowOut = outW * 3;
  const mid = scratchF64(height * rowOut);
  const F = UINT8_TO_UNIT;
  const xs = wx.start;
  const xn = wx.count;
  const xw = wx.weights;
  for (let y = 0; y < height; y++) {
    const srow = ((top + y) * w + left) * 3;
    for (let ox = 0, d = y * rowOut; ox < outW; ox++, d += 3) {
      const s0 = srow + xs[ox]! * 3;
      const w0 = xw[ox * 2]!;
      if (xn[ox] === 2) {
        const w1 = xw[ox * 2 + 1]!;
        mid[d] = w0 * F[src[s0]!]! + w1 * F[src[s0 + 3]!]!;
        mid[d + 1] = w0 * F[src[s0 + 1]!]! + w1 * F[src[s0 + 4]!]!;
        mid[d + 2] = w0 * F[src[s0 + 2]!]! + w1 * F[src[s0 + 5]!]!;
      } else {
        mid[d] = w0 * F[src[s0]!]!;
        mid[d + 1] = w0 * F[src[s0 + 1]!]!;
        mid[d + 2] = w0 * F[src[s0 + 2]!]!;
      }
    }
  }
  const out = new Uint8Array(outH * rowOut);
  const ys = wy.start;
  const yn = wy.count;
  const yw = wy.weights;
  for (let oy = 0; oy < outH; oy++) {
    const s0 = ys[oy]! * rowOut;
    const d = oy * rowOut;
    const w0 = yw[oy * 2]!;
    if (yn[oy] === 2) {
      const w1 = yw[oy * 2 + 1]!;
      const s1 = s0 + rowOut;
      // Weights are non-negative and sum to 1, so values stay in [0, 1]. rowOut is a multiple of 3: unrolled by pixel.
      for (let i = 0; i < rowOut; i += 3) {
        out[d + i] = quantizeUnitF32(f32(w0 * mid[s0 + i]! + w1 * mid[s1 + i]!));
        out[d + i + 1] = quantizeUnitF32(f32(w0 * mid[s0 + i + 1]! + w1 * mid[s1 + i + 1]!));
        out[d + i + 2] = quantizeUnitF32(f32(w0 * mid[s0 + i + 2]! + w1 * mid[s1 + i + 2]!));
      }
    } else {
      for (let i = 0; i < rowOut; i += 3) {
        out[d + i] = quantizeUnitF32(f32(w0 * mid[s0 + i]!));
        out[d + i + 1] = quantizeUnitF32(f32(w0 * mid[s0 + i + 1]!));
        out[d + i + 2] = quantizeUnitF32(f32(w0 * mid[s0 + i + 2]!));
      }
    }
  }
  return { data: out, height: outH, width: outW, channels: 3 };
}

/**
 * Resamples the window (`top`, `left`, `height`, `width`) of `img`, which must lie inside the image,
 * to `outH` x `outW`. The core of `resize` and `resizedCrop`.
 */
export function resampleWindow(
  img: Image,
  top: number,
  left: number,
  height: number,
  width: number,
  outH: number,
  outW: number,
  interpolation: Interpolation,
  antialias: boolean,
): Image {
  const { width: w, channels: c } = img;
  if (interpolation === 'nearest') {
    const out = alloc(img, outH * outW * c);
    const ys = nearestIndices(height, outH);
    const xs = nearestIndices(width, outW);
    const src = img.data;
    for (let oy = 0; oy < outH; oy++) {
      const srow = (top + ys[oy]!) * w + left;
      const drow = oy * outW * c;
      for (let ox = 0; ox < outW; ox++) {
        const s = (srow + xs[ox]!) * c;
        const d = drow + ox * c;
        for (let k = 0; k < c; k++) out[d + k] = src[s + k]!;
      }
    }
    return { data: out, height: outH, width: outW, channels: c };
  }
  const wy = cachedWeights(height, outH, interpolation, antialias);
  const wx = cachedWeights(width, outW, interpolation, antialias);
  if (c === 3 && wx.stride === 2 && wy.stride === 2 && img.data instanceof Uint8Array) {
    return bilinearRgbU8(img.data, w, top, left, height, outH, outW, wx, wy);
  }
  const out = alloc(img, outH * outW * c);
  // The window as float32 values in [0, 1], rows of `width * c`.
  let win: Float32Array;
  let winStride: number;
  let winOffset: number;
  if (img.data instanceof Float32Array) {
    win = img.data;
    winStride = w * c;
    winOffset = (top * w + left) * c;
  } else {
    const n = height * width * c;
    win = scratchF32(n);
    const src = img.data;
    for (let y = 0; y < height; y++) {
      const s = ((top + y) * w + left) * c;
      const d = y * width * c;
      for (let i = 0; i < width * c; i++) win[d + i] = UINT8_TO_UNIT[src[s + i]!]!;
    }
    winStride = width * c;
    winOffset = 0;
  }
  // Horizontal pass: height x outW x c in float64.
  const rowOut = outW * c;
  const mid = scratchF64(height * rowOut);
  const { start: xs, count: xn, stride: xst, weights: xw } = wx;
  if (c === 3 && xst === 2) {
    // Plain bilinear on RGB: at most two taps, unrolled.
    for (let y = 0; y < height; y++) {
      const srow = winOffset + y * winStride;
      const drow = y * rowOut;
      for (let ox = 0, d = drow; ox < outW; ox++, d += 3) {
        const s0 = srow + xs[ox]! * 3;
        const w0 = xw[ox * 2]!;
        if (xn[ox] === 2) {
          const w1 = xw[ox * 2 + 1]!;
          mid[d] = w0 * win[s0]! + w1 * win[s0 + 3]!;
          mid[d + 1] = w0 * win[s0 + 1]! + w1 * win[s0 + 4]!;
          mid[d + 2] = w0 * win[s0 + 2]! + w1 * win[s0 + 5]!;
        } else {
          mid[d] = w0 * win[s0]!;
          mid[d + 1] = w0 * win[s0 + 1]!;
          mid[d + 2] = w0 * win[s0 + 2]!;
        }
      }
    }
  } else for (let y = 0; y < height; y++) {
    const srow = winOffset + y * winStride;
    const drow = y * rowOut;
    for (let ox = 0; ox < outW; ox++) {
      const s0 = srow + xs[ox]! * c;
      const n = xn[ox]!;
      const wb = ox * xst;
      const d = drow + ox * c;
      for (let k = 0; k < c; k++) {
        let acc = 0;
        for (let j = 0; j < n; j++) acc += xw[wb + j]! * win[s0 + j * c + k]!;
        mid[d + k] = acc;
      }
    }
  }
  // Vertical pass into the output.
  const { start: ys, count: yn, stride: yst, weights: yw } = wy;
  const isU8 = out instanceof Uint8Array;
  for (let oy = 0; oy < outH; oy++) {
    const s0 = ys[oy]! * rowOut;
    const n = yn[oy]!;
    const wb = oy * yst;
    const d = oy * rowOut;
    if (n === 2) {
      const w0 = yw[wb]!;
      const w1 = yw[wb + 1]!;
      const s1 = s0 + rowOut;
      if (isU8) {
        for (let i = 0; i < rowOut; i++) {
          out[d + i] = toUint8(f32(w0 * mid[s0 + i]! + w1 * mid[s1 + i]!));
        }
      } else {
        for (let i = 0; i < rowOut; i++) out[d + i] = w0 * mid[s0 + i]! + w1 * mid[s1 + i]!;
      }
    } else {
      for (let i = 0; i < rowOut; i++) {
        let acc = 0;
        for (let j = 0; j < n; j++) acc += yw[wb + j]! * mid[s0 + j * rowOut + i]!;
        out[d + i] = isU8 ? toUint8(f32(acc)) : acc;
      }
    }
  }
  return { data: out, height: outH, width: outW, channels: c };
}

/** Checks a resize interpolation mode. */
export function checkInterpolation(interpolation: unknown, name = 'interpolation'): Interpolation {
  if (interpolation !== 'bilinear' && interpolation !== 'nearest' && interpolation !== 'bicubic') {
    throw new TypeError(`${name} must be 'bilinear', 'nearest' or 'bicubic', got ${describeValue(interpolation)}`);
  }
  return interpolation;
}

/** Checks `antialias` (bilinear and bicubic only, as torchvision). */
export function checkAntialias(antialias: unknown, interpolation: Interpolation): boolean {
  if (antialias === undefined || antialias === null) return false;
  if (typeof antialias !== 'boolean') throw new TypeError(`antialias must be a boolean, got ${describeValue(antialias)}`);
  if (antialias && interpolation === 'nearest') {
    throw new RangeError(`antialias is supported for bilinear and bicubic interpolation only, got interpolation ${describeValue(interpolation)}`);
  }
  return antialias;
}

/**
 * Resizes to exactly `[height, width]` (torchvision `F.resize` on a tensor with a two-element size). Images:
 * bilinear with half-pixel centres (`align_corners=False`), nearest or bicubic, antialiased only when asked.
 * Masks: nearest, whatever `interpolation` says (v2's `resize_mask`). Bounding boxes and key points: every
 * coordinate times new/old size (v2's `resize_bounding_boxes`). A number means a square; use the `Resize`
 * transform for torchvision's "shorter edge" sizing.
 *
 * @example
 * ```ts
 * const big = resize(img, [224, 224]);
 * const small = resize(img, [16, 16], { antialias: true });
 * const boxes = resize(boundingBoxes([1, 1, 2, 3], { format: 'xyxy', canvasSize: [4, 4] }), [8, 2]); // [0.5, 2, 1, 6]
 * ```
 */
export function resize(img: Image, size: number | [number] | [number, number], options?: ResizeOptions): Image;
export function resize<T extends Target>(input: T, size: number | [number] | [number, number], options?: ResizeOptions): T;
export function resize(input: Image | Target, size: number | [number] | [number, number], options?: ResizeOptions): Image | Target;
export function resize(input: Image | Target, size: number | [number] | [number, number], options: ResizeOptions = {}): Image | Target {
  checkKernelOptions(options, 'ResizeOptions', 'resize');
  if (!hasKind(input)) return resizeImage(input as Image, size, options);
  const t = checkTarget(input, 'resize');
  const [oh, ow] = checkSize(size);
  if (t.kind === 'mask') return mapMaskPlanes(t, (p) => resizeImage(p, [oh, ow], { interpolation: 'nearest' }));
  return t.kind === 'boundingBoxes' ? resizeBoundingBoxes(t, [oh, ow]) : resizeKeyPoints(t, [oh, ow]);
}

/** {@link resize} of an image (the image kernel itself). @example `resizeImage(img, [64, 64])` */
export function resizeImage(img: Image, size: number | [number] | [number, number], options: ResizeOptions = {}): Image {
  assertImage(img);
  const [oh, ow] = checkSize(size);
  checkOutputSize(oh, ow, img.channels, 'size', size);
  const interpolation = checkInterpolation(options.interpolation ?? 'bilinear');
  const antialias = checkAntialias(options.antialias, interpolation);
  if (oh === img.height && ow === img.width) {
    return { data: img.data.slice(), height: oh, width: ow, channels: img.channels };
  }
  return resampleWindow(img, 0, 0, img.height, img.width, oh, ow, interpolation, antialias);
}

/**
 * Crops the window (`top`, `left`, `height`, `width`) and resizes it to `size` (torchvision `F.resized_crop`),
 * without materialising the crop when the window lies inside the image. Targets: {@link crop} then
 * {@link resize} (v2's `resized_crop_bounding_boxes`: clamped to the window, then scaled; masks nearest).
 *
 * @example
 * ```ts
 * const patch = resizedCrop(img, 3, 5, 20, 18, [32, 32]);
 * const pts = resizedCrop(keyPoints([5, 5], { canvasSize: [10, 10] }), 4, 4, 2, 2, [4, 4]); // [2, 2]
 * ```
 */
export function resizedCrop(
  img: Image, top: number, left: number, height: number, width: number, size: number | [number] | [number, number], options?: ResizeOptions,
): Image;
export function resizedCrop<T extends Target>(
  input: T, top: number, left: number, height: number, width: number, size: number | [number] | [number, number], options?: ResizeOptions,
): T;
export function resizedCrop(
  input: Image | Target, top: number, left: number, height: number, width: number, size: number | [number] | [number, number], options?: ResizeOptions,
): Image | Target;
export function resizedCrop(
  input: Image | Target,
  top: number,
  left: number,
  height: number,
  width: number,
  size: number | [number] | [number, number],
  options: ResizeOptions = {},
): Image | Target {
  checkKernelOptions(options, 'ResizeOptions', 'resizedCrop');
  if (!hasKind(input)) return resizedCropImage(input as Image, top, left, height, width, size, options);
  const t = checkTarget(input, 'resizedCrop');
  assertInteger(top, 'top');
  assertInteger(left, 'left');
  assertPositiveInteger(height, 'height');
  assertPositiveInteger(width, 'width');
  const [oh, ow] = checkSize(size);
  if (t.kind === 'mask') return mapMaskPlanes(t, (p) => resizedCropImage(p, top, left, height, width, [oh, ow], { interpolation: 'nearest' }));
  if (t.kind === 'boundingBoxes') return resizeBoundingBoxes(cropBoundingBoxes(t, top, left, height, width), [oh, ow]);
  return resizeKeyPoints(cropKeyPoints(t, top, left, height, width), [oh, ow]);
}

/** {@link resizedCrop} of an image (the image kernel itself). @example `resizedCropImage(img, 3, 5, 20, 18, [32, 32])` */
export function resizedCropImage(
  img: Image,
  top: number,
  left: number,
  height: number,
  width: number,
  size: number | [number] | [number, number],
  options: ResizeOptions = {},
): Image {
  assertImage(img);
  assertInteger(top, 'top');
  assertInteger(left, 'left');
  assertPositiveInteger(height, 'height');
  assertPositiveInteger(width, 'width');
  const [oh, ow] = checkSize(size);
  checkOutputSize(oh, ow, img.channels, 'size', size);
  checkOutputSize(height, width, img.channels, 'height x width', [height, width]);
  const interpolation = checkInterpolation(options.interpolation ?? 'bilinear');
  const antialias = checkAntialias(options.antialias, interpolation);
  const inside = top >= 0 && left >= 0 && top + height <= img.height && left + width <= img.width;
  if (!inside || (oh === height && ow === width)) {
    const cropped = cropImage(img, top, left, height, width);
    return oh === height && ow === width ? cropped : resampleWindow(cropped, 0, 0, height, width, oh, ow, interpolation, antialias);
  }
  return resampleWindow(img, top, left, height, width, oh, ow, interpolation, antialias);
}
