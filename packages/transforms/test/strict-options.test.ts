// Every public options object of @aug/transforms rejects an unknown key with a TypeError naming it and the
// nearest valid key (issue 30; one check for every package: @aug/internal's checkOptions). The key lists
// below are compiler-checked against the exported option types, and each class's or kernel's runtime list
// (the "the options are ..." of its error) must equal them, so a new option cannot be forgotten.
import { readFileSync } from 'node:fs';
import { optionKeys } from '@aug/internal';
import { exportedTypes } from '@aug/test-utils';
import { describe, expect, it } from 'vitest';
import * as T from '../src/index.js';
import { KERNEL_OPTION_KEYS } from '../src/option-keys.js';

const index = readFileSync(new URL('../src/index.ts', import.meta.url), 'utf8');
const img: T.Image = { data: new Uint8Array(16 * 16 * 3).fill(9), height: 16, width: 16, channels: 3 };
const F = T.functional;

const CLASS_OPTION_KEYS = {
  FlipOptions: optionKeys<T.FlipOptions>({ p: true }),
  RandomResizedCropOptions: optionKeys<T.RandomResizedCropOptions>({ scale: true, ratio: true, interpolation: true, antialias: true }),
  ColorJitterOptions: optionKeys<T.ColorJitterOptions>({ brightness: true, contrast: true, saturation: true, hue: true }),
  ResizeTransformOptions: optionKeys<T.ResizeTransformOptions>({ interpolation: true, antialias: true, maxSize: true }),
  RandomCropOptions: optionKeys<T.RandomCropOptions>({ padding: true, padIfNeeded: true, fill: true, paddingMode: true, mode: true }),
  PadTransformOptions: optionKeys<T.PadTransformOptions>({ fill: true, paddingMode: true }),
  GrayscaleOptions: optionKeys<T.GrayscaleOptions>({ numOutputChannels: true }),
  RandomRotationOptions: optionKeys<T.RandomRotationOptions>({ interpolation: true, expand: true, center: true, fill: true }),
  RandomAffineOptions: optionKeys<T.RandomAffineOptions>({ translate: true, scale: true, shear: true, interpolation: true, fill: true, center: true }),
  RandomPerspectiveOptions: optionKeys<T.RandomPerspectiveOptions>({ distortionScale: true, p: true, interpolation: true, fill: true }),
  ElasticTransformOptions: optionKeys<T.ElasticTransformOptions>({ alpha: true, sigma: true, interpolation: true, fill: true }),
  GaussianBlurOptions: optionKeys<T.GaussianBlurOptions>({ sigma: true }),
  RandomOpOptions: optionKeys<T.RandomOpOptions>({ p: true }),
  RandomErasingOptions: optionKeys<T.RandomErasingOptions>({ p: true, scale: true, ratio: true, value: true }),
  AutoAugmentOptions: optionKeys<T.AutoAugmentOptions>({ policy: true, interpolation: true, fill: true }),
  RandAugmentOptions: optionKeys<T.RandAugmentOptions>({ numOps: true, magnitude: true, numMagnitudeBins: true, interpolation: true, fill: true }),
  TrivialAugmentWideOptions: optionKeys<T.TrivialAugmentWideOptions>({ numMagnitudeBins: true, interpolation: true, fill: true }),
  AugMixOptions: optionKeys<T.AugMixOptions>({ severity: true, mixtureWidth: true, chainDepth: true, alpha: true, allOps: true, interpolation: true, fill: true }),
  MixOptions: optionKeys<T.MixOptions>({ alpha: true, numClasses: true }),
  SanitizeBoundingBoxesOptions: optionKeys<T.SanitizeBoundingBoxesOptions>({ minSize: true, minArea: true, labelsGetter: true }),
  RandomIoUCropOptions: optionKeys<T.RandomIoUCropOptions>({ minScale: true, maxScale: true, minAspectRatio: true, maxAspectRatio: true, samplerOptions: true, trials: true }),
  RandomZoomOutOptions: optionKeys<T.RandomZoomOutOptions>({ fill: true, sideRange: true, p: true }),
  RandomShortestSizeOptions: optionKeys<T.RandomShortestSizeOptions>({ maxSize: true, interpolation: true, antialias: true }),
  RandomResizeOptions: optionKeys<T.RandomResizeOptions>({ interpolation: true, antialias: true }),
  ScaleJitterOptions: optionKeys<T.ScaleJitterOptions>({ scaleRange: true, interpolation: true, antialias: true }),
  RandomPhotometricDistortOptions: optionKeys<T.RandomPhotometricDistortOptions>({ brightness: true, contrast: true, saturation: true, hue: true, p: true }),
} as const;

const ALL = { ...CLASS_OPTION_KEYS, ...KERNEL_OPTION_KEYS };
type TypeName = keyof typeof ALL;

/** For each options type, every public class or function taking it, called with `options`. */
const callers: Record<TypeName, ((o: Record<string, unknown>) => unknown)[]> = {
  FlipOptions: [(o) => new T.RandomHorizontalFlip(o as never), (o) => new T.RandomVerticalFlip(o as never)],
  RandomResizedCropOptions: [(o) => new T.RandomResizedCrop(8, o as never)],
  ColorJitterOptions: [(o) => new T.ColorJitter(o as never)],
  ResizeTransformOptions: [(o) => new T.Resize(8, o as never)],
  RandomCropOptions: [(o) => new T.RandomCrop(8, o as never)],
  PadTransformOptions: [(o) => new T.Pad(1, o as never)],
  GrayscaleOptions: [(o) => new T.Grayscale(o as never)],
  RandomRotationOptions: [(o) => new T.RandomRotation(10, o as never)],
  RandomAffineOptions: [(o) => new T.RandomAffine(10, o as never)],
  RandomPerspectiveOptions: [(o) => new T.RandomPerspective(o as never)],
  ElasticTransformOptions: [(o) => new T.ElasticTransform(o as never)],
  GaussianBlurOptions: [(o) => new T.GaussianBlur(3, o as never)],
  RandomOpOptions: [
    (o) => new T.RandomInvert(o as never), (o) => new T.RandomPosterize(4, o as never), (o) => new T.RandomSolarize(100, o as never),
    (o) => new T.RandomAdjustSharpness(2, o as never), (o) => new T.RandomAutocontrast(o as never), (o) => new T.RandomEqualize(o as never),
  ],
  RandomErasingOptions: [(o) => new T.RandomErasing(o as never)],
  AutoAugmentOptions: [(o) => new T.AutoAugment(o as never)],
  RandAugmentOptions: [(o) => new T.RandAugment(o as never)],
  TrivialAugmentWideOptions: [(o) => new T.TrivialAugmentWide(o as never)],
  AugMixOptions: [(o) => new T.AugMix(o as never)],
  MixOptions: [(o) => new T.MixUp({ numClasses: 3, ...o } as never), (o) => new T.CutMix({ numClasses: 3, ...o } as never)],
  SanitizeBoundingBoxesOptions: [(o) => new T.SanitizeBoundingBoxes(o as never)],
  RandomIoUCropOptions: [(o) => new T.RandomIoUCrop(o as never)],
  RandomZoomOutOptions: [(o) => new T.RandomZoomOut(o as never)],
  RandomShortestSizeOptions: [(o) => new T.RandomShortestSize(8, o as never)],
  RandomResizeOptions: [(o) => new T.RandomResize(8, 16, o as never)],
  ScaleJitterOptions: [(o) => new T.ScaleJitter([16, 16], o as never)],
  RandomPhotometricDistortOptions: [(o) => new T.RandomPhotometricDistort(o as never)],
  ResizeOptions: [(o) => F.resize(img, 8, o as never), (o) => F.resizedCrop(img, 0, 0, 8, 8, 4, o as never)],
  PadOptions: [(o) => F.pad(img, 1, o as never)],
  RotateOptions: [(o) => F.rotate(img, 10, o as never)],
  AffineOptions: [(o) => F.affine(img, 10, [0, 0], 1, 0, o as never)],
  WarpOptions: [
    (o) => F.perspective(img, [[0, 0], [15, 0], [15, 15], [0, 15]], [[1, 0], [15, 0], [15, 15], [0, 15]], o as never),
    (o) => F.perspectiveWithCoeffs(img, [1, 0, 0, 0, 1, 0, 0, 0], o as never),
    (o) => F.elasticTransform(img, new Float32Array(16 * 16 * 2), o as never),
  ],
  // (The TenCrop class takes torchvision's `verticalFlip`, not this kernel option type; errors.test.ts checks it.)
  TenCropOptions: [(o) => F.tenCrop(img, 4, o as never)],
  BoundingBoxesOptions: [(o) => T.boundingBoxes([0, 0, 4, 4], { format: 'xyxy', canvasSize: [16, 16], ...o } as never)],
  KeyPointsOptions: [(o) => T.keyPoints([1, 1], { canvasSize: [16, 16], ...o } as never)],
};

function errorOf(call: () => unknown): Error {
  try {
    call();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a TypeError');
}

describe('strict options', () => {
  it('covers every exported options type of the package', () => {
    const types = exportedTypes(index).filter((t) => t.endsWith('Options'));
    expect(types.sort()).toEqual(Object.keys(ALL).sort());
  });

  for (const type of Object.keys(ALL) as TypeName[]) {
    it(`${type}: the runtime key list is the type's, and each key with one letter dropped names the key`, () => {
      const keys = ALL[type];
      for (const [i, call] of callers[type].entries()) {
        const listed = /the options are (.*)$/.exec(errorOf(() => call({ zzzNotAnOption: 1 })).message)?.[1]?.split(', ');
        expect(new Set(listed), `${type} caller ${i}`).toEqual(new Set(type === 'RandomOpOptions' ? [...keys, ...(listed ?? []).filter((k) => k !== 'p')] : keys));
        for (const key of keys) {
          const typo = key.length > 3 ? key.slice(0, -2) + key.slice(-1) : `${key}x`;
          const error = errorOf(() => call({ [typo]: 1 }));
          expect(error, `${type}.${typo}`).toBeInstanceOf(TypeError);
          expect(error.message).toContain(`unknown option "${typo}" (did you mean "${key}"?)`);
        }
      }
    });
  }
});
