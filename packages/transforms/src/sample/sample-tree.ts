import type { Image } from '../image.js';
import type { Target } from '../targets/target.js';
import { isTarget } from '../targets/target.js';

/** What a leaf of a sample is: an image, one of the target kinds, or anything else (passed through). */
export type LeafKind = 'image' | Target['kind'] | 'other';

/** One leaf of a flattened sample: its key path (`sample.target.boxes`), its kind and its value. */
export interface SampleLeaf {
  readonly path: string;
  readonly kind: LeafKind;
  readonly value: unknown;
}

/** A flattened sample (torchvision v2's `tree_flatten`): the leaves in order, and how to rebuild the structure. */
export interface FlatSample {
  readonly leaves: readonly SampleLeaf[];
  /** Rebuilds the sample's structure (new plain objects and arrays) with `values[i]` in place of leaf i. */
  unflatten(values: readonly unknown[]): unknown;
}

/**
 * True for `{}`-literal objects (prototype `Object.prototype` or `null`): the containers a sample walk enters.
 * @example `isPlainObject({ a: 1 }) // true; isPlainObject(new Date()) // false`
 */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * True for anything shaped as an {@link Image} (`data`, `height`, `width`, `channels`), checked or not.
 * @example `looksLikeImage({ data, height: 2, width: 2, channels: 1 }) // true`
 */
export function looksLikeImage(x: unknown): x is Image {
  if (x === null || typeof x !== 'object') return false;
  const o = x as Partial<Image> & { kind?: unknown };
  return o.kind === undefined && 'data' in o && typeof o.height === 'number' && typeof o.width === 'number' && typeof o.channels === 'number';
}

/**
 * Whether `apply` got a sample (a plain object, an array or a target) rather than one image: images and
 * anything else keep the image path (and its error messages).
 * @example `isSampleInput({ image, boxes }) // true; isSampleInput(image) // false`
 */
export function isSampleInput(x: unknown): boolean {
  if (looksLikeImage(x)) return false;
  return Array.isArray(x) || isTarget(x) || isPlainObject(x);
}

function kindOf(x: unknown): LeafKind {
  if (isTarget(x)) return x.kind;
  if (looksLikeImage(x)) return 'image';
  return 'other';
}

type Node = { leaf: number } | { array: Node[]; source: readonly unknown[] } | { object: [string, Node][]; source: Record<string, unknown> };

/**
 * Flattens a sample as torchvision v2's pytree: plain objects and arrays are walked (keys in insertion
 * order), every other value is a leaf. `unflatten` builds new containers where a value changed and keeps the
 * original ones (same reference) where nothing inside changed. `asLeaves` holds values to keep whole even when they are arrays or
 * plain objects (the labels `SanitizeBoundingBoxes` filters). Cycles are refused with a TypeError.
 *
 * @example
 * ```ts
 * const flat = flattenSample({ image, target: { boxes, labels: [1, 2] } });
 * flat.leaves.map((l) => l.path); // ['sample.image', 'sample.target.boxes', 'sample.target.labels[0]', 'sample.target.labels[1]']
 * ```
 */
export function flattenSample(input: unknown, asLeaves: ReadonlySet<unknown> = new Set(), root = 'sample'): FlatSample {
  const leaves: SampleLeaf[] = [];
  const open = new Set<object>();
  const walk = (x: unknown, path: string): Node => {
    const container = !asLeaves.has(x) && !looksLikeImage(x) && (Array.isArray(x) || (isPlainObject(x) && !isTarget(x)));
    if (!container) {
      leaves.push({ path, kind: asLeaves.has(x) ? 'other' : kindOf(x), value: x });
      return { leaf: leaves.length - 1 };
    }
    const obj = x as object;
    if (open.has(obj)) throw new TypeError(`${path} is cyclic: a sample must be a tree of plain objects and arrays`);
    open.add(obj);
    const node: Node = Array.isArray(obj)
      ? { array: obj.map((v, i) => walk(v, `${path}[${i}]`)), source: obj }
      : { object: Object.keys(obj).map((k) => [k, walk((obj as Record<string, unknown>)[k], `${path}.${k}`)] as [string, Node]), source: obj as Record<string, unknown> };
    open.delete(obj);
    return node;
  };
  const tree = walk(input, root);
  const build = (node: Node, values: readonly unknown[]): unknown => {
    if ('leaf' in node) return values[node.leaf];
    // A container whose entries all come back unchanged is returned itself (pass-through keeps identity).
    if ('array' in node) {
      const items = node.array.map((n) => build(n, values));
      return items.every((v, i) => v === node.source[i]) ? node.source : items;
    }
    const out: Record<string, unknown> = {};
    let same = true;
    for (const [k, n] of node.object) {
      out[k] = build(n, values);
      if (out[k] !== node.source[k]) same = false;
    }
    return same ? node.source : out;
  };
  return { leaves, unflatten: (values) => build(tree, values) };
}
