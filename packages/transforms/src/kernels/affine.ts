import { assertImage } from '../image.js';
import { describeValue, toUint8 } from '@aug/internal';
import type { Image } from '../image.js';
import { checkCenter, checkNumber } from '../validate.js';
import { linspace32 } from './blur.js';
import type { GridInterpolation } from './grid-sample.js';
import { checkFill, checkGridInterpolation, gridSample, nearbyint } from './grid-sample.js';
import { checkTarget, hasKind } from '../targets/check-target.js';
import type { AffineParameters } from '../targets/geometry/affine.js';
import { affineBoundingBoxes, affineKeyPoints, rotationShear } from '../targets/geometry/affine.js';
import { mapMaskPlanes } from '../targets/mask-planes.js';
import type { Target } from '../targets/target.js';
import { checkKernelOptions } from '../option-keys.js';
import { maskFill } from './warp-options.js';

const f32 = Math.fround;

/** Options of {@link rotate}. */
export interface RotateOptions {
  /** Default `'nearest'`, as torchvision. */
  interpolation?: GridInterpolation;
  /** Grow the output to hold the whole rotated image (torchvision `expand`). Default false. */
  expand?: boolean;
  /** Centre of rotation `[x, y]` in pixels from the top-left corner. Default the image centre. */
  center?: [number, number];
  /**
   * Value for pixels outside the source, in the image's range, one number or one per channel. Default
   * `undefined` = torchvision's `None` (zeros, no fill pass); a fill (even 0) blends the border as torchvision.
   */
  fill?: number | number[];
}

/** Options of {@link affine}. */
export interface AffineOptions {
  /** Default `'nearest'`, as torchvision. */
  interpolation?: GridInterpolation;
  /** See {@link RotateOptions.fill}. */
  fill?: number | number[];
  /** Centre `[x, y]` in pixels. Default the image centre. */
  center?: [number, number];
}

/**
 * torchvision's `_get_inverse_affine_matrix` (inverted): the 2x3 matrix, row-major, mapping output pixel
 * coordinates (relative to the centre) to input ones, for rotation `angle` (degrees), `translate`, `scale`
 * and `shear` (degrees, `[x, y]`) about `center` (relative to the image centre).
 */
export function inverseAffineMatrix(center: [number, number], angle: number, translate: [number, number], scale: number, shear: [number, number]): number[] {
  const [cx, cy] = center;
  const [tx, ty] = translate;
  const [a, b, c, d] = rotationShear(angle, shear);
  const m = [d, -b, 0, -c, a, 0].map((v) => v / scale);
  m[2] = m[2]! + m[0]! * (-cx - tx) + m[1]! * (-cy - ty);
  m[5] = m[5]! + m[3]! * (-cx - tx) + m[4]! * (-cy - ty);
  m[2] = m[2]! + cx;
  m[5] = m[5]! + cy;
  return m;
}

/** torchvision's `_compute_affine_output_size` (float32, corners rounded outward after a 1e-4 truncation): `[w, h]`. */
export function affineOutputSize(matrix: readonly number[], w: number, h: number): [number, number] {
  const t = matrix.map(f32);
  const pts = [[-0.5 * w, -0.5 * h], [-0.5 * w, 0.5 * h], [0.5 * w, 0.5 * h], [0.5 * w, -0.5 * h]] as const;
  const min = [Infinity, Infinity];
  const max = [-Infinity, -Infinity];
  for (const [x, y] of pts) {
    for (let k = 0; k < 2; k++) {
      const v = f32(f32(f32(x * t[k * 3]!) + f32(y * t[k * 3 + 1]!)) + t[k * 3 + 2]!);
      min[k] = Math.min(min[k]!, v);
      max[k] = Math.max(max[k]!, v);
    }
  }
  const tol = f32(1e-4);
  const size: number[] = [];
  for (let k = 0; k < 2; k++) {
    const half = k === 0 ? w * 0.5 : h * 0.5;
    const hi = f32(max[k]! + half);
    const lo = f32(min[k]! + half);
    const cmax = Math.ceil(f32(Math.trunc(f32(hi / tol)) * tol));
    const cmin = Math.floor(f32(Math.trunc(f32(lo / tol)) * tol));
    size.push(cmax - cmin);
  }
  return [size[0]!, size[1]!];
}

/**
 * The exact float32 source coordinate (before rounding) of output pixel (i, j) under an affine grid, as
 * `affineGrid` then `gridSample` compute it.
 */
function exactSource(x: number, y: number, ra: number, rb: number, rc: number, half: number): number {
  const g = f32(f32(f32(x * ra) + f32(y * rb)) + rc);
  return f32(f32(f32(g + 1) * half) - 0.5);
}

/**
 * Nearest-neighbour affine warp of a uint8 image, the same bytes as `affineGrid` + `gridSample`: source
 * coordinates are stepped in float64 along each row (float64 error ~1e-13 against float32's ~1e-5) and
 * rounded as `floor(u + 0.5)`; only where one lies within 1e-3 of a rounding tie (where float32 rounding
 * could decide) is it recomputed with torch's float32 arithmetic.
 */
function affineNearestU8(img: Image & { data: Uint8Array }, matrix: readonly number[], ow: number, oh: number, fill: number[] | null): Image {
  const { height: h, width: w, channels: c, data: src } = img;
  const t = matrix.map(f32);
  const hw = f32(0.5 * w);
  const hh = f32(0.5 * h);
  const r = [f32(t[0]! / hw), f32(t[1]! / hw), f32(t[2]! / hw), f32(t[3]! / hh), f32(t[4]! / hh), f32(t[5]! / hh)] as const;
  const sx = f32(w / 2);
  const sy = f32(h / 2);
  const xs = centredLinspace(ow);
  const ys = centredLinspace(oh);
  const out = new Uint8Array(oh * ow * c);
  const fillU8 = fill === null ? null : fill.map((v) => toUint8(v));
  if (c === 3) return affineNearestRgbU8(src, w, h, out, ow, oh, xs, ys, r, sx, sy, fillU8);
  const EPS = 1e-3;
  // The output x coordinates are evenly spaced by exactly 1, so each row steps u and v by constants.
  const du = r[0] * sx;
  const dv = r[3] * sy;
  for (let i = 0, d = 0; i < oh; i++) {
    const y = ys[i]!;
    let u = (xs[0]! * r[0] + y * r[1] + r[2] + 1) * sx - 0.5 - du;
    let v = (xs[0]! * r[3] + y * r[4] + r[5] + 1) * sy - 0.5 - dv;
    for (let j = 0; j < ow; j++, d += c) {
      u += du;
      v += dv;
      // Nearest as floor(u + 0.5); where u + 0.5 lies within EPS of an integer (u near a tie) the exact float32 source.
      const tu = u + 0.5;
      let xi = Math.floor(tu);
      let fr = tu - xi;
      if (fr < EPS || fr > 1 - EPS) xi = nearbyint(exactSource(xs[j]!, y, r[0], r[1], r[2], sx));
      const tv = v + 0.5;
      let yi = Math.floor(tv);
      fr = tv - yi;
      if (fr < EPS || fr > 1 - EPS) yi = nearbyint(exactSource(xs[j]!, y, r[3], r[4], r[5], sy));
      if (xi >= 0 && xi < w && yi >= 0 && yi < h) {
        const s = (yi * w + xi) * c;
        for (let k = 0; k < c; k++) out[d + k] = src[s + k]!;
      } else if (fillU8 !== null) {
        for (let k = 0; k < c; k++) out[d + k] = fillU8[k]!;
      }
    }
  }
  return { data: out, height: oh, width: ow, channels: c };
}

/** {@link affineNearestU8}'s loop for 3 channels: the same steps, a fill of zeros left to the zeroed output. */
function affineNearestRgbU8(
  src: Uint8Array,
  w: number,
  h: number,
  out: Uint8Array,
  ow: number,
  oh: number,
  xs: Float32Array,
  ys: Float32Array,
  r: readonly [number, number, number, number, number, number],
  sx: number,
  sy: number,
  fillU8: number[] | null,
): Image {
  const EPS = 1e-3;
  const fill = fillU8 !== null && (fillU8[0] !== 0 || fillU8[1] !== 0 || fillU8[2] !== 0);
  const f0 = fill ? fillU8![0]! : 0;
  const f1 = fill ? fillU8![1]! : 0;
  const f2 = fill ? fillU8![2]! : 0;
  const [r0, r1, r2, r3, r4, r5] = r;
  const du = r0 * sx;
  const dv = r3 * sy;
  for (let i = 0, d = 0; i < oh; i++) {
    const y = ys[i]!;
    let u = (xs[0]! * r0 + y * r1 + r2 + 1) * sx - 0.5 - du;
    let v = (xs[0]! * r3 + y * r4 + r5 + 1) * sy - 0.5 - dv;
    for (let j = 0; j < ow; j++, d += 3) {
      u += du;
      v += dv;
      // Nearest as floor(u + 0.5); where u + 0.5 lies within EPS of an integer (u near a tie) the exact float32 source.
      const tu = u + 0.5;
      let xi = Math.floor(tu);
      let fr = tu - xi;
      if (fr < EPS || fr > 1 - EPS) xi = nearbyint(exactSource(xs[j]!, y, r0, r1, r2, sx));
      const tv = v + 0.5;
      let yi = Math.floor(tv);
      fr = tv - yi;
      if (fr < EPS || fr > 1 - EPS) yi = nearbyint(exactSource(xs[j]!, y, r3, r4, r5, sy));
      if (xi >= 0 && xi < w && yi >= 0 && yi < h) {
        const s = ((yi | 0) * w + (xi | 0)) * 3;
        out[d] = src[s]!;
        out[d + 1] = src[s + 1]!;
        out[d + 2] = src[s + 2]!;
      } else if (fill) {
        out[d] = f0;
        out[d + 1] = f1;
        out[d + 2] = f2;
      }
    }
  }
  return { data: out, height: oh, width: ow, channels: 3 };
}

const linspaceCache = new Map<number, Float32Array>();

/** `linspace32(-n / 2 + 0.5, n / 2 - 0.5, n)`, the output pixel centres of an affine grid, kept per size (never mutated). */
function centredLinspace(n: number): Float32Array {
  let v = linspaceCache.get(n);
  if (v === undefined) {
    v = linspace32(-n * 0.5 + 0.5, n * 0.5 + 0.5 - 1, n);
    if (linspaceCache.size >= 256) linspaceCache.clear();
    linspaceCache.set(n, v);
  }
  return v;
}

/** Warps `img` by the inverse affine `matrix` into an `oh` x `ow` output (torchvision's affine grid + grid_sample). */
function affineWarp(img: Image, matrix: readonly number[], ow: number, oh: number, mode: GridInterpolation, fill: number[] | null): Image {
  if (mode === 'nearest' && img.data instanceof Uint8Array) return affineNearestU8(img as Image & { data: Uint8Array }, matrix, ow, oh, fill);
  const [gx, gy] = affineGrid(matrix, img.width, img.height, ow, oh);
  return gridSample(img, gx, gy, oh, ow, mode, fill);
}

/** torchvision's `_gen_affine_grid`: the normalised sampling grid of an `oh` x `ow` output for `matrix` on a `h` x `w` input. */
export function affineGrid(matrix: readonly number[], w: number, h: number, ow: number, oh: number): [Float32Array, Float32Array] {
  const t = matrix.map(f32);
  const hw = f32(0.5 * w);
  const hh = f32(0.5 * h);
  const r = [f32(t[0]! / hw), f32(t[1]! / hw), f32(t[2]! / hw), f32(t[3]! / hh), f32(t[4]! / hh), f32(t[5]! / hh)];
  const xs = linspace32(-ow * 0.5 + 0.5, ow * 0.5 + 0.5 - 1, ow);
  const ys = linspace32(-oh * 0.5 + 0.5, oh * 0.5 + 0.5 - 1, oh);
  const gx = new Float32Array(oh * ow);
  const gy = new Float32Array(oh * ow);
  const [r0, r1, r2, r3, r4, r5] = r as [number, number, number, number, number, number];
  // x * r0 and x * r3 per column, computed once.
  const cx0 = new Float64Array(ow);
  const cx3 = new Float64Array(ow);
  for (let j = 0; j < ow; j++) {
    cx0[j] = f32(xs[j]! * r0);
    cx3[j] = f32(xs[j]! * r3);
  }
  for (let i = 0, p = 0; i < oh; i++) {
    const y1 = f32(ys[i]! * r1);
    const y4 = f32(ys[i]! * r4);
    for (let j = 0; j < ow; j++, p++) {
      gx[p] = f32(cx0[j]! + y1) + r2;
      gy[p] = f32(cx3[j]! + y4) + r5;
    }
  }
  return [gx, gy];
}

/**
 * Rotates by `angle` degrees counter-clockwise (torchvision `F.rotate` on a tensor): about the image centre or
 * `center`, keeping the size or growing it to fit (`expand`), sampling nearest (default) or bilinear,
 * filling outside pixels with 0 or `fill`. Masks: nearest whatever `interpolation` says, `fill` one number
 * (default 0). Bounding boxes: the enclosing box of the rotated corners, shifted onto the expanded canvas with
 * `expand`, clamped (v2's `rotate_bounding_boxes`); key points rotated, not clamped. The targets' canvas
 * is the image's output size.
 *
 * @example
 * ```ts
 * const r = rotate(img, 30, { interpolation: 'bilinear', expand: true, fill: 0 });
 * const boxes = rotate(boundingBoxes([0, 0, 4, 2], { format: 'xyxy', canvasSize: [4, 4] }), 90); // [0, 0, 2, 4]
 * ```
 */
export function rotate(img: Image, angle: number, options?: RotateOptions): Image;
export function rotate<T extends Target>(input: T, angle: number, options?: RotateOptions): T;
export function rotate(input: Image | Target, angle: number, options?: RotateOptions): Image | Target;
export function rotate(input: Image | Target, angle: number, options: RotateOptions = {}): Image | Target {
  checkKernelOptions(options, 'RotateOptions', 'rotate');
  if (!hasKind(input)) return rotateImage(input as Image, angle, options);
  const t = checkTarget(input, 'rotate');
  checkNumber(angle, 'angle');
  const expand = options.expand ?? false;
  if (typeof expand !== 'boolean') throw new TypeError(`expand must be a boolean, got ${describeValue(expand)}`);
  const center = checkCenter(options.center);
  if (t.kind === 'mask') {
    const fill = maskFill(options.fill, 'rotate');
    return mapMaskPlanes(t, (p) => rotateImage(p, angle, { interpolation: 'nearest', expand, center: center ?? undefined, fill }));
  }
  const [h, w] = t.canvasSize;
  const c: [number, number] = center === null ? [0, 0] : [center[0] - w * 0.5, center[1] - h * 0.5];
  const [ow, oh] = expand ? affineOutputSize(inverseAffineMatrix(c, -angle, [0, 0], 1, [0, 0]), w, h) : [w, h];
  const params: AffineParameters = { angle: -angle, translate: [0, 0], scale: 1, shear: [0, 0], center };
  return t.kind === 'boundingBoxes' ? affineBoundingBoxes(t, params, [oh, ow], expand) : affineKeyPoints(t, params, [oh, ow], expand);
}

/** {@link rotate} of an image (the image kernel itself). @example `rotateImage(img, 30)` */
export function rotateImage(img: Image, angle: number, options: RotateOptions = {}): Image {
  assertImage(img);
  checkNumber(angle, 'angle');
  const interpolation = checkGridInterpolation(options.interpolation ?? 'nearest');
  const expand = options.expand ?? false;
  if (typeof expand !== 'boolean') throw new TypeError(`expand must be a boolean, got ${describeValue(expand)}`);
  const center = checkCenter(options.center);
  const fill = checkFill(options.fill, img.channels, img.data instanceof Uint8Array);
  const { height: h, width: w } = img;
  const c: [number, number] = center === null ? [0, 0] : [center[0] - w * 0.5, center[1] - h * 0.5];
  const matrix = inverseAffineMatrix(c, -angle, [0, 0], 1, [0, 0]);
  const [ow, oh] = expand ? affineOutputSize(matrix, w, h) : [w, h];
  return affineWarp(img, matrix, ow, oh, interpolation, fill);
}

/**
 * Affine transform keeping the image centre invariant (torchvision `F.affine` on a tensor): rotation `angle`
 * (degrees, clockwise as torchvision's affine), `translate` `[x, y]` in pixels, `scale`, `shear` in degrees
 * (a number = `[x, 0]`, `[s]` = `[s, s]`, or `[x, y]`), about the centre or `center`. Masks: nearest, `fill`
 * one number (default 0). Bounding boxes: the enclosing box of the mapped corners, clamped (v2's
 * `affine_bounding_boxes`); key points mapped, not clamped.
 *
 * @example
 * ```ts
 * const a = affine(img, 15, [2, -3], 1.1, [5, 0], { interpolation: 'bilinear', fill: 0 });
 * const pts = affine(keyPoints([1, 1], { canvasSize: [4, 4] }), 0, [2, 1], 1, 0); // [3, 2]
 * ```
 */
export function affine(
  img: Image, angle: number, translate: [number, number], scale: number, shear: number | [number] | [number, number], options?: AffineOptions,
): Image;
export function affine<T extends Target>(
  input: T, angle: number, translate: [number, number], scale: number, shear: number | [number] | [number, number], options?: AffineOptions,
): T;
export function affine(
  input: Image | Target, angle: number, translate: [number, number], scale: number, shear: number | [number] | [number, number], options?: AffineOptions,
): Image | Target;
export function affine(
  input: Image | Target,
  angle: number,
  translate: [number, number],
  scale: number,
  shear: number | [number] | [number, number],
  options: AffineOptions = {},
): Image | Target {
  checkKernelOptions(options, 'AffineOptions', 'affine');
  if (!hasKind(input)) return affineImage(input as Image, angle, translate, scale, shear, options);
  const t = checkTarget(input, 'affine');
  const sh = checkAffineArgs(angle, translate, scale, shear);
  const center = checkCenter(options.center);
  if (t.kind === 'mask') {
    const fill = maskFill(options.fill, 'affine');
    return mapMaskPlanes(t, (p) => affineImage(p, angle, translate, scale, sh, { interpolation: 'nearest', center: center ?? undefined, fill }));
  }
  const params: AffineParameters = { angle, translate: [translate[0], translate[1]], scale, shear: sh, center };
  return t.kind === 'boundingBoxes' ? affineBoundingBoxes(t, params, t.canvasSize, false) : affineKeyPoints(t, params, t.canvasSize, false);
}

/** Checks `affine`'s angle, translate, scale and shear; returns the shear as `[x, y]`. */
function checkAffineArgs(angle: number, translate: unknown, scale: number, shear: unknown): [number, number] {
  checkNumber(angle, 'angle');
  if (!Array.isArray(translate) || translate.length !== 2 || !translate.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new TypeError(`translate must be [x, y] in pixels, got ${describeValue(translate)}`);
  }
  checkNumber(scale, 'scale');
  if (scale <= 0) throw new RangeError(`scale must be positive, got ${describeValue(scale)}`);
  let sh: [number, number];
  if (typeof shear === 'number') sh = [shear, 0];
  else if (Array.isArray(shear) && shear.length === 1) sh = [shear[0], shear[0]];
  else if (Array.isArray(shear) && shear.length === 2) sh = [shear[0], shear[1]];
  else throw new TypeError(`shear must be a number, [s] or [x, y] in degrees, got ${describeValue(shear)}`);
  if (!sh.every((v) => typeof v === 'number' && Number.isFinite(v))) throw new TypeError(`shear must hold finite numbers, got ${describeValue(shear)}`);
  return sh;
}

/** {@link affine} of an image (the image kernel itself). @example `affineImage(img, 15, [2, -3], 1.1, [5, 0])` */
export function affineImage(
  img: Image,
  angle: number,
  translate: [number, number],
  scale: number,
  shear: number | [number] | [number, number],
  options: AffineOptions = {},
): Image {
  assertImage(img);
  const sh = checkAffineArgs(angle, translate, scale, shear);
  const interpolation = checkGridInterpolation(options.interpolation ?? 'nearest');
  const center = checkCenter(options.center);
  const fill = checkFill(options.fill, img.channels, img.data instanceof Uint8Array);
  const { height: h, width: w } = img;
  const c: [number, number] = center === null ? [0, 0] : [center[0] - w * 0.5, center[1] - h * 0.5];
  const matrix = inverseAffineMatrix(c, angle, [translate[0], translate[1]], scale, sh);
  return affineWarp(img, matrix, w, h, interpolation, fill);
}
