import { checkOptions, optionKeys } from '@aug/internal';
import type { AffineOptions, RotateOptions } from './kernels/affine.js';
import type { WarpOptions } from './kernels/warp-options.js';
import type { TenCropOptions } from './kernels/multi-crop.js';
import type { PadOptions } from './kernels/pad.js';
import type { ResizeOptions } from './kernels/resize.js';
import type { BoundingBoxesOptions } from './targets/bounding-boxes.js';
import type { KeyPointsOptions } from './targets/key-points.js';

/**
 * The keys of the options of the functional kernels and the target constructors, by type name; the
 * compiler checks each list against its interface (a key added to an interface and not here fails to
 * compile). (The transform classes check theirs in their constructors, which `transformFromJSON` runs too.)
 */
export const KERNEL_OPTION_KEYS = {
  ResizeOptions: optionKeys<ResizeOptions>({ interpolation: true, antialias: true }),
  PadOptions: optionKeys<PadOptions>({ fill: true, mode: true }),
  RotateOptions: optionKeys<RotateOptions>({ interpolation: true, expand: true, center: true, fill: true }),
  AffineOptions: optionKeys<AffineOptions>({ interpolation: true, fill: true, center: true }),
  WarpOptions: optionKeys<WarpOptions>({ interpolation: true, fill: true }),
  TenCropOptions: optionKeys<TenCropOptions>({ vertical: true }),
  BoundingBoxesOptions: optionKeys<BoundingBoxesOptions>({ format: true, canvasSize: true }),
  KeyPointsOptions: optionKeys<KeyPointsOptions>({ canvasSize: true }),
} as const;

/** Name of an options type of a functional kernel or target constructor. */
export type KernelOptionsTypeName = keyof typeof KERNEL_OPTION_KEYS;

/**
 * Throws a `TypeError` when `options` is not an object or holds a key that `type` does not have, naming the
 * key and the nearest valid one. Cheap (a handful of keys), so kernels called per image can afford it.
 * @example `checkKernelOptions(options, 'ResizeOptions', 'resize')`
 */
export function checkKernelOptions(options: unknown, type: KernelOptionsTypeName, where: string): void {
  checkOptions(options, KERNEL_OPTION_KEYS[type], where);
}
