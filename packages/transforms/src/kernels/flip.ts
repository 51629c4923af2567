import { assertImage } from '../image.js';
import type { Image } from '../image.js';
import { checkTarget, hasKind } from '../targets/check-target.js';
import { hflipBoundingBoxes, hflipKeyPoints, vflipBoundingBoxes, vflipKeyPoints } from '../targets/geometry/flip.js';
import { mapMaskPlanes } from '../targets/mask-planes.js';
import type { Target } from '../targets/target.js';
import { alloc } from './pixels.js';

/**
 * Flips left to right (torchvision v2 `F.horizontal_flip`): an image (uint8 or float), bounding boxes
 * (`x -> W - x`, torchvision v2's `horizontal_flip_bounding_boxes`), a mask (every plane flipped) or key
 * points (`x -> W - x`). Returns the same kind and never mutates its input.
 *
 * @example
 * ```ts
 * const mirrored = hflip(img);
 * const boxes = hflip(boundingBoxes([1, 2, 4, 6], { format: 'xyxy', canvasSize: [10, 10] })); // [6, 2, 9, 6]
 * ```
 */
export function hflip(img: Image): Image;
export function hflip<T extends Target>(input: T): T;
export function hflip(input: Image | Target): Image | Target;
export function hflip(input: Image | Target): Image | Target {
  if (!hasKind(input)) return hflipImage(input as Image);
  const t = checkTarget(input, 'hflip');
  if (t.kind === 'boundingBoxes') return hflipBoundingBoxes(t);
  if (t.kind === 'keyPoints') return hflipKeyPoints(t);
  return mapMaskPlanes(t, hflipImage);
}

/** {@link hflip} of an image (the image kernel itself). @example `hflipImage(img)` */
export function hflipImage(img: Image): Image {
  assertImage(img);
  const { height: h, width: w, channels: c } = img;
  const src = img.data;
  const out = alloc(img, src.length);
  const row = w * c;
  if (c === 3) {
    for (let y = 0; y < h; y++) {
      const base = y * row;
      for (let x = 0, s = base + row - 3, d = base; x < w; x++, s -= 3, d += 3) {
        out[d] = src[s]!;
        out[d + 1] = src[s + 1]!;
        out[d + 2] = src[s + 2]!;
      }
    }
  } else {
    for (let y = 0; y < h; y++) {
      const base = y * row;
      for (let x = 0; x < w; x++) {
        const s = base + (w - 1 - x) * c;
        const d = base + x * c;
        for (let k = 0; k < c; k++) out[d + k] = src[s + k]!;
      }
    }
  }
  return { data: out, height: h, width: w, channels: c };
}

/**
 * Flips top to bottom (torchvision v2 `F.vertical_flip`): an image, bounding boxes (`y -> H - y`), a mask or
 * key points. Returns the same kind.
 *
 * @example
 * ```ts
 * const upsideDown = vflip(img);
 * const pts = vflip(keyPoints([1.5, 2], { canvasSize: [10, 10] })); // [1.5, 8]
 * ```
 */
export function vflip(img: Image): Image;
export function vflip<T extends Target>(input: T): T;
export function vflip(input: Image | Target): Image | Target;
export function vflip(input: Image | Target): Image | Target {
  if (!hasKind(input)) return vflipImage(input as Image);
  const t = checkTarget(input, 'vflip');
  if (t.kind === 'boundingBoxes') return vflipBoundingBoxes(t);
  if (t.kind === 'keyPoints') return vflipKeyPoints(t);
  return mapMaskPlanes(t, vflipImage);
}

/** {@link vflip} of an image (the image kernel itself). @example `vflipImage(img)` */
export function vflipImage(img: Image): Image {
  assertImage(img);
  const { height: h, width: w, channels: c } = img;
  const src = img.data;
  const out = alloc(img, src.length);
  const row = w * c;
  for (let y = 0; y < h; y++) {
    out.set(src.subarray((h - 1 - y) * row, (h - y) * row), y * row);
  }
  return { data: out, height: h, width: w, channels: c };
}
