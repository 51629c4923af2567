/**
 * Argument checks shared by the kernels and transform classes. Every message names the argument,
 * the bad value and what is accepted, as torchvision's `ValueError`s do (aug throws `RangeError` for a
 * bad value and `TypeError` for a bad type). Integer checks and value formatting are `@aug/internal`'s.
 */
import type { Rng } from './rng.js';
import { assertPositiveInteger, checkOptions as checkOptionKeys, describeValue } from '@aug/internal';

/** Checks a probability in [0, 1]. */
export function checkProbability(p: unknown, name = 'p'): number {
  if (typeof p !== 'number' || Number.isNaN(p)) throw new TypeError(`${name} must be a number in [0, 1], got ${describeValue(p)}`);
  if (p < 0 || p > 1) throw new RangeError(`${name} must be a probability in [0, 1], got ${describeValue(p)}`);
  return p;
}

/** Checks a finite number. */
export function checkNumber(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${name} must be a finite number, got ${describeValue(v)}`);
  return v;
}

/** Checks a non-negative finite number. */
export function checkNonNegative(v: unknown, name: string): number {
  checkNumber(v, name);
  if ((v as number) < 0) throw new RangeError(`${name} must be non-negative, got ${describeValue(v)}`);
  return v as number;
}

/**
 * A size argument as torchvision's `_setup_size`: a number `s` or `[s]` means `[s, s]`, `[h, w]` is kept.
 * Both must be positive integers.
 */
export function checkSize(size: unknown, name = 'size'): [number, number] {
  if (typeof size === 'number') {
    assertPositiveInteger(size, name);
    return [size, size];
  }
  if (Array.isArray(size) && (size.length === 1 || size.length === 2)) {
    const h = assertPositiveInteger(size[0], `${name}[0]`);
    const w = size.length === 2 ? assertPositiveInteger(size[1], `${name}[1]`) : h;
    return [h, w];
  }
  throw new TypeError(`${name} must be a positive integer or [height, width], got ${describeValue(size)}`);
}

/** Checks a `[min, max]` pair of finite numbers with min <= max (and both > 0 when `positive`). */
export function checkRange(v: unknown, name: string, positive = false): [number, number] {
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new TypeError(`${name} must be a [min, max] pair of finite numbers, got ${describeValue(v)}`);
  }
  const [lo, hi] = v as [number, number];
  if (positive && (lo <= 0 || hi <= 0)) throw new RangeError(`${name} values must be positive, got ${describeValue(v)}`);
  if (lo > hi) throw new RangeError(`${name} must be [min, max] with min <= max, got ${describeValue(v)}`);
  return [lo, hi];
}

/** Checks that an image has one of the allowed channel counts. */
export function checkChannels(channels: number, allowed: readonly number[], name = 'img'): void {
  if (!allowed.includes(channels)) {
    throw new RangeError(`${name}.channels must be ${allowed.join(' or ')} for this operation, got ${channels}`);
  }
}

/** Throws the TypeError every random transform gives when called without a generator. */
export function checkRng(rng: unknown, where: string): asserts rng is Rng {
  if (rng === null || typeof rng !== 'object' || typeof (rng as { next?: unknown }).next !== 'function') {
    throw new TypeError(
      `${where} is random and needs a generator: call it as apply(img, rng) with rng = createRng(seed) (got ${describeValue(rng)})`,
    );
  }
}

/**
 * Checks an options object with `@aug/internal`'s `checkOptions` (the one check of every package):
 * `undefined` means `{}`; anything but a plain object is a TypeError; a key outside `known` is a TypeError
 * naming it, the nearest known key and all of them (a misspelt option must not be ignored).
 */
export function checkOptions<T extends object>(options: T | undefined, known: readonly string[], where: string): T {
  checkOptionKeys(options, known, where);
  return options ?? ({} as T);
}

/** Checks a finite number >= `min` (and <= `max`). */
export function checkBetween(v: unknown, name: string, min: number, max = Infinity): number {
  checkNumber(v, name);
  if ((v as number) < min || (v as number) > max) {
    throw new RangeError(`${name} must be in [${min}, ${max === Infinity ? '∞' : max}], got ${describeValue(v)}`);
  }
  return v as number;
}

/** The most values (height * width * channels) an image made by a kernel may have: 2^28 (1 GiB as float32). */
export const MAX_IMAGE_VALUES = 2 ** 28;

/** Checks that an output image of `height` x `width` x `channels` can be allocated, naming the argument that sized it. */
export function checkOutputSize(height: number, width: number, channels: number, name: string, value: unknown): void {
  const n = height * width * channels;
  if (n > MAX_IMAGE_VALUES) {
    throw new RangeError(
      `${name} ${describeValue(value)} gives a ${height}x${width}x${channels} image (${n} values), more than the ${MAX_IMAGE_VALUES} (2^28) an image may hold: use a smaller ${name}`,
    );
  }
}

/** Checks an optional `center` `[x, y]`. */
export function checkCenter(center: unknown): [number, number] | null {
  if (center === undefined || center === null) return null;
  if (!Array.isArray(center) || center.length !== 2 || !center.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new TypeError(`center must be [x, y] in pixels, got ${describeValue(center)}`);
  }
  return [center[0] as number, center[1] as number];
}
