import { assertImage } from '../image.js';
import { describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { linspace32 } from './blur.js';
import { checkFill, checkGridInterpolation, gridSample } from './grid-sample.js';
import { checkTarget, hasKind } from '../targets/check-target.js';
import { elasticBoundingBoxes, elasticKeyPoints } from '../targets/geometry/warp.js';
import { mapMaskPlanes } from '../targets/mask-planes.js';
import type { Target } from '../targets/target.js';
import { checkKernelOptions } from '../option-keys.js';
import { maskFill } from './warp-options.js';
import type { WarpOptions } from './warp-options.js';

const f32 = Math.fround;

/**
 * Moves every pixel by a displacement field (torchvision `F.elastic_transform` on a tensor): `displacement`
 * holds `height * width * 2` values, `[dx, dy]` per pixel in normalised units (2 = the whole image), added to
 * the identity sampling grid. `ElasticTransform.getParams` draws torchvision's smoothed random field. Masks:
 * nearest, `fill` one number (default 0). Bounding boxes: each corner moved by minus the displacement at its
 * (rounded up) pixel, the enclosing box clamped (v2's `elastic_bounding_boxes`, an approximate inverse); key
 * points moved the same way, not clamped.
 *
 * @example
 * ```ts
 * const d = ElasticTransform.getParams([50, 50], [5, 5], [32, 32], rng);
 * const warped = elasticTransform(img, d, { fill: 0 });
 * ```
 */
export function elasticTransform(img: Image, displacement: Float32Array | readonly number[], options?: WarpOptions): Image;
export function elasticTransform<T extends Target>(input: T, displacement: Float32Array | readonly number[], options?: WarpOptions): T;
export function elasticTransform(input: Image | Target, displacement: Float32Array | readonly number[], options?: WarpOptions): Image | Target;
export function elasticTransform(input: Image | Target, displacement: Float32Array | readonly number[], options: WarpOptions = {}): Image | Target {
  checkKernelOptions(options, 'WarpOptions', 'elasticTransform');
  if (!hasKind(input)) return elasticImage(input as Image, displacement, options);
  const t = checkTarget(input, 'elasticTransform');
  const [h, w] = t.kind === 'mask' ? [t.height, t.width] : t.canvasSize;
  checkDisplacement(displacement, h, w);
  if (t.kind === 'mask') {
    const fill = maskFill(options.fill, 'elasticTransform');
    return mapMaskPlanes(t, (p) => elasticImage(p, displacement, { interpolation: 'nearest', fill }));
  }
  return t.kind === 'boundingBoxes' ? elasticBoundingBoxes(t, displacement) : elasticKeyPoints(t, displacement);
}

function checkDisplacement(displacement: unknown, h: number, w: number): void {
  if (displacement === null || typeof displacement !== 'object' || (displacement as ArrayLike<number>).length !== h * w * 2) {
    throw new RangeError(
      `displacement must hold height*width*2 = ${h * w * 2} values ([dx, dy] per pixel), got ${displacement === null || typeof displacement !== 'object' ? describeValue(displacement) : `${(displacement as ArrayLike<number>).length} values`}`,
    );
  }
}

/** {@link elasticTransform} of an image (the image kernel itself). @example `elasticImage(img, d)` */
export function elasticImage(img: Image, displacement: Float32Array | readonly number[], options: WarpOptions = {}): Image {
  assertImage(img);
  const { height: h, width: w } = img;
  if (displacement === null || typeof displacement !== 'object' || displacement.length !== h * w * 2) {
    throw new RangeError(
      `displacement must hold height*width*2 = ${h * w * 2} values ([dx, dy] per pixel), got ${displacement === null || typeof displacement !== 'object' ? describeValue(displacement) : `${displacement.length} values`}`,
    );
  }
  const interpolation = checkGridInterpolation(options.interpolation ?? 'bilinear');
  const fill = checkFill(options.fill, img.channels, img.data instanceof Uint8Array);
  const xs = linspace32((-w + 1) / w, (w - 1) / w, w);
  const ys = linspace32((-h + 1) / h, (h - 1) / h, h);
  const gx = new Float32Array(h * w);
  const gy = new Float32Array(h * w);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const p = i * w + j;
      gx[p] = f32(xs[j]! + f32(displacement[p * 2]!));
      gy[p] = f32(ys[i]! + f32(displacement[p * 2 + 1]!));
    }
  }
  return gridSample(img, gx, gy, h, w, interpolation, fill);
}
