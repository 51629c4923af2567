import { describeValue } from '@aug/internal';
import type { GridInterpolation } from '../kernels/grid-sample.js';
import { checkGridInterpolation } from '../kernels/grid-sample.js';

/** torchvision's `_setup_angle`: a non-negative number `d` means `[-d, d]`; else a `[min, max]` pair (or 4 values for shear). */
export function setupAngle(v: unknown, name: string, sizes: readonly number[] = [2]): number[] {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError(`${name} must be a finite number or a sequence, got ${describeValue(v)}`);
    if (v < 0) throw new RangeError(`If ${name} is a single number, it must be positive, got ${describeValue(v)}`);
    return [-v, v];
  }
  if (!Array.isArray(v) || !sizes.includes(v.length) || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new TypeError(`${name} must be a number or a sequence of ${sizes.join(' or ')} finite numbers, got ${describeValue(v)}`);
  }
  for (let i = 0; i < v.length; i += 2) {
    if ((v[i] as number) > (v[i + 1] as number)) throw new RangeError(`${name} must be [min, max] pairs with min <= max, got ${describeValue(v)}`);
  }
  return [...(v as number[])];
}

/** Checks a class `fill` option: a number or one number per channel (torchvision's default 0). */
export function checkFillOption(fill: unknown, name = 'fill'): number | number[] {
  if (typeof fill === 'number' && Number.isFinite(fill)) return fill;
  if (Array.isArray(fill) && fill.length > 0 && fill.every((v) => typeof v === 'number' && Number.isFinite(v))) return [...(fill as number[])];
  throw new TypeError(`${name} must be a number or one number per channel, got ${describeValue(fill)}`);
}

/** Checks an optional `fill` (undefined/null = torchvision's `None`). */
export function checkOptionalFill(fill: unknown, name = 'fill'): number | number[] | null {
  return fill === undefined || fill === null ? null : checkFillOption(fill, name);
}

/** Checks an interpolation option of a grid transform, with its torchvision default. */
export function gridInterpolation(v: unknown, fallback: GridInterpolation): GridInterpolation {
  return checkGridInterpolation(v ?? fallback);
}

