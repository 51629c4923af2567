import { describeValue } from '@aug/internal';
import type { JsonValue, Transform, TransformSpec } from './transform.js';
import { CenterCrop } from './transforms/center-crop.js';
import { ColorJitter } from './transforms/color-jitter.js';
import type { ColorJitterOptions } from './transforms/color-jitter.js';
import { Compose } from './transforms/compose.js';
import { RandomHorizontalFlip, RandomVerticalFlip } from './transforms/random-flip.js';
import { Normalize } from './transforms/normalize.js';
import { RandomApply } from './transforms/random-apply.js';
import { RandomChoice } from './transforms/random-choice.js';
import { RandomCrop } from './transforms/random-crop.js';
import type { RandomCropOptions } from './transforms/random-crop.js';
import { RandomGrayscale } from './transforms/random-grayscale.js';
import { RandomOrder } from './transforms/random-order.js';
import { RandomResizedCrop } from './transforms/random-resized-crop.js';
import type { RandomResizedCropOptions } from './transforms/random-resized-crop.js';
import { Resize } from './transforms/resize.js';
import type { ResizeTransformOptions } from './transforms/resize.js';
import { ToTensor } from './transforms/to-tensor.js';
import { Pad } from './transforms/pad.js';
import type { PadTransformOptions } from './transforms/pad.js';
import { Grayscale } from './transforms/grayscale.js';
import type { GrayscaleOptions } from './transforms/grayscale.js';
import { RandomRotation } from './transforms/random-rotation.js';
import type { RandomRotationOptions } from './transforms/random-rotation.js';
import { RandomAffine } from './transforms/random-affine.js';
import type { RandomAffineOptions } from './transforms/random-affine.js';
import { RandomPerspective } from './transforms/random-perspective.js';
import type { RandomPerspectiveOptions } from './transforms/random-perspective.js';
import { ElasticTransform } from './transforms/elastic-transform.js';
import type { ElasticTransformOptions } from './transforms/elastic-transform.js';
import { GaussianBlur } from './transforms/gaussian-blur.js';
import type { GaussianBlurOptions } from './transforms/gaussian-blur.js';
import {
  RandomAdjustSharpness, RandomAutocontrast, RandomEqualize, RandomInvert, RandomPosterize, RandomSolarize,
} from './transforms/random-color-ops.js';
import type { RandomOpOptions } from './transforms/random-color-ops.js';
import { RandomErasing } from './transforms/random-erasing.js';
import type { RandomErasingOptions } from './transforms/random-erasing.js';
import { FiveCrop, TenCrop } from './transforms/multi-crop.js';
import { LinearTransformation } from './transforms/linear-transformation.js';
import { ConvertImageDtype } from './transforms/convert-image-dtype.js';
import type { ImageDtype } from './kernels/dtype.js';
import { AutoAugment } from './transforms/auto-augment.js';
import type { AutoAugmentOptions } from './transforms/auto-augment.js';
import { RandAugment } from './transforms/rand-augment.js';
import type { RandAugmentOptions } from './transforms/rand-augment.js';
import { TrivialAugmentWide } from './transforms/trivial-augment-wide.js';
import type { TrivialAugmentWideOptions } from './transforms/trivial-augment-wide.js';
import { AugMix } from './transforms/aug-mix.js';
import type { AugMixOptions } from './transforms/aug-mix.js';
import type { Padding } from './kernels/pad.js';
import { SanitizeBoundingBoxes } from './transforms/sanitize-bounding-boxes.js';
import type { SanitizeBoundingBoxesOptions } from './transforms/sanitize-bounding-boxes.js';
import { ClampBoundingBoxes } from './transforms/clamp-bounding-boxes.js';
import { ConvertBoundingBoxFormat } from './transforms/convert-bounding-box-format.js';
import type { BoundingBoxFormat } from './targets/bounding-boxes.js';
import { RandomIoUCrop } from './transforms/random-iou-crop.js';
import type { RandomIoUCropOptions } from './transforms/random-iou-crop.js';
import { RandomZoomOut } from './transforms/random-zoom-out.js';
import type { RandomZoomOutOptions } from './transforms/random-zoom-out.js';
import { RandomShortestSize } from './transforms/random-shortest-size.js';
import type { RandomShortestSizeOptions } from './transforms/random-shortest-size.js';
import { RandomResize } from './transforms/random-resize.js';
import type { RandomResizeOptions } from './transforms/resize-options.js';
import { ScaleJitter } from './transforms/scale-jitter.js';
import type { ScaleJitterOptions } from './transforms/scale-jitter.js';
import { RandomPhotometricDistort } from './transforms/random-photometric-distort.js';
import type { RandomPhotometricDistortOptions } from './transforms/random-photometric-distort.js';

/** Rebuilds one transform from its spec; `children` are the already rebuilt nested transforms. */
export type TransformFactory = (options: { [key: string]: JsonValue }, children: Transform[]) => Transform;

type Size = number | [number] | [number, number];
type O = { [key: string]: JsonValue };

/** Splits the positional argument `key` off the options (the rest goes to the constructor's options object). */
function take<T>(o: O, key: string): [T, O] {
  const { [key]: value, ...rest } = o;
  return [value as T, rest];
}

const pOnly = (o: O) => o as RandomOpOptions;

const registry = new Map<string, TransformFactory>([
  ['Compose', (_o, c) => new Compose(c)],
  ['RandomApply', (o, c) => new RandomApply(c, o as { p?: number })],
  ['RandomChoice', (o, c) => new RandomChoice(c, o as { p?: number[] | null })],
  ['RandomOrder', (_o, c) => new RandomOrder(c)],
  ['RandomHorizontalFlip', (o) => new RandomHorizontalFlip(o as { p?: number })],
  ['RandomVerticalFlip', (o) => new RandomVerticalFlip(o as { p?: number })],
  ['RandomResizedCrop', (o) => { const [size, rest] = take<Size>(o, 'size'); return new RandomResizedCrop(size, rest as RandomResizedCropOptions); }],
  ['ColorJitter', (o) => new ColorJitter(o as ColorJitterOptions)],
  ['ToTensor', () => new ToTensor()],
  ['Normalize', (o) => new Normalize(o.mean as number[], o.std as number[])],
  ['Resize', (o) => { const [size, rest] = take<Size>(o, 'size'); return new Resize(size, rest as ResizeTransformOptions); }],
  ['CenterCrop', (o) => new CenterCrop(o.size as Size)],
  ['RandomCrop', (o) => { const [size, rest] = take<Size>(o, 'size'); return new RandomCrop(size, rest as RandomCropOptions); }],
  ['RandomGrayscale', (o) => new RandomGrayscale(o as { p?: number })],
  ['Pad', (o) => { const [padding, rest] = take<Padding>(o, 'padding'); return new Pad(padding, rest as PadTransformOptions); }],
  ['Grayscale', (o) => new Grayscale(o as GrayscaleOptions)],
  ['RandomRotation', (o) => { const [degrees, rest] = take<[number, number]>(o, 'degrees'); return new RandomRotation(degrees, rest as RandomRotationOptions); }],
  ['RandomAffine', (o) => { const [degrees, rest] = take<[number, number]>(o, 'degrees'); return new RandomAffine(degrees, rest as RandomAffineOptions); }],
  ['RandomPerspective', (o) => new RandomPerspective(o as RandomPerspectiveOptions)],
  ['ElasticTransform', (o) => new ElasticTransform(o as ElasticTransformOptions)],
  ['GaussianBlur', (o) => { const [k, rest] = take<[number, number]>(o, 'kernelSize'); return new GaussianBlur(k, rest as GaussianBlurOptions); }],
  ['RandomInvert', (o) => new RandomInvert(pOnly(o))],
  ['RandomPosterize', (o) => { const [bits, rest] = take<number>(o, 'bits'); return new RandomPosterize(bits, pOnly(rest)); }],
  ['RandomSolarize', (o) => { const [t, rest] = take<number>(o, 'threshold'); return new RandomSolarize(t, pOnly(rest)); }],
  ['RandomAdjustSharpness', (o) => { const [f, rest] = take<number>(o, 'sharpnessFactor'); return new RandomAdjustSharpness(f, pOnly(rest)); }],
  ['RandomAutocontrast', (o) => new RandomAutocontrast(pOnly(o))],
  ['RandomEqualize', (o) => new RandomEqualize(pOnly(o))],
  ['RandomErasing', (o) => new RandomErasing(o as RandomErasingOptions)],
  ['FiveCrop', (o) => new FiveCrop(o.size as Size)],
  ['TenCrop', (o) => { const [size, rest] = take<Size>(o, 'size'); return new TenCrop(size, rest as { verticalFlip?: boolean }); }],
  ['LinearTransformation', (o) => new LinearTransformation(o.transformationMatrix as number[][], o.meanVector as number[])],
  ['ConvertImageDtype', (o) => new ConvertImageDtype(o.dtype as ImageDtype)],
  ['AutoAugment', (o) => new AutoAugment(o as AutoAugmentOptions)],
  ['RandAugment', (o) => new RandAugment(o as RandAugmentOptions)],
  ['TrivialAugmentWide', (o) => new TrivialAugmentWide(o as TrivialAugmentWideOptions)],
  ['AugMix', (o) => new AugMix(o as AugMixOptions)],
  ['SanitizeBoundingBoxes', (o) => new SanitizeBoundingBoxes(o as SanitizeBoundingBoxesOptions)],
  ['ClampBoundingBoxes', (o) => new ClampBoundingBoxes(o as Record<string, never>)],
  ['ConvertBoundingBoxFormat', (o) => new ConvertBoundingBoxFormat(o.format as BoundingBoxFormat)],
  ['RandomIoUCrop', (o) => new RandomIoUCrop(o as RandomIoUCropOptions)],
  ['RandomZoomOut', (o) => new RandomZoomOut(o as RandomZoomOutOptions)],
  ['RandomShortestSize', (o) => { const [m, rest] = take<number | number[]>(o, 'minSize'); return new RandomShortestSize(m, rest as RandomShortestSizeOptions); }],
  ['RandomResize', (o) => { const { minSize, maxSize, ...rest } = o; return new RandomResize(minSize as number, maxSize as number, rest as RandomResizeOptions); }],
  ['ScaleJitter', (o) => { const [t, rest] = take<[number, number]>(o, 'targetSize'); return new ScaleJitter(t, rest as ScaleJitterOptions); }],
  ['RandomPhotometricDistort', (o) => new RandomPhotometricDistort(o as RandomPhotometricDistortOptions)],
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
