import { describeValue } from '@aug/internal';
import type { Interpolation } from '../kernels/resize.js';
import { checkInterpolation } from '../kernels/resize.js';

/** The resize options of torchvision v2's random resizes (`interpolation`, `antialias`). */
export interface RandomResizeOptions {
  /** Default `'bilinear'`; also `'nearest'` and `'bicubic'`. */
  interpolation?: Interpolation;
  /** Default `true`, torchvision v2's default (antialias when shrinking with bilinear or bicubic). */
  antialias?: boolean;
}

/**
 * Checks `interpolation` and `antialias` with v2's defaults.
 * @example `checkResizeOptions({}) // { interpolation: 'bilinear', antialias: true }`
 */
export function checkResizeOptions(o: RandomResizeOptions): { interpolation: Interpolation; antialias: boolean } {
  const interpolation = checkInterpolation(o.interpolation ?? 'bilinear');
  const antialias = o.antialias ?? true;
  if (typeof antialias !== 'boolean') throw new TypeError(`antialias must be a boolean, got ${describeValue(antialias)}`);
  return { interpolation, antialias };
}
