import { assertImage } from '../image.js';
import { describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { linspace32 } from './blur.js';
import { checkFill, checkGridInterpolation, gridSample } from './grid-sample.js';
import { checkTarget, hasKind } from '../targets/check-target.js';
import { perspectiveBoundingBoxes, perspectiveKeyPoints } from '../targets/geometry/warp.js';
import { mapMaskPlanes } from '../targets/mask-planes.js';
import type { Target } from '../targets/target.js';
import { checkKernelOptions } from '../option-keys.js';
import { maskFill } from './warp-options.js';
import type { WarpOptions } from './warp-options.js';

const f32 = Math.fround;

/**
 * torchvision's `_get_perspective_coeffs`: the 8 coefficients of the projective map taking `endpoints` to
 * `startpoints` (solved here in float64 by Gaussian elimination; torchvision solves in float32 with
 * `lstsq`, so the two differ by float32 rounding).
 */
export function perspectiveCoeffs(startpoints: readonly (readonly number[])[], endpoints: readonly (readonly number[])[]): number[] {
  const a: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = endpoints[i] as [number, number];
    const [u, v] = startpoints[i] as [number, number];
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  for (let col = 0; col < 8; col++) {
    let piv = col;
    for (let r = col + 1; r < 8; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[piv]![col]!)) piv = r;
    if (Math.abs(a[piv]![col]!) < 1e-12) throw new RangeError(`startpoints/endpoints do not define a perspective transform (degenerate points): ${describeValue(endpoints)}`);
    [a[col], a[piv]] = [a[piv]!, a[col]!];
    [b[col], b[piv]] = [b[piv]!, b[col]!];
    for (let r = 0; r < 8; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / a[col]![col]!;
      if (f === 0) continue;
      for (let k = col; k < 8; k++) a[r]![k]! -= f * a[col]![k]!;
      b[r]! -= f * b[col]!;
    }
  }
  return b.map((v, i) => v / a[i]![i]!);
}

/** torchvision's `_perspective_grid` for coefficients `coeffs` on an `oh` x `ow` image (float32). */
export function perspectiveGrid(coeffs: readonly number[], ow: number, oh: number): [Float32Array, Float32Array] {
  const c = coeffs.map(f32);
  const hw = f32(0.5 * ow);
  const hh = f32(0.5 * oh);
  const r1 = [f32(c[0]! / hw), f32(c[1]! / hw), f32(c[2]! / hw), f32(c[3]! / hh), f32(c[4]! / hh), f32(c[5]! / hh)];
  const xs = linspace32(0.5, ow + 0.5 - 1, ow);
  const ys = linspace32(0.5, oh + 0.5 - 1, oh);
  const gx = new Float32Array(oh * ow);
  const gy = new Float32Array(oh * ow);
  for (let i = 0; i < oh; i++) {
    const y = ys[i]!;
    for (let j = 0; j < ow; j++) {
      const x = xs[j]!;
      const den = f32(f32(f32(x * c[6]!) + f32(y * c[7]!)) + 1);
      const nx = f32(f32(f32(x * r1[0]!) + f32(y * r1[1]!)) + r1[2]!);
      const ny = f32(f32(f32(x * r1[3]!) + f32(y * r1[4]!)) + r1[5]!);
      gx[i * ow + j] = f32(f32(nx / den) - 1);
      gy[i * ow + j] = f32(f32(ny / den) - 1);
    }
  }
  return [gx, gy];
}

function checkPoints(points: unknown, name: string): number[][] {
  if (!Array.isArray(points) || points.length !== 4 || !points.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === 'number' && Number.isFinite(v)))) {
    throw new TypeError(`${name} must be four [x, y] points (top-left, top-right, bottom-right, bottom-left), got ${describeValue(points)}`);
  }
  return points as number[][];
}

/**
 * Perspective warp taking the four `startpoints` to `endpoints` (torchvision `F.perspective` on a tensor),
 * each `[[x, y] x 4]` in the order top-left, top-right, bottom-right, bottom-left. Targets as
 * {@link perspectiveWithCoeffs}.
 *
 * @example
 * ```ts
 * const p = perspective(img, [[0, 0], [31, 0], [31, 31], [0, 31]], [[3, 2], [29, 0], [31, 28], [1, 31]]);
 * ```
 */
export function perspective(img: Image, startpoints: number[][], endpoints: number[][], options?: WarpOptions): Image;
export function perspective<T extends Target>(input: T, startpoints: number[][], endpoints: number[][], options?: WarpOptions): T;
export function perspective(input: Image | Target, startpoints: number[][], endpoints: number[][], options?: WarpOptions): Image | Target;
export function perspective(input: Image | Target, startpoints: number[][], endpoints: number[][], options: WarpOptions = {}): Image | Target {
  checkKernelOptions(options, 'WarpOptions', 'perspective');
  if (!hasKind(input)) assertImage(input as Image);
  const coeffs = perspectiveCoeffs(checkPoints(startpoints, 'startpoints'), checkPoints(endpoints, 'endpoints'));
  return perspectiveWithCoeffs(input, coeffs, options);
}

/**
 * {@link perspective} from the 8 coefficients of `_get_perspective_coeffs` (torchvision `F_t.perspective`;
 * they map output points to input points). Masks: nearest, `fill` one number (default 0). Bounding boxes:
 * the enclosing box of the corners through the inverse map, clamped (v2's `perspective_bounding_boxes`); key
 * points mapped, not clamped.
 *
 * @example
 * ```ts
 * const p = perspectiveWithCoeffs(img, [1, 0.1, 0, 0, 1, 0, 0.001, 0]);
 * ```
 */
export function perspectiveWithCoeffs(img: Image, coeffs: readonly number[], options?: WarpOptions): Image;
export function perspectiveWithCoeffs<T extends Target>(input: T, coeffs: readonly number[], options?: WarpOptions): T;
export function perspectiveWithCoeffs(input: Image | Target, coeffs: readonly number[], options?: WarpOptions): Image | Target;
export function perspectiveWithCoeffs(input: Image | Target, coeffs: readonly number[], options: WarpOptions = {}): Image | Target {
  checkKernelOptions(options, 'WarpOptions', 'perspectiveWithCoeffs');
  if (!hasKind(input)) return perspectiveImage(input as Image, coeffs, options);
  const t = checkTarget(input, 'perspective');
  if (!Array.isArray(coeffs) || coeffs.length !== 8 || !coeffs.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new TypeError(`coeffs must be 8 finite numbers, got ${describeValue(coeffs)}`);
  }
  if (t.kind === 'mask') {
    const fill = maskFill(options.fill, 'perspective');
    return mapMaskPlanes(t, (p) => perspectiveImage(p, coeffs, { interpolation: 'nearest', fill }));
  }
  return t.kind === 'boundingBoxes' ? perspectiveBoundingBoxes(t, coeffs) : perspectiveKeyPoints(t, coeffs);
}

/** {@link perspectiveWithCoeffs} of an image (the image kernel itself). @example `perspectiveImage(img, coeffs)` */
export function perspectiveImage(img: Image, coeffs: readonly number[], options: WarpOptions = {}): Image {
  assertImage(img);
  if (!Array.isArray(coeffs) || coeffs.length !== 8) throw new TypeError(`coeffs must be 8 numbers, got ${describeValue(coeffs)}`);
  const interpolation = checkGridInterpolation(options.interpolation ?? 'bilinear');
  const fill = checkFill(options.fill, img.channels, img.data instanceof Uint8Array);
  const { height: h, width: w } = img;
  const [gx, gy] = perspectiveGrid(coeffs, w, h);
  return gridSample(img, gx, gy, h, w, interpolation, fill);
}
