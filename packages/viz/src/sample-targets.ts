import type { BoundingBoxes, Image, KeyPoints, Mask } from '@aug/transforms';

/** What {@link findTargets} found in a sample: the first image, boxes, mask and key points leaves, and labels. */
export interface SampleTargets {
  image: Image;
  boxes?: BoundingBoxes;
  masks?: Mask;
  keypoints?: KeyPoints;
  /** The `labels` leaf (one number per box), when there is one. */
  labels?: readonly number[];
}

function isImageLike(v: object): v is Image {
  const o = v as Partial<Image> & { kind?: unknown };
  return o.kind === undefined && (o.data instanceof Uint8Array || o.data instanceof Float32Array) && typeof o.height === 'number' && typeof o.width === 'number' && typeof o.channels === 'number';
}

function numbers(v: unknown): number[] | undefined {
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v as number[];
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  return undefined;
}

/**
 * Finds a detection sample's parts by kind, depth first in key order: the first `Image`, `BoundingBoxes`,
 * `Mask` and `KeyPoints` leaves, and a `labels` leaf of numbers (`{ image, target: { boxes, labels, masks } }`
 * as CocoDetection gives, or a flat `{ image, boxes, masks, labels }`). Throws a TypeError naming `name`
 * when there is no image.
 *
 * @example
 * ```ts
 * const { image, boxes, masks, labels } = findTargets(await coco.get(0), 'sample');
 * ```
 */
export function findTargets(sample: unknown, name: string): SampleTargets {
  const found: Partial<SampleTargets> = {};
  const visit = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object' || depth > 4) return;
    if (isImageLike(v)) {
      found.image ??= v;
      return;
    }
    const kind = (v as { kind?: unknown }).kind;
    if (kind === 'boundingBoxes') {
      found.boxes ??= v as BoundingBoxes;
      return;
    }
    if (kind === 'mask') {
      found.masks ??= v as Mask;
      return;
    }
    if (kind === 'keyPoints') {
      found.keypoints ??= v as KeyPoints;
      return;
    }
    if (ArrayBuffer.isView(v)) return;
    for (const [key, value] of Object.entries(v)) {
      if (key === 'labels' && found.labels === undefined) {
        const nums = numbers(value);
        if (nums) {
          found.labels = nums;
          continue;
        }
      }
      visit(value, depth + 1);
    }
  };
  visit(sample, 0);
  if (found.image === undefined) {
    throw new TypeError(`${name} has no Image (an object with data, height, width, channels); pass { image, boxes, masks, labels } or { image, target: { ... } }`);
  }
  return found as SampleTargets;
}
