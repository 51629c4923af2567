/**
 * The functional kernels: pure, deterministic functions on {@link Image}s, named after torchvision's
 * `transforms.functional` (camelCase). Also exported as `functional` from `@aug/transforms`.
 *
 * On float images they equal torchvision's tensor ops (tested against torchvision 0.14 within 1e-5);
 * on uint8 images the result is the float result times 255, rounded to nearest and clamped to 0..255.
 *
 * @example
 * ```ts
 * import { hflip, resizedCrop, adjustHue } from '@aug/transforms/functional';
 * const out = adjustHue(resizedCrop(hflip(img), 2, 2, 20, 20, [32, 32]), 0.1);
 * ```
 */
export { assertImage } from './image.js';
export { hflip, vflip } from './kernels/flip.js';
export { crop, centerCrop } from './kernels/crop.js';
export { resize, resizedCrop } from './kernels/resize.js';
export type { Interpolation, ResizeOptions } from './kernels/resize.js';
export { invert, posterize, solarize, adjustGamma } from './kernels/point-ops.js';
export { autocontrast } from './kernels/autocontrast.js';
export { equalize } from './kernels/equalize.js';
export { gaussianBlur, adjustSharpness } from './kernels/blur.js';
export { erase } from './kernels/erase.js';
export { fiveCrop, tenCrop } from './kernels/multi-crop.js';
export type { TenCropOptions } from './kernels/multi-crop.js';
export { convertImageDtype } from './kernels/dtype.js';
export type { ImageDtype } from './kernels/dtype.js';
export { rotate, affine } from './kernels/affine.js';
export { perspective, perspectiveWithCoeffs } from './kernels/perspective.js';
export { elasticTransform } from './kernels/elastic.js';
export type { RotateOptions, AffineOptions } from './kernels/affine.js';
export type { WarpOptions } from './kernels/warp-options.js';
export type { GridInterpolation } from './kernels/grid-sample.js';
export { pad } from './kernels/pad.js';
export type { Padding, PaddingMode, PadOptions } from './kernels/pad.js';
export { adjustBrightness, adjustContrast, adjustSaturation, rgbToGrayscale } from './kernels/color.js';
export { adjustHue } from './kernels/hue.js';
export { normalize } from './kernels/normalize.js';
export { toTensor } from './kernels/to-tensor.js';
export type {
  BoundingBoxes, BoundingBoxFormat, BoundingBoxesOptions, Mask, KeyPoints, KeyPointsOptions, Target, TargetKind, CanvasSize,
} from './targets/index.js';
export {
  boundingBoxes, mask, keyPoints, isBoundingBoxes, isMask, isKeyPoints, isTarget,
  convertBoundingBoxFormat, clampBoundingBoxes,
  boundingBoxesFromCoco, boundingBoxesToCoco, boundingBoxesFromVoc, boundingBoxesToVoc, boundingBoxesFromYolo, boundingBoxesToYolo,
} from './targets/index.js';
