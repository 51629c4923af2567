import type { Image } from '../image.js';
import type { Rng } from '../rng.js';
import type { BoundingBoxes } from '../targets/bounding-boxes.js';
import type { KeyPoints } from '../targets/key-points.js';
import type { Mask } from '../targets/mask.js';
import { querySize } from './query-size.js';
import { recordingRng, replayRng } from './replay-rng.js';
import type { FlatSample, SampleLeaf } from './sample-tree.js';
import { flattenSample } from './sample-tree.js';
import type { TargetGeometry } from './target-geometry.js';
import { transformBoxes, transformKeyPoints, transformMask } from './target-geometry.js';

const ARTICLE: Record<string, string> = { boundingBoxes: 'bounding boxes', mask: 'a mask', keyPoints: 'key points' };

/**
 * The TypeError for a target a transform cannot move: names the transform, the entry and its kind.
 * @example `throw cannotTransform('FiveCrop', leaf, 'crops stack into one image')`
 */
export function cannotTransform(where: string, leaf: SampleLeaf, why: string): TypeError {
  return new TypeError(`${where} cannot transform ${leaf.path} (${ARTICLE[leaf.kind] ?? leaf.kind}): ${why}`);
}

/**
 * Throws {@link cannotTransform} for the first target leaf of `flat`.
 * @example `rejectTargets(flattenSample(sample), 'RandAugment', 'images only')`
 */
export function rejectTargets(flat: FlatSample, where: string, why: string): void {
  const leaf = flat.leaves.find((l) => l.kind !== 'image' && l.kind !== 'other');
  if (leaf !== undefined) throw cannotTransform(where, leaf, why);
}

/** One draw of a geometric transform: the image operation and how it moves targets. */
export interface GeometricOp {
  image(img: Image): Image;
  readonly geometry: TargetGeometry;
}

/**
 * torchvision v2's `Transform.forward` for geometric transforms: flatten the sample, make the parameters once
 * from it (`makeOp` gets the size all its images and targets share, see `querySize`), then move every image
 * and target with them; everything else is passed through unchanged (same reference). `makeOp` returning
 * `null` means "leave the sample as it is" (a probability gate that did not fire): the input is returned.
 *
 * @example
 * ```ts
 * const out = applyGeometric(sample, 'RandomHorizontalFlip', (size) => (flip ? { image: hflip, geometry: hflipGeometry(size) } : null));
 * ```
 */
export function applyGeometric<T>(input: T, where: string, makeOp: (size: [number, number], flat: FlatSample) => GeometricOp | null): T {
  const flat = flattenSample(input);
  const size = querySize(flat.leaves, where);
  const op = makeOp(size, flat);
  if (op === null) return input;
  const values = flat.leaves.map((leaf) => {
    switch (leaf.kind) {
      case 'image':
        return op.image(leaf.value as Image);
      case 'boundingBoxes':
        return transformBoxes(leaf.value as BoundingBoxes, op.geometry, `${where}: ${leaf.path}`);
      case 'mask':
        return transformMask(leaf.value as Mask, op.geometry);
      case 'keyPoints':
        return transformKeyPoints(leaf.value as KeyPoints, op.geometry);
      default:
        return leaf.value;
    }
  });
  return flat.unflatten(values) as T;
}

/**
 * The sample path of transforms that change pixels only (colour, blur, normalisation, erasing ...), as
 * torchvision v2: `fn` runs on every image of the sample, and targets pass through unchanged, or are refused
 * with a TypeError naming the entry when `targets` is `'reject'` (`why` says why). One draw of parameters for
 * all images: `fn` draws from `rng` for the first image, and the same values are replayed for the others
 * (a sample without images draws nothing).
 * Sizes must agree (see `querySize`) whenever the sample has an image or a target.
 *
 * @example
 * ```ts
 * const out = applyToImages(sample, rng, 'ColorJitter', (img, r) => jitter.apply(img, r));
 * ```
 */
export function applyToImages<T>(
  input: T,
  rng: Rng | undefined,
  where: string,
  fn: (img: Image, rng: Rng | undefined) => Image,
  targets: 'pass' | 'reject' = 'pass',
  why = 'it changes pixels in a way targets cannot follow',
): T {
  const flat = flattenSample(input);
  if (targets === 'reject') rejectTargets(flat, where, why);
  if (flat.leaves.some((l) => l.kind !== 'other')) querySize(flat.leaves, where);
  let recorded: number[] | null = null;
  const values = flat.leaves.map((leaf) => {
    if (leaf.kind !== 'image') return leaf.value;
    const img = leaf.value as Image;
    if (rng === undefined) return fn(img, undefined);
    if (recorded === null) {
      const rec = recordingRng(rng);
      const out = fn(img, rec);
      recorded = rec.values;
      return out;
    }
    return fn(img, replayRng(recorded, rng));
  });
  return flat.unflatten(values) as T;
}
