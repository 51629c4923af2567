import { describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import type { Rng } from '../rng.js';
import type { BoundingBoxes } from '../targets/bounding-boxes.js';
import { makeBoundingBoxes } from '../targets/bounding-boxes.js';
import { toXyxyInPlace } from '../targets/formats.js';
import type { Mask } from '../targets/mask.js';
import { makeMask } from '../targets/mask.js';
import type { JsonValue, Transform, TransformSpec } from '../transform.js';
import { flattenSample, isPlainObject, isSampleInput } from '../sample/sample-tree.js';
import { checkNonNegative, checkOptions } from '../validate.js';

/** Labels a sample may carry: one value per box. */
export type Labels = readonly unknown[] | Int32Array | Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Float32Array | Float64Array;

/** Where {@link SanitizeBoundingBoxes} finds the labels: `'default'` (v2's heuristic), `null` (none) or a function of the sample. */
export type LabelsGetter = 'default' | null | ((sample: unknown) => Labels | readonly Labels[] | null | undefined);

/** Options of {@link SanitizeBoundingBoxes}, torchvision v2's argument names. */
export interface SanitizeBoundingBoxesOptions {
  /** Smallest width and height a box keeps. Default 1. */
  minSize?: number;
  /** Smallest area a box keeps. Default 1. */
  minArea?: number;
  /** Default `'default'`. */
  labelsGetter?: LabelsGetter;
}

function isLabels(x: unknown): x is Labels {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

function findLabelKey(o: Record<string, unknown>): string | undefined {
  const keys = Object.keys(o);
  return keys.find((k) => k.toLowerCase() === 'labels') ?? keys.find((k) => k.toLowerCase().includes('label'));
}

/**
 * torchvision v2's default labels heuristic: for an array sample its second entry (`[image, target]`); then a
 * `'labels'` key (case-insensitive), else a key containing `'label'`; aug also looks one level down (the
 * `target` of `{ image, target: { boxes, labels } }`). Not found: a TypeError suggesting `labelsGetter`.
 *
 * @example `findLabels({ image, target: { boxes, labels } }) // the labels`
 */
export function findLabels(sample: unknown): unknown {
  const inputs = Array.isArray(sample) ? sample[1] : sample;
  if (isPlainObject(inputs)) {
    const key = findLabelKey(inputs);
    if (key !== undefined) return inputs[key];
    for (const v of Object.values(inputs)) {
      if (!isPlainObject(v)) continue;
      const inner = findLabelKey(v);
      if (inner !== undefined) return v[inner];
    }
  }
  throw new TypeError(
    'SanitizeBoundingBoxes could not find the labels in the sample (no key "labels", nor one containing "label", at the top level or one level down): pass labelsGetter: (sample) => labels, or labelsGetter: null when the sample has no labels',
  );
}

function filterLabels(labels: Labels, valid: Uint8Array): Labels {
  if (Array.isArray(labels)) return labels.filter((_, i) => valid[i] === 1);
  const typed = labels as Exclude<Labels, readonly unknown[]>;
  return (typed as Float32Array).filter((_, i) => valid[i] === 1) as Labels;
}

/**
 * torchvision v2's `_get_sanitize_bounding_boxes_mask`: 1 for the boxes to keep (width and height at least
 * `minSize`, area at least `minArea`, all coordinates in `[0, W]` / `[0, H]`), 0 for the others.
 *
 * @example `const keep = sanitizeMask(boxes, 1, 1);`
 */
export function sanitizeMask(boxes: BoundingBoxes, minSize: number, minArea: number): Uint8Array {
  const d = new Float32Array(boxes.data);
  toXyxyInPlace(d, boxes.format);
  const [h, w] = boxes.canvasSize;
  const n = d.length >> 2;
  const valid = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const [x1, y1, x2, y2] = [d[i * 4]!, d[i * 4 + 1]!, d[i * 4 + 2]!, d[i * 4 + 3]!];
    const ws = x2 - x1;
    const hs = y2 - y1;
    const ok = ws >= minSize && hs >= minSize && ws * hs >= minArea && x1 >= 0 && y1 >= 0 && x2 >= 0 && y2 >= 0 && x1 <= w && x2 <= w && y1 <= h && y2 <= h;
    valid[i] = ok ? 1 : 0;
  }
  return valid;
}

/**
 * Removes degenerate and too small boxes (torchvision v2 `SanitizeBoundingBoxes`), with the labels and mask
 * instances at the same positions: run it after crops (`RandomIoUCrop` marks the boxes it drops as
 * `[0, 0, 0, 0]`). Not random. The labels are found by `labelsGetter` (see {@link findLabels}); arrays and
 * typed arrays are filtered into the same type. The number of labels and of mask instances must equal the
 * number of boxes (a RangeError naming the entry otherwise).
 *
 * @example
 * ```ts
 * const clean = new SanitizeBoundingBoxes().apply({ image, target: { boxes, masks, labels } });
 * ```
 */
export class SanitizeBoundingBoxes implements Transform {
  /**
   * Rebuilds a `SanitizeBoundingBoxes` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = SanitizeBoundingBoxes.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): SanitizeBoundingBoxes {
    type Args = ConstructorParameters<typeof SanitizeBoundingBoxes>;
    return new SanitizeBoundingBoxes(options as Args[0]);
  }

  readonly minSize: number;
  readonly minArea: number;
  readonly labelsGetter: LabelsGetter;

  constructor(options?: SanitizeBoundingBoxesOptions) {
    const o = checkOptions(options, ['minSize', 'minArea', 'labelsGetter'], 'SanitizeBoundingBoxes');
    this.minSize = checkNonNegative(o.minSize ?? 1, 'minSize');
    this.minArea = checkNonNegative(o.minArea ?? 1, 'minArea');
    const g = o.labelsGetter === undefined ? 'default' : o.labelsGetter;
    if (g !== 'default' && g !== null && typeof g !== 'function') {
      throw new TypeError(`labelsGetter must be 'default', null or a function (sample) => labels, got ${describeValue(g)}`);
    }
    this.labelsGetter = g;
  }

  private labels(input: unknown): Labels[] {
    if (this.labelsGetter === null) return [];
    const got = this.labelsGetter === 'default' ? findLabels(input) : this.labelsGetter(input);
    if (got === null || got === undefined) return [];
    if (isLabels(got) && Array.isArray(got) && got.length > 0 && got.every((e) => isLabels(e))) return got as Labels[];
    if (!isLabels(got)) throw new TypeError(`the labels must be an array or a typed array (one label per box), got ${describeValue(got)}`);
    return [got];
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object): object {
    if (!isSampleInput(input)) throw new TypeError('SanitizeBoundingBoxes needs a sample with bounding boxes, e.g. { image, target: { boxes, labels } }; got a lone image');
    const labels = this.labels(input);
    const flat = flattenSample(input, new Set<unknown>(labels));
    const first = flat.leaves.find((l) => l.kind === 'boundingBoxes');
    if (first === undefined) throw new TypeError('SanitizeBoundingBoxes found no bounding boxes in the sample');
    const valid = sanitizeMask(first.value as BoundingBoxes, this.minSize, this.minArea);
    const n = valid.length;
    const labelSet = new Set<unknown>(labels);
    const allValid = valid.every((v) => v === 1);
    const values = flat.leaves.map((leaf) => {
      if (labelSet.has(leaf.value)) {
        const l = leaf.value as Labels;
        if (l.length !== n) throw new RangeError(`SanitizeBoundingBoxes: ${leaf.path} has ${l.length} labels but ${first.path} has ${n} boxes`);
        if (allValid) return l;
        return filterLabels(l, valid);
      }
      if (leaf.kind === 'boundingBoxes') {
        const b = leaf.value as BoundingBoxes;
        if (b.data.length >> 2 !== n) throw new RangeError(`SanitizeBoundingBoxes: ${leaf.path} has ${b.data.length >> 2} boxes but ${first.path} has ${n}`);
        if (allValid) return b;
        const out = new Float32Array(4 * valid.reduce((a, v) => a + v, 0));
        for (let i = 0, k = 0; i < n; i++) if (valid[i] === 1) out.set(b.data.subarray(i * 4, i * 4 + 4), 4 * k++);
        return makeBoundingBoxes(out, b.format, b.canvasSize);
      }
      if (leaf.kind === 'mask') {
        const m = leaf.value as Mask;
        if (m.count !== n) throw new RangeError(`SanitizeBoundingBoxes: ${leaf.path} has ${m.count} mask instances but ${first.path} has ${n} boxes`);
        if (allValid) return m;
        const plane = m.height * m.width;
        const kept = valid.reduce((a, v) => a + v, 0);
        const out = new Uint8Array(kept * plane);
        for (let i = 0, k = 0; i < n; i++) if (valid[i] === 1) out.set(m.data.subarray(i * plane, (i + 1) * plane), plane * k++);
        return makeMask(out, m.height, m.width, kept);
      }
      return leaf.value;
    });
    return flat.unflatten(values) as object;
  }

  /** `labelsGetter` must be `'default'` or `null` (a function cannot be sent to workers: a TypeError says so). */
  toJSON(): TransformSpec {
    if (typeof this.labelsGetter === 'function') {
      throw new TypeError('SanitizeBoundingBoxes with a labelsGetter function cannot be serialised (toJSON): use the default heuristic or null in DataLoader workers');
    }
    const labelsGetter: JsonValue = this.labelsGetter;
    return { type: 'SanitizeBoundingBoxes', options: { minSize: this.minSize, minArea: this.minArea, labelsGetter } };
  }
}
