import type { JsonValue, Transform, TransformSpec } from './transform.js';
import { show } from './validate.js';
import { CenterCrop } from './transforms/centerCrop.js';
import { ColorJitter } from './transforms/colorJitter.js';
import type { ColorJitterOptions } from './transforms/colorJitter.js';
import { Compose } from './transforms/compose.js';
import { RandomHorizontalFlip, RandomVerticalFlip } from './transforms/flip.js';
import { Normalize } from './transforms/normalize.js';
import { RandomApply } from './transforms/randomApply.js';
import { RandomChoice } from './transforms/randomChoice.js';
import { RandomCrop } from './transforms/randomCrop.js';
import type { RandomCropOptions } from './transforms/randomCrop.js';
import { RandomGrayscale } from './transforms/randomGrayscale.js';
import { RandomOrder } from './transforms/randomOrder.js';
import { RandomResizedCrop } from './transforms/randomResizedCrop.js';
import type { RandomResizedCropOptions } from './transforms/randomResizedCrop.js';
import { Resize } from './transforms/resize.js';
import type { ResizeTransformOptions } from './transforms/resize.js';
import { ToTensor } from './transforms/toTensor.js';

/** Rebuilds one transform from its spec; `children` are the already rebuilt nested transforms. @example `(options, children) => new MyCompose(children)` */
export type TransformFactory = (options: { [key: string]: JsonValue }, children: Transform[]) => Transform;

type Size = number | [number] | [number, number];

const registry = new Map<string, TransformFactory>([
  ['Compose', (_o, c) => new Compose(c)],
  ['RandomApply', (o, c) => new RandomApply(c, { p: o.p as number })],
  ['RandomChoice', (o, c) => new RandomChoice(c, { p: (o.p ?? null) as number[] | null })],
  ['RandomOrder', (_o, c) => new RandomOrder(c)],
  ['RandomHorizontalFlip', (o) => new RandomHorizontalFlip({ p: o.p as number })],
  ['RandomVerticalFlip', (o) => new RandomVerticalFlip({ p: o.p as number })],
  ['RandomResizedCrop', (o) => new RandomResizedCrop(o.size as Size, o as unknown as RandomResizedCropOptions)],
  ['ColorJitter', (o) => new ColorJitter(o as unknown as ColorJitterOptions)],
  ['ToTensor', () => new ToTensor()],
  ['Normalize', (o) => new Normalize(o.mean as number[], o.std as number[])],
  ['Resize', (o) => new Resize(o.size as Size, o as unknown as ResizeTransformOptions)],
  ['CenterCrop', (o) => new CenterCrop(o.size as Size)],
  ['RandomCrop', (o) => new RandomCrop(o.size as Size, o as unknown as RandomCropOptions)],
  ['RandomGrayscale', (o) => new RandomGrayscale({ p: o.p as number })],
]);

/**
 * Adds a transform type to {@link transformFromJSON} (for your own transforms; register it in every
 * worker too). Built-in types cannot be replaced.
 *
 * @example
 * ```ts
 * registerTransform('Invert', () => new Invert());
 * ```
 */
export function registerTransform(type: string, factory: TransformFactory): void {
  if (typeof type !== 'string' || type.length === 0) throw new TypeError(`type must be a non-empty string, got ${show(type)}`);
  if (typeof factory !== 'function') throw new TypeError(`factory must be a function, got ${show(factory)}`);
  if (BUILT_IN.has(type)) throw new RangeError(`type ${show(type)} is a built-in transform and cannot be re-registered`);
  registry.set(type, factory);
}

const BUILT_IN = new Set(registry.keys());

/**
 * Rebuilds a transform (nested pipelines included) from `transform.toJSON()`, e.g. in a worker thread.
 * With the same generator the rebuilt transform gives byte-identical output.
 *
 * @example
 * ```ts
 * const spec = new Compose([new RandomHorizontalFlip(), new ToTensor()]).toJSON();
 * const again = transformFromJSON(JSON.parse(JSON.stringify(spec)));
 * ```
 */
export function transformFromJSON(spec: TransformSpec): Transform {
  if (spec === null || typeof spec !== 'object' || typeof spec.type !== 'string') {
    throw new TypeError(`spec must be a TransformSpec { type, options?, transforms? } from transform.toJSON(), got ${show(spec)}`);
  }
  const factory = registry.get(spec.type);
  if (factory === undefined) {
    throw new RangeError(
      `Unknown transform type ${show(spec.type)} in spec; known types: ${[...registry.keys()].join(', ')} (register your own with registerTransform)`,
    );
  }
  if (spec.transforms !== undefined && !Array.isArray(spec.transforms)) {
    throw new TypeError(`spec.transforms of ${spec.type} must be an array of specs, got ${show(spec.transforms)}`);
  }
  const children = (spec.transforms ?? []).map((s) => transformFromJSON(s));
  return factory(spec.options ?? {}, children);
}
