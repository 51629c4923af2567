import { describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { linspace32 } from '../kernels/blur.js';
import { adjustSharpness } from '../kernels/blur.js';
import { autocontrast } from '../kernels/autocontrast.js';
import { adjustBrightness, adjustContrast, adjustSaturation } from '../kernels/color.js';
import { equalize } from '../kernels/equalize.js';
import { affine, rotate } from '../kernels/affine.js';
import type { GridInterpolation } from '../kernels/grid-sample.js';
import { invert, posterize, solarize } from '../kernels/point-ops.js';
import { roundHalfEven } from '../kernels/pixels.js';

/** The operations of torchvision's auto-augment family (`_apply_op`). */
export type AugmentOpName =
  | 'Identity'
  | 'ShearX'
  | 'ShearY'
  | 'TranslateX'
  | 'TranslateY'
  | 'Rotate'
  | 'Brightness'
  | 'Color'
  | 'Contrast'
  | 'Sharpness'
  | 'Posterize'
  | 'Solarize'
  | 'AutoContrast'
  | 'Equalize'
  | 'Invert';

/** One entry of an augmentation space: the magnitude bins (null: the op takes none) and whether the sign is random. */
export interface AugmentOpSpec {
  name: AugmentOpName;
  magnitudes: Float32Array | null;
  signed: boolean;
}

const degrees = (r: number) => (r * 180) / Math.PI;

/**
 * torchvision's `_apply_op`: one operation with a magnitude on a uint8 (or float, for the ops that allow it)
 * image. Shears use `atan(magnitude)` in degrees about the top-left corner; translations truncate the
 * magnitude to whole pixels; colour ops use `1 + magnitude`.
 *
 * @example
 * ```ts
 * const out = applyOp(img, 'Rotate', 12.5, 'nearest', null);
 * ```
 */
export function applyOp(img: Image, name: AugmentOpName, magnitude: number, interpolation: GridInterpolation, fill: number[] | null): Image {
  const f = fill ?? undefined;
  switch (name) {
    case 'ShearX':
      return affine(img, 0, [0, 0], 1, [degrees(Math.atan(magnitude)), 0], { interpolation, fill: f, center: [0, 0] });
    case 'ShearY':
      return affine(img, 0, [0, 0], 1, [0, degrees(Math.atan(magnitude))], { interpolation, fill: f, center: [0, 0] });
    case 'TranslateX':
      return affine(img, 0, [Math.trunc(magnitude), 0], 1, [0, 0], { interpolation, fill: f });
    case 'TranslateY':
      return affine(img, 0, [0, Math.trunc(magnitude)], 1, [0, 0], { interpolation, fill: f });
    case 'Rotate':
      return rotate(img, magnitude, { interpolation, fill: f });
    case 'Brightness':
      return adjustBrightness(img, 1 + magnitude);
    case 'Color':
      return adjustSaturation(img, 1 + magnitude);
    case 'Contrast':
      return adjustContrast(img, 1 + magnitude);
    case 'Sharpness':
      return adjustSharpness(img, 1 + magnitude);
    case 'Posterize':
      return posterize(img, Math.trunc(magnitude));
    case 'Solarize':
      return solarize(img, magnitude);
    case 'AutoContrast':
      return autocontrast(img);
    case 'Equalize':
      return equalize(img);
    case 'Invert':
      return invert(img);
    case 'Identity':
      return img;
    default:
      throw new TypeError(`The provided operator ${describeValue(name)} is not recognized.`);
  }
}

const lin = (end: number, bins: number) => linspace32(0, end, bins);

/** `top - round(arange(bins) / ((bins - 1) / span))` in float32, torch's rounding (half to even): the Posterize bins. */
function posterizeBins(top: number, span: number, bins: number): Float32Array {
  const d = Math.fround((bins - 1) / span);
  return Float32Array.from({ length: bins }, (_, i) => top - roundHalfEven(Math.fround(i / d)));
}

const op = (name: AugmentOpName, magnitudes: Float32Array | null, signed: boolean): AugmentOpSpec => ({ name, magnitudes, signed });

/** The geometric and colour ops shared by AutoAugment and RandAugment (from ShearX to AutoContrast and Equalize). */
function commonSpace(bins: number, height: number, width: number): AugmentOpSpec[] {
  return [
    op('ShearX', lin(0.3, bins), true),
    op('ShearY', lin(0.3, bins), true),
    op('TranslateX', lin((150 / 331) * width, bins), true),
    op('TranslateY', lin((150 / 331) * height, bins), true),
    op('Rotate', lin(30, bins), true),
    op('Brightness', lin(0.9, bins), true),
    op('Color', lin(0.9, bins), true),
    op('Contrast', lin(0.9, bins), true),
    op('Sharpness', lin(0.9, bins), true),
    op('Posterize', posterizeBins(8, 4, bins), false),
    op('Solarize', linspace32(255, 0, bins), false),
    op('AutoContrast', null, false),
    op('Equalize', null, false),
  ];
}

/** AutoAugment's `_augmentation_space(num_bins, (height, width))`, in torchvision's order. @example `autoAugmentSpace(10, 32, 32)` */
export function autoAugmentSpace(bins: number, height: number, width: number): AugmentOpSpec[] {
  return [...commonSpace(bins, height, width), op('Invert', null, false)];
}

/** RandAugment's `_augmentation_space`, in torchvision's order (Identity first, no Invert). @example `randAugmentSpace(31, 32, 32)` */
export function randAugmentSpace(bins: number, height: number, width: number): AugmentOpSpec[] {
  return [op('Identity', null, false), ...commonSpace(bins, height, width)];
}

/** TrivialAugmentWide's wide `_augmentation_space`, in torchvision's order. @example `trivialAugmentWideSpace(31)` */
export function trivialAugmentWideSpace(bins: number): AugmentOpSpec[] {
  return [
    op('Identity', null, false),
    op('ShearX', lin(0.99, bins), true),
    op('ShearY', lin(0.99, bins), true),
    op('TranslateX', lin(32, bins), true),
    op('TranslateY', lin(32, bins), true),
    op('Rotate', lin(135, bins), true),
    op('Brightness', lin(0.99, bins), true),
    op('Color', lin(0.99, bins), true),
    op('Contrast', lin(0.99, bins), true),
    op('Sharpness', lin(0.99, bins), true),
    op('Posterize', posterizeBins(8, 6, bins), false),
    op('Solarize', linspace32(255, 0, bins), false),
    op('AutoContrast', null, false),
    op('Equalize', null, false),
  ];
}

/** AugMix's `_augmentation_space` (the colour ops Brightness..Sharpness only with `allOps`), in torchvision's order. @example `augMixSpace(10, 32, 32, true)` */
export function augMixSpace(bins: number, height: number, width: number, allOps: boolean): AugmentOpSpec[] {
  const s = [
    op('ShearX', lin(0.3, bins), true),
    op('ShearY', lin(0.3, bins), true),
    op('TranslateX', lin(width / 3, bins), true),
    op('TranslateY', lin(height / 3, bins), true),
    op('Rotate', lin(30, bins), true),
    op('Posterize', posterizeBins(4, 4, bins), false),
    op('Solarize', linspace32(255, 0, bins), false),
    op('AutoContrast', null, false),
    op('Equalize', null, false),
  ];
  if (allOps) s.push(op('Brightness', lin(0.9, bins), true), op('Color', lin(0.9, bins), true), op('Contrast', lin(0.9, bins), true), op('Sharpness', lin(0.9, bins), true));
  return s;
}

/** Checks that an image suits the auto-augment ops (uint8, 1 or 3 channels), as torchvision's tensor path needs. */
export function checkAugmentImage(img: Image, where: string): void {
  if (!(img.data instanceof Uint8Array)) {
    throw new TypeError(`${where} needs a uint8 image (Uint8Array 0..255), as torchvision's Posterize/Solarize/Equalize do: put it before ToTensor`);
  }
  if (img.channels !== 1 && img.channels !== 3) throw new RangeError(`${where} needs 1 or 3 channels, got img.channels = ${img.channels}`);
}

/** Expands a `fill` option to one [0..255] value per channel (torchvision: `[float(fill)] * channels`), or null. */
export function fillFor(fill: number | number[] | null, channels: number): number[] | null {
  if (fill === null) return null;
  return typeof fill === 'number' ? new Array<number>(channels).fill(fill) : fill;
}
