import { describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import type { Interpolation } from '../kernels/resize.js';
import { checkInterpolation, resize } from '../kernels/resize.js';
import { resizeGeometry } from '../sample/geometries.js';
import type { TargetGeometry } from '../sample/target-geometry.js';
import { RandomTransform } from './random-transform.js';

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

/**
 * What torchvision v2's random resizes share: `makeParams` draws the output `[height, width]`, then the image
 * and the targets are resized to it.
 * @example `class RandomResize extends RandomResizeTransform { ... }`
 */
export abstract class RandomResizeTransform extends RandomTransform<[number, number]> {
  abstract readonly interpolation: Interpolation;
  abstract readonly antialias: boolean;

  protected transformImage(img: Image, size: [number, number]): Image {
    return resize(img, size, { interpolation: this.interpolation, antialias: this.antialias });
  }

  protected override geometry(size: [number, number], from: [number, number]): TargetGeometry {
    return resizeGeometry(from, size);
  }
}
