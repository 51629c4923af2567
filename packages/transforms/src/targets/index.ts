// The detection and segmentation targets (torchvision v2's tv_tensors): types, constructors, guards, formats.
export type { CanvasSize } from './canvas-size.js';
export type { BoundingBoxes, BoundingBoxFormat, BoundingBoxesOptions } from './bounding-boxes.js';
export { boundingBoxes, isBoundingBoxes } from './bounding-boxes.js';
export type { Mask } from './mask.js';
export { mask, isMask } from './mask.js';
export type { KeyPoints, KeyPointsOptions } from './key-points.js';
export { keyPoints, isKeyPoints } from './key-points.js';
export type { Target, TargetKind } from './target.js';
export { isTarget } from './target.js';
export {
  convertBoundingBoxFormat, clampBoundingBoxes,
  boundingBoxesFromCoco, boundingBoxesToCoco, boundingBoxesFromVoc, boundingBoxesToVoc, boundingBoxesFromYolo, boundingBoxesToYolo,
} from './formats.js';
