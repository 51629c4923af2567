import type { BoundingBoxes } from './bounding-boxes.js';
import type { KeyPoints } from './key-points.js';
import type { Mask } from './mask.js';

/** A detection or segmentation target: what the geometric kernels transform besides images. */
export type Target = BoundingBoxes | Mask | KeyPoints;

/** The `kind` of each {@link Target}. */
export type TargetKind = Target['kind'];

const KINDS: readonly string[] = ['boundingBoxes', 'mask', 'keyPoints'];

/**
 * Whether `x` is a {@link Target} (bounding boxes, a mask or key points), as opposed to an `Image` or
 * anything else.
 *
 * @example
 * ```ts
 * const targets = Object.values(sample).filter(isTarget);
 * ```
 */
export function isTarget(x: unknown): x is Target {
  return x !== null && typeof x === 'object' && KINDS.includes((x as { kind?: unknown }).kind as string);
}

/**
 * Throws the TypeError a kernel that takes images only gives for a target: it names the kernel and the kind.
 *
 * @example
 * ```ts
 * rejectTarget(input, 'adjustBrightness'); // TypeError: adjustBrightness: colour kernels take images only, got a mask
 * ```
 */
export function rejectTarget(x: unknown, kernel: string, what = 'colour kernels take images only'): void {
  if (isTarget(x)) {
    const article = x.kind === 'mask' ? 'a mask' : x.kind === 'boundingBoxes' ? 'bounding boxes' : 'key points';
    throw new TypeError(`${kernel}: ${what}, got ${article} (kind '${x.kind}')`);
  }
}
