import type { Image } from '../image.js';
import { hflip, vflip } from '../kernels/flip.js';
import { centerCrop, crop } from '../kernels/crop.js';
import { pad } from '../kernels/pad.js';
import type { PaddingMode } from '../kernels/pad.js';
import { resize, resizedCrop } from '../kernels/resize.js';
import { affine, affineOutputSize, inverseAffineMatrix, rotate } from '../kernels/affine.js';
import { elasticTransform } from '../kernels/elastic.js';
import { perspective } from '../kernels/perspective.js';
import { roundHalfEven } from '../kernels/pixels.js';
import type { TargetGeometry } from './target-geometry.js';
import { cropInto, hflipInto, hflipPlane, isPlane, vflipInto, vflipPlane, zeroPadInto, zeroPadPlane } from './mask-kernels.js';

/*
 * The geometry of each geometric operation, for targets: boxes and key points through the functional kernels
 * (torchvision v2's target kernels) with the image's parameters; mask instances through the image kernels
 * with nearest sampling and fill 0, or through a row-copy fast path (flips, crops, zero padding).
 */

type Size = readonly [number, number];

/** `hflip`. @example `hflipGeometry([h, w])` */
export function hflipGeometry([h, w]: Size): TargetGeometry {
  return { canvas: [h, w], boxes: hflip, keyPoints: hflip, mask: (m) => (isPlane(m) ? hflipPlane(m) : hflip(m)), maskInto: hflipInto };
}

/** `vflip`. @example `vflipGeometry([h, w])` */
export function vflipGeometry([h, w]: Size): TargetGeometry {
  return { canvas: [h, w], boxes: vflip, keyPoints: vflip, mask: (m) => (isPlane(m) ? vflipPlane(m) : vflip(m)), maskInto: vflipInto };
}

/** `crop(top, left, height, width)`: boxes shifted and clamped to the crop. @example `cropGeometry(4, 4, 24, 24)` */
export function cropGeometry(top: number, left: number, height: number, width: number): TargetGeometry {
  return {
    canvas: [height, width],
    boxes: (b) => crop(b, top, left, height, width),
    keyPoints: (k) => crop(k, top, left, height, width),
    mask: (m: Image) => crop(m, top, left, height, width),
    maskInto: cropInto(top, left, height, width),
  };
}

/** `centerCrop(size)` on an `h` x `w` canvas (padding first when smaller, as the kernel). @example `centerCropGeometry([32, 32], [24, 24])` */
export function centerCropGeometry([h, w]: Size, [ch, cw]: Size): TargetGeometry {
  const off = (dim: number, size: number) => (size > dim ? -Math.floor((size - dim) / 2) : roundHalfEven((dim - size) / 2));
  const g = cropGeometry(off(h, ch), off(w, cw), ch, cw);
  return { ...g, mask: (m) => centerCrop(m, [ch, cw]) };
}

/** `pad([left, top, right, bottom], mode)`. Boxes only with constant padding (as torchvision v2). @example `padGeometry([h, w], [4, 4, 4, 4], 'constant')` */
export function padGeometry([h, w]: Size, [l, t, r, b]: readonly [number, number, number, number], mode: PaddingMode): TargetGeometry {
  const zero = mode === 'constant' && l >= 0 && t >= 0 && r >= 0 && b >= 0;
  return {
    canvas: [h + t + b, w + l + r],
    boxes: (x) => pad(x, [l, t, r, b]),
    keyPoints: (x) => pad(x, [l, t, r, b]),
    mask: (m) => (zero && isPlane(m) ? zeroPadPlane(m, [l, t, r, b]) : pad(m, [l, t, r, b], { fill: 0, mode })),
    maskInto: zero ? zeroPadInto([l, t, r, b]) : undefined,
    boxesError: mode === 'constant' ? undefined : `padding mode '${mode}' cannot move bounding boxes (torchvision v2 allows only 'constant' with boxes)`,
  };
}

/** `resize` to `[oh, ow]`. @example `resizeGeometry([h, w], [oh, ow])` */
export function resizeGeometry(_size: Size, [oh, ow]: Size): TargetGeometry {
  return {
    canvas: [oh, ow],
    boxes: (b) => resize(b, [oh, ow]),
    keyPoints: (k) => resize(k, [oh, ow]),
    mask: (m) => resize(m, [oh, ow], { interpolation: 'nearest' }),
  };
}

/** `resizedCrop(top, left, height, width, [oh, ow])`. @example `resizedCropGeometry(0, 0, 16, 16, [32, 32])` */
export function resizedCropGeometry(top: number, left: number, height: number, width: number, [oh, ow]: Size): TargetGeometry {
  return {
    canvas: [oh, ow],
    boxes: (b) => resizedCrop(b, top, left, height, width, [oh, ow]),
    keyPoints: (k) => resizedCrop(k, top, left, height, width, [oh, ow]),
    mask: (m) => resizedCrop(m, top, left, height, width, [oh, ow], { interpolation: 'nearest' }),
  };
}

/** `rotate(angle, { expand, center })` (the output canvas as the kernel computes it). @example `rotateGeometry([h, w], 30, false, null)` */
export function rotateGeometry([h, w]: Size, angle: number, expand: boolean, center: readonly [number, number] | null): TargetGeometry {
  const c: [number, number] | undefined = center === null ? undefined : [center[0], center[1]];
  const rel: [number, number] = center === null ? [0, 0] : [center[0] - w * 0.5, center[1] - h * 0.5];
  const [ow, oh] = expand ? affineOutputSize(inverseAffineMatrix(rel, -angle, [0, 0], 1, [0, 0]), w, h) : [w, h];
  return {
    canvas: [oh, ow],
    boxes: (b) => rotate(b, angle, { expand, center: c }),
    keyPoints: (k) => rotate(k, angle, { expand, center: c }),
    mask: (m) => rotate(m, angle, { interpolation: 'nearest', expand, center: c }),
  };
}

/** `affine(angle, translate, scale, shear, { center })`. @example `affineGeometry([h, w], 10, [2, 0], 1, [0, 0], null)` */
export function affineGeometry(
  [h, w]: Size,
  angle: number,
  translate: [number, number],
  scale: number,
  shear: [number, number],
  center: readonly [number, number] | null,
): TargetGeometry {
  const c: [number, number] | undefined = center === null ? undefined : [center[0], center[1]];
  return {
    canvas: [h, w],
    boxes: (b) => affine(b, angle, translate, scale, shear, { center: c }),
    keyPoints: (k) => affine(k, angle, translate, scale, shear, { center: c }),
    mask: (m) => affine(m, angle, translate, scale, shear, { interpolation: 'nearest', center: c }),
  };
}

/** `perspective(startpoints, endpoints)`. @example `perspectiveGeometry([h, w], start, end)` */
export function perspectiveGeometry([h, w]: Size, startpoints: number[][], endpoints: number[][]): TargetGeometry {
  return {
    canvas: [h, w],
    boxes: (b) => perspective(b, startpoints, endpoints),
    keyPoints: (k) => perspective(k, startpoints, endpoints),
    mask: (m) => perspective(m, startpoints, endpoints, { interpolation: 'nearest' }),
  };
}

/** `elasticTransform(displacement)` (boxes by v2's approximate inverse). @example `elasticGeometry([h, w], d)` */
export function elasticGeometry([h, w]: Size, displacement: Float32Array): TargetGeometry {
  return {
    canvas: [h, w],
    boxes: (b) => elasticTransform(b, displacement),
    keyPoints: (k) => elasticTransform(k, displacement),
    mask: (m) => elasticTransform(m, displacement, { interpolation: 'nearest' }),
  };
}
