import type { SampleLeaf } from './sample-tree.js';
import type { Image } from '../image.js';
import type { Target } from '../targets/target.js';

function sizeOf(leaf: SampleLeaf): readonly [number, number] | null {
  switch (leaf.kind) {
    case 'image': {
      const img = leaf.value as Image;
      return [img.height, img.width];
    }
    case 'mask': {
      const m = leaf.value as Extract<Target, { kind: 'mask' }>;
      return [m.height, m.width];
    }
    case 'boundingBoxes':
    case 'keyPoints':
      return (leaf.value as Extract<Target, { kind: 'boundingBoxes' | 'keyPoints' }>).canvasSize;
    default:
      return null;
  }
}

const PRIORITY: readonly SampleLeaf['kind'][] = ['image', 'boundingBoxes', 'mask', 'keyPoints'];

/**
 * torchvision v2's `query_size`: the `[height, width]` every image, mask, box set and key point set of a
 * sample shares (taken from the first image, else the boxes' canvas, else a mask, else key points). Two
 * entries that disagree are a RangeError naming both key paths and sizes; a sample with none of them is a
 * TypeError naming `where`.
 *
 * @example
 * ```ts
 * const [h, w] = querySize(flattenSample({ image, boxes }).leaves, 'RandomCrop');
 * ```
 */
export function querySize(leaves: readonly SampleLeaf[], where: string): [number, number] {
  let first: SampleLeaf | null = null;
  let firstSize: readonly [number, number] | null = null;
  for (const kind of PRIORITY) {
    const leaf = leaves.find((l) => l.kind === kind);
    if (leaf !== undefined) {
      first = leaf;
      firstSize = sizeOf(leaf);
      break;
    }
  }
  if (first === null || firstSize === null) {
    throw new TypeError(`${where}: no image, bounding boxes, mask or key points found in the sample, so there is no size to transform`);
  }
  for (const leaf of leaves) {
    const s = sizeOf(leaf);
    if (s !== null && (s[0] !== firstSize[0] || s[1] !== firstSize[1])) {
      throw new RangeError(
        `${where}: found different [height, width] sizes in one sample: ${first.path} is [${firstSize[0]}, ${firstSize[1]}] but ${leaf.path} is [${s[0]}, ${s[1]}]`,
      );
    }
  }
  return [firstSize[0], firstSize[1]];
}
