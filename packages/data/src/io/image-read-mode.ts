import { describeValue } from '@aug/internal';

/**
 * How {@link decodeImage} / {@link readImage} lay out the decoded channels, as torchvision's
 * `ImageReadMode` (read through PIL's `Image.convert`):
 * - `'unchanged'`: the file's own channels: 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA); a palette
 *   image expands to RGB, or to RGBA when it has transparency (a `tRNS` chunk).
 * - `'gray'`: 1 channel, PIL's `convert('L')` (ITU-R 601-2 luma with PIL's integer rounding; alpha ignored).
 * - `'gray-alpha'`: 2 channels, PIL's `convert('LA')` (alpha 255 when the file has none).
 * - `'rgb'`: 3 channels, PIL's `convert('RGB')` (gray replicated, palette expanded, alpha dropped without
 *   compositing).
 * - `'rgba'`: 4 channels, PIL's `convert('RGBA')` (alpha 255 when the file has none).
 */
export type ImageReadMode = 'unchanged' | 'gray' | 'gray-alpha' | 'rgb' | 'rgba';

const MODES: readonly ImageReadMode[] = ['unchanged', 'gray', 'gray-alpha', 'rgb', 'rgba'];

/** Channels per mode (`'unchanged'` is decided by the file). */
export const MODE_CHANNELS: Readonly<Record<Exclude<ImageReadMode, 'unchanged'>, 1 | 2 | 3 | 4>> = {
  gray: 1,
  'gray-alpha': 2,
  rgb: 3,
  rgba: 4,
};

/**
 * Throws a TypeError unless `mode` is one of the five read modes.
 *
 * @example
 * ```ts
 * assertReadMode('bgr'); // TypeError: options.mode must be one of 'unchanged', 'gray', ...
 * ```
 */
export function assertReadMode(mode: unknown, name = 'options.mode'): asserts mode is ImageReadMode {
  if (!MODES.includes(mode as ImageReadMode)) {
    throw new TypeError(`${name} must be one of ${MODES.map((m) => `'${m}'`).join(', ')}, got ${describeValue(mode)}`);
  }
}
