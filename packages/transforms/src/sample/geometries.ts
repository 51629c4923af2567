import { hflip, vflip } from '../kernels/flip.js';
import { centerCrop, crop } from '../kernels/crop.js';
import { pad } from '../kernels/pad.js';
import type { PaddingMode } from '../kernels/pad.js';
import { resize, resizedCrop } from '../kernels/resize.js';
import { affineOutputSize, elasticTransform, inverseAffineMatrix, perspectiveCoeffs, perspectiveWithCoeffs, rotate, affine } from '../kernels/geometry.js';
import { roundHalfEven } from '../kernels/pixels.js';
import type { TargetGeometry } from './target-geometry.js';
import { cropInto, hflipInto, hflipPlane, isPlane, vflipInto, vflipPlane, zeroPadInto, zeroPadPlane } from './mask-kernels.js';

/*
 * The geometry of each geometric kernel, for targets: the same parameters as the image kernel, the points
 * moved forward in continuous pixel-edge coordinates, masks through the image kernel with nearest sampling
 * and fill 0. (Local helpers of the sample path: the functional kernels will take targets themselves.)
 */

type Size = readonly [number, number];

/** `hflip`: x -> W - x. @example `hflipGeometry([h, w])` */
export function hflipGeometry([h, w]: Size): TargetGeometry {
  return { canvas: [h, w], point: (x, y) => [w - x, y], mask: (m) => (isPlane(m) ? hflipPlane(m) : hflip(m)), maskInto: hflipInto, clamp: false };
}

/** `vflip`: y -> H - y. @example `vflipGeometry([h, w])` */
export function vflipGeometry([h, w]: Size): TargetGeometry {
  return { canvas: [h, w], point: (x, y) => [x, h - y], mask: (m) => (isPlane(m) ? vflipPlane(m) : vflip(m)), maskInto: vflipInto, clamp: false };
}

/** `crop(top, left, height, width)`: a shift, clamped to the crop. @example `cropGeometry(4, 4, 24, 24)` */
export function cropGeometry(top: number, left: number, height: number, width: number): TargetGeometry {
  return { canvas: [height, width], point: (x, y) => [x - left, y - top], mask: (m) => crop(m, top, left, height, width), maskInto: cropInto(top, left, height, width), clamp: true };
}

/** `centerCrop(size)` on an `h` x `w` canvas (padding first when smaller, as the kernel). @example `centerCropGeometry([32, 32], [24, 24])` */
export function centerCropGeometry([h, w]: Size, [ch, cw]: Size): TargetGeometry {
  const off = (dim: number, size: number) => (size > dim ? -Math.floor((size - dim) / 2) : roundHalfEven((dim - size) / 2));
  const top = off(h, ch);
  const left = off(w, cw);
  return { canvas: [ch, cw], point: (x, y) => [x - left, y - top], mask: (m) => centerCrop(m, [ch, cw]), clamp: true };
}

/** `pad([left, top, right, bottom], mode)`: a shift onto a larger canvas. Boxes only with constant padding (as torchvision v2). @example `padGeometry([h, w], [4, 4, 4, 4], 'constant')` */
export function padGeometry([h, w]: Size, [l, t, r, b]: readonly [number, number, number, number], mode: PaddingMode): TargetGeometry {
  return {
    canvas: [h + t + b, w + l + r],
    point: (x, y) => [x + l, y + t],
    mask: (m) => (mode === 'constant' && isPlane(m) && l >= 0 && t >= 0 && r >= 0 && b >= 0 ? zeroPadPlane(m, [l, t, r, b]) : pad(m, [l, t, r, b], { fill: 0, mode })),
    maskInto: mode === 'constant' && l >= 0 && t >= 0 && r >= 0 && b >= 0 ? zeroPadInto([l, t, r, b]) : undefined,
    clamp: false,
    boxesError: mode === 'constant' ? undefined : `padding mode '${mode}' cannot move bounding boxes (torchvision v2 allows only 'constant' with boxes)`,
  };
}

/** `resize` to `[oh, ow]`: a scale. @example `resizeGeometry([h, w], [oh, ow])` */
export function resizeGeometry([h, w]: Size, [oh, ow]: Size): TargetGeometry {
  const sx = ow / w;
  const sy = oh / h;
  return { canvas: [oh, ow], point: (x, y) => [x * sx, y * sy], mask: (m) => resize(m, [oh, ow], { interpolation: 'nearest' }), clamp: false };
}

/** `resizedCrop(top, left, height, width, [oh, ow])`. @example `resizedCropGeometry(0, 0, 16, 16, [32, 32])` */
export function resizedCropGeometry(top: number, left: number, height: number, width: number, [oh, ow]: Size): TargetGeometry {
  const sx = ow / width;
  const sy = oh / height;
  return {
    canvas: [oh, ow],
    point: (x, y) => [(x - left) * sx, (y - top) * sy],
    mask: (m) => resizedCrop(m, top, left, height, width, [oh, ow], { interpolation: 'nearest' }),
    clamp: true,
  };
}

/** Inverts the 2x3 map output->input of the affine kernels into input->output (points relative to the centres). */
function forwardAffine(m: readonly number[], [h, w]: Size, [oh, ow]: Size): (x: number, y: number) => [number, number] {
  const [a, b, c, d, e, f] = m as [number, number, number, number, number, number];
  const det = a * e - b * d;
  return (x, y) => {
    const u = x - w / 2 - c;
    const v = y - h / 2 - f;
    return [(e * u - b * v) / det + ow / 2, (-d * u + a * v) / det + oh / 2];
  };
}

/** `rotate(angle, { expand, center })`, the kernel's own matrix inverted. @example `rotateGeometry([h, w], 30, false, null)` */
export function rotateGeometry([h, w]: Size, angle: number, expand: boolean, center: readonly [number, number] | null): TargetGeometry {
  const c: [number, number] = center === null ? [0, 0] : [center[0] - w * 0.5, center[1] - h * 0.5];
  const matrix = inverseAffineMatrix(c, -angle, [0, 0], 1, [0, 0]);
  const [ow, oh] = expand ? affineOutputSize(matrix, w, h) : [w, h];
  return {
    canvas: [oh, ow],
    point: forwardAffine(matrix, [h, w], [oh, ow]),
    mask: (m) => rotate(m, angle, { interpolation: 'nearest', expand, center: center === null ? undefined : [center[0], center[1]] }),
    clamp: true,
  };
}

/** `affine(angle, translate, scale, shear, { center })`, the kernel's own matrix inverted. @example `affineGeometry([h, w], 10, [2, 0], 1, [0, 0], null)` */
export function affineGeometry(
  [h, w]: Size,
  angle: number,
  translate: [number, number],
  scale: number,
  shear: [number, number],
  center: readonly [number, number] | null,
): TargetGeometry {
  const c: [number, number] = center === null ? [0, 0] : [center[0] - w * 0.5, center[1] - h * 0.5];
  const matrix = inverseAffineMatrix(c, angle, translate, scale, shear);
  return {
    canvas: [h, w],
    point: forwardAffine(matrix, [h, w], [h, w]),
    mask: (m) => affine(m, angle, translate, scale, shear, { interpolation: 'nearest', center: center === null ? undefined : [center[0], center[1]] }),
    clamp: true,
  };
}

/** `perspective(startpoints, endpoints)`: points through the inverse of the image's homography. @example `perspectiveGeometry([h, w], start, end)` */
export function perspectiveGeometry([h, w]: Size, startpoints: number[][], endpoints: number[][]): TargetGeometry {
  const inv = perspectiveCoeffs(startpoints, endpoints);
  const fwd = perspectiveCoeffs(endpoints, startpoints);
  return {
    canvas: [h, w],
    point: (x, y) => {
      const den = fwd[6]! * x + fwd[7]! * y + 1;
      return [(fwd[0]! * x + fwd[1]! * y + fwd[2]!) / den, (fwd[3]! * x + fwd[4]! * y + fwd[5]!) / den];
    },
    mask: (m) => perspectiveWithCoeffs(m, inv, { interpolation: 'nearest' }),
    clamp: true,
  };
}

/**
 * `elasticTransform(displacement)`: a point moves by minus the displacement at its pixel (torchvision v2's
 * approximate inverse, `identity - displacement`, read at the point's own pixel).
 * @example `elasticGeometry([h, w], d)`
 */
export function elasticGeometry([h, w]: Size, displacement: Float32Array): TargetGeometry {
  return {
    canvas: [h, w],
    point: (x, y) => {
      const j = Math.min(Math.max(Math.floor(x), 0), w - 1);
      const i = Math.min(Math.max(Math.floor(y), 0), h - 1);
      const p = (i * w + j) * 2;
      return [x - (displacement[p]! * w) / 2, y - (displacement[p + 1]! * h) / 2];
    },
    mask: (m) => elasticTransform(m, displacement, { interpolation: 'nearest' }),
    clamp: true,
  };
}
