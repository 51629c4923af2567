import { describeValue } from '@aug/internal';
import type { JsonValue, Transform, TransformSpec } from './transform.js';
import { CenterCrop } from './transforms/center-crop.js';
import { ColorJitter } from './transforms/color-jitter.js';
import { Compose } from './transforms/compose.js';
import { RandomHorizontalFlip, RandomVerticalFlip } from './transforms/random-flip.js';
import { Normalize } from './transforms/normalize.js';
import { RandomApply } from './transforms/random-apply.js';
import { RandomChoice } from './transforms/random-choice.js';
import { RandomCrop } from './transforms/random-crop.js';
import { RandomGrayscale } from './transforms/random-grayscale.js';
import { RandomOrder } from './transforms/random-order.js';
import { RandomResizedCrop } from './transforms/random-resized-crop.js';
import { Resize } from './transforms/resize.js';
import { ToTensor } from './transforms/to-tensor.js';
import { Pad } from './transforms/pad.js';
import { Grayscale } from './transforms/grayscale.js';
import { RandomRotation } from './transforms/random-rotation.js';
import { RandomAffine } from './transforms/random-affine.js';
import { RandomPerspective } from './transforms/random-perspective.js';
import { ElasticTransform } from './transforms/elastic-transform.js';
import { GaussianBlur } from './transforms/gaussian-blur.js';
import {
  RandomAdjustSharpness, RandomAutocontrast, RandomEqualize, RandomInvert, RandomPosterize, RandomSolarize,
} from './transforms/random-color-ops.js';
import { RandomErasing } from './transforms/random-erasing.js';
import { FiveCrop, TenCrop } from './transforms/multi-crop.js';
import { LinearTransformation } from './transforms/linear-transformation.js';
import { ConvertImageDtype } from './transforms/convert-image-dtype.js';
import { AutoAugment } from './transforms/auto-augment.js';
import { RandAugment } from './transforms/rand-augment.js';
import { TrivialAugmentWide } from './transforms/trivial-augment-wide.js';
import { AugMix } from './transforms/aug-mix.js';
import { SanitizeBoundingBoxes } from './transforms/sanitize-bounding-boxes.js';
import { ClampBoundingBoxes } from './transforms/clamp-bounding-boxes.js';
import { ConvertBoundingBoxFormat } from './transforms/convert-bounding-box-format.js';
import { RandomIoUCrop } from './transforms/random-iou-crop.js';
import { RandomZoomOut } from './transforms/random-zoom-out.js';
import { RandomShortestSize } from './transforms/random-shortest-size.js';
import { RandomResize } from './transforms/random-resize.js';
import { ScaleJitter } from './transforms/scale-jitter.js';
import { RandomPhotometricDistort } from './transforms/random-photometric-distort.js';

/** Rebuilds one transform from its spec; `children` are the already rebuilt nested transforms. */
export type TransformFactory = (options: { [key: string]: JsonValue }, children: Transform[]) => Transform;

/**
 * Every built-in transform by the `type` its `toJSON()` writes; each class rebuilds itself from its spec
 * (`static fromJSON(options, children)`), as albumentations' `from_dict` looks classes up by name. The
 * keys are written out (not taken from `Class.name`, which a minifier may change).
 */
const BUILT_IN_CLASSES = {
  Compose, RandomApply, RandomChoice, RandomOrder, RandomHorizontalFlip, RandomVerticalFlip, RandomResizedCrop, ColorJitter,
  ToTensor, Normalize, Resize, CenterCrop, RandomCrop, RandomGrayscale, Pad, Grayscale, RandomRotation, RandomAffine,
  RandomPerspective, ElasticTransform, GaussianBlur, RandomInvert, RandomPosterize, RandomSolarize, RandomAdjustSharpness,
  RandomAutocontrast, RandomEqualize, RandomErasing, FiveCrop, TenCrop, LinearTransformation, ConvertImageDtype, AutoAugment,
  RandAugment, TrivialAugmentWide, AugMix, SanitizeBoundingBoxes, ClampBoundingBoxes, ConvertBoundingBoxFormat, RandomIoUCrop,
  RandomZoomOut, RandomShortestSize, RandomResize, ScaleJitter, RandomPhotometricDistort,
} satisfies Record<string, { fromJSON(options: { [key: string]: JsonValue }, children: Transform[]): Transform }>;

const registry = new Map<string, TransformFactory>(
  Object.entries(BUILT_IN_CLASSES).map(([type, cls]) => [type, (options, children) => cls.fromJSON(options, children)]),
);

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
  if (typeof type !== 'string' || type.length === 0) throw new TypeError(`type must be a non-empty string, got ${describeValue(type)}`);
  if (typeof factory !== 'function') throw new TypeError(`factory must be a function, got ${describeValue(factory)}`);
  if (BUILT_IN.has(type)) throw new RangeError(`type ${describeValue(type)} is a built-in transform and cannot be re-registered`);
  registry.set(type, factory);
}

const BUILT_IN = new Set(registry.keys());

/** The deepest nesting `transformFromJSON` accepts (deeper specs are refused instead of overflowing the stack). */
export const MAX_SPEC_DEPTH = 64;

function build(spec: TransformSpec, depth: number, path: Set<object>, where: string): Transform {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec) || typeof spec.type !== 'string') {
    throw new TypeError(`${where} must be a TransformSpec { type, options?, transforms? } from transform.toJSON(), got ${describeValue(spec)}`);
  }
  if (depth > MAX_SPEC_DEPTH) {
    throw new RangeError(`${where} is nested more than ${MAX_SPEC_DEPTH} levels deep; transformFromJSON refuses deeper specs (is it generated by mistake?)`);
  }
  if (path.has(spec)) throw new TypeError(`${where} is cyclic: a spec contains itself, so it cannot be rebuilt`);
  const factory = registry.get(spec.type);
  if (factory === undefined) {
    throw new TypeError(
      `Unknown transform type ${describeValue(spec.type)} in spec; known types: ${[...registry.keys()].join(', ')} (register your own with registerTransform)`,
    );
  }
  const options = spec.options;
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw new TypeError(`${where}.options of ${spec.type} must be an object (or absent), got ${describeValue(options)}`);
  }
  if (spec.transforms !== undefined && !Array.isArray(spec.transforms)) {
    throw new TypeError(`${where}.transforms of ${spec.type} must be an array of specs, got ${describeValue(spec.transforms)}`);
  }
  path.add(spec);
  const children = (spec.transforms ?? []).map((s, i) => build(s, depth + 1, path, `${where}.transforms[${i}]`));
  path.delete(spec);
  const t = factory(options ?? {}, children);
  if (t === null || typeof t !== 'object' || typeof (t as Transform).apply !== 'function' || typeof (t as Transform).toJSON !== 'function') {
    throw new TypeError(`the factory registered for ${describeValue(spec.type)} returned ${describeValue(t)}, not a transform with apply(img, rng) and toJSON()`);
  }
  return t;
}

/**
 * Rebuilds a transform (nested pipelines included) from `transform.toJSON()`, e.g. in a worker thread.
 * With the same generator the rebuilt transform gives byte-identical output. Refuses malformed specs
 * (options that are not objects, unknown option keys, cycles, more than 64 levels of nesting) with a
 * `TypeError`/`RangeError` that names the place in the spec.
 *
 * @example
 * ```ts
 * const spec = new Compose([new RandomHorizontalFlip(), new ToTensor()]).toJSON();
 * const again = transformFromJSON(JSON.parse(JSON.stringify(spec)));
 * ```
 */
export function transformFromJSON(spec: TransformSpec): Transform {
  return build(spec, 1, new Set(), 'spec');
}
