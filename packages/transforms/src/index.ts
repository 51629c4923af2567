export type { Image } from './image.js';
export { assertImage } from './image.js';
export type { Rng, SeededRng } from './rng.js';
export { createRng, sampleRng } from './rng.js';
export type { Transform, TransformSpec, JsonValue, BatchTransform } from './transform.js';
export { isBatchTransform } from './transform.js';
export * as functional from './functional.js';
export type { Interpolation, ResizeOptions, Padding, PaddingMode, PadOptions } from './functional.js';
export { Compose } from './transforms/compose.js';
export { RandomHorizontalFlip, RandomVerticalFlip } from './transforms/random-flip.js';
export type { FlipOptions } from './transforms/random-flip.js';
export { RandomResizedCrop } from './transforms/random-resized-crop.js';
export type { RandomResizedCropOptions } from './transforms/random-resized-crop.js';
export type { CropBox } from './crop-box.js';
export { ColorJitter } from './transforms/color-jitter.js';
export type { ColorJitterOptions, ColorJitterParams, JitterRange } from './transforms/color-jitter.js';
export { ToTensor } from './transforms/to-tensor.js';
export { Normalize } from './transforms/normalize.js';
export { Resize } from './transforms/resize.js';
export type { ResizeTransformOptions } from './transforms/resize.js';
export { CenterCrop } from './transforms/center-crop.js';
export { RandomCrop } from './transforms/random-crop.js';
export type { RandomCropOptions } from './transforms/random-crop.js';
export { RandomApply } from './transforms/random-apply.js';
export { RandomChoice } from './transforms/random-choice.js';
export { RandomOrder } from './transforms/random-order.js';
export { RandomGrayscale } from './transforms/random-grayscale.js';
export { transformFromJSON, registerTransform } from './serialize.js';
export type { TransformFactory } from './serialize.js';
export { Pad } from './transforms/pad.js';
export type { PadTransformOptions } from './transforms/pad.js';
export { Grayscale } from './transforms/grayscale.js';
export type { GrayscaleOptions } from './transforms/grayscale.js';
export { RandomRotation } from './transforms/random-rotation.js';
export type { RandomRotationOptions } from './transforms/random-rotation.js';
export { RandomAffine } from './transforms/random-affine.js';
export type { RandomAffineOptions, AffineParams } from './transforms/random-affine.js';
export { RandomPerspective } from './transforms/random-perspective.js';
export type { RandomPerspectiveOptions, PerspectiveParams } from './transforms/random-perspective.js';
export { ElasticTransform } from './transforms/elastic-transform.js';
export type { ElasticTransformOptions } from './transforms/elastic-transform.js';
export { GaussianBlur } from './transforms/gaussian-blur.js';
export type { GaussianBlurOptions } from './transforms/gaussian-blur.js';
export {
  RandomInvert, RandomPosterize, RandomSolarize, RandomAdjustSharpness, RandomAutocontrast, RandomEqualize,
} from './transforms/random-color-ops.js';
export type { RandomOpOptions } from './transforms/random-color-ops.js';
export { RandomErasing } from './transforms/random-erasing.js';
export type { RandomErasingOptions, ErasingParams } from './transforms/random-erasing.js';
export { FiveCrop, TenCrop } from './transforms/multi-crop.js';
export { LinearTransformation } from './transforms/linear-transformation.js';
export { Lambda } from './transforms/lambda.js';
export { ConvertImageDtype } from './transforms/convert-image-dtype.js';
export { AutoAugment } from './transforms/auto-augment.js';
export type { AutoAugmentOptions, AutoAugmentPolicy, AutoAugmentParams } from './transforms/auto-augment.js';
export { RandAugment } from './transforms/rand-augment.js';
export type { RandAugmentOptions } from './transforms/rand-augment.js';
export { TrivialAugmentWide } from './transforms/trivial-augment-wide.js';
export type { TrivialAugmentWideOptions } from './transforms/trivial-augment-wide.js';
export { AugMix } from './transforms/aug-mix.js';
export type { AugMixOptions } from './transforms/aug-mix.js';
export type { ImageDtype, GridInterpolation, RotateOptions, AffineOptions, WarpOptions, TenCropOptions } from './functional.js';
export { MixUp } from './mix/mix-up.js';
export { CutMix } from './mix/cut-mix.js';
export type { CutMixParams } from './mix/cut-mix.js';
export type { LabelledBatch, SoftBatch, MixOptions } from './mix/soft-labels.js';
export type {
  BoundingBoxes, BoundingBoxFormat, BoundingBoxesOptions, Mask, KeyPoints, KeyPointsOptions, Target, TargetKind, CanvasSize,
} from './targets/index.js';
export {
  boundingBoxes, mask, keyPoints, isBoundingBoxes, isMask, isKeyPoints, isTarget,
  convertBoundingBoxFormat, clampBoundingBoxes,
  boundingBoxesFromCoco, boundingBoxesToCoco, boundingBoxesFromVoc, boundingBoxesToVoc, boundingBoxesFromYolo, boundingBoxesToYolo,
} from './targets/index.js';
