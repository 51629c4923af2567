import { describeValue } from '@aug/internal';
import type { GridInterpolation } from './grid-sample.js';

/** Options of {@link perspective} and {@link elasticTransform}. */
export interface WarpOptions {
  /** Default `'bilinear'`, as torchvision. */
  interpolation?: GridInterpolation;
  /** See `RotateOptions.fill` (the `rotate` kernel). */
  fill?: number | number[];
}

/**
 * A mask's `fill` (torchvision v2's mask kernels pass one number through; `undefined` = 0): an integer in 0..255.
 */
export function maskFill(fill: unknown, kernel: string): number | undefined {
  // `[v]` is the one-channel form of `v`.
  if (fill === undefined || fill === null) return undefined;
  if (Array.isArray(fill) && fill.length === 1) fill = fill[0];
  if (typeof fill !== 'number' || !Number.isInteger(fill) || fill < 0 || fill > 255) {
    throw new TypeError(`${kernel}: a mask takes one fill number, an integer in 0..255 (default 0), got ${describeValue(fill)}`);
  }
  return fill;
}
