import { describeValue } from '@aug/internal';
import type { Image, Mask } from '@aug/transforms';
import { canvasImage, toCanvas } from './draw-canvas.js';
import { resolveColors, type Color } from './draw-colors.js';
import { assertSameCanvas } from './draw-bounding-boxes.js';
import { checkOptionKeys } from './option-keys.js';

/**
 * Options of {@link drawSegmentationMasks} (torchvision's `draw_segmentation_masks` arguments).
 *
 * @example
 * ```ts
 * const options: DrawSegmentationMasksOptions = { alpha: 0.5, colors: ['red', 'blue'] };
 * ```
 */
export interface DrawSegmentationMasksOptions {
  /** Opacity of the masks in [0, 1] (default 0.8): 0 leaves the image, 1 paints the mask colour. */
  alpha?: number;
  /** One colour for all planes or one per plane; default torchvision's palette. */
  colors?: Color | readonly Color[];
}

/**
 * torchvision's `utils.draw_segmentation_masks`: paints each plane of `masks` (a pixel is set where the plane
 * is non-zero; later planes over earlier ones) in its colour, then blends with the image:
 * `out = img * (1 - alpha) + painted * alpha` in float32 and truncated to uint8, as torchvision computes it
 * (so an unmasked pixel can come out 1 lower than it went in, exactly as in torchvision). Returns a new
 * uint8 RGB `Image` (HWC); `image` (uint8 or float32 [0, 1], 1 or 3 channels) is not modified. The mask's
 * height and width must equal the image's.
 *
 * @example
 * ```ts
 * import { mask } from '@aug/transforms';
 * const m = mask(new Uint8Array(32 * 32).fill(1), 32, 32);
 * const out = drawSegmentationMasks(img, m, { alpha: 0.5, colors: 'blue' });
 * ```
 */
export function drawSegmentationMasks(image: Image, masks: Mask, options: DrawSegmentationMasksOptions = {}): Image {
  checkOptionKeys(options, 'DrawSegmentationMasksOptions', 'drawSegmentationMasks');
  if (masks === null || typeof masks !== 'object' || masks.kind !== 'mask') {
    throw new TypeError(`masks must be a Mask (mask(...) from @aug/transforms), got ${describeValue(masks)}`);
  }
  const canvas = toCanvas(image, 'image');
  assertSameCanvas('masks', masks.height, masks.width, image);
  const alpha = options.alpha ?? 0.8;
  if (typeof alpha !== 'number' || !(alpha >= 0 && alpha <= 1)) throw new RangeError(`alpha must be a number in [0, 1], got ${describeValue(alpha)}`);
  const colors = resolveColors(options.colors, masks.count, 'mask planes');
  if (masks.count === 0) return canvasImage(canvas);
  const n = canvas.height * canvas.width;
  const painted = new Uint8Array(canvas.data);
  for (let k = 0; k < masks.count; k++) {
    const color = colors[k]!;
    const plane = masks.data.subarray(k * n, (k + 1) * n);
    for (let p = 0; p < n; p++) {
      if (plane[p] !== 0) {
        painted[p * 3] = color[0];
        painted[p * 3 + 1] = color[1];
        painted[p * 3 + 2] = color[2];
      }
    }
  }
  // torch: uint8 tensor * python float -> float32 (the scalar cast to float32), sum in float32, .to(uint8) truncates.
  const f = Math.fround;
  const a = f(alpha);
  const b = f(1 - alpha);
  const out = canvas.data;
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.trunc(f(f(out[i]! * b) + f(painted[i]! * a)));
  }
  return canvasImage(canvas);
}
