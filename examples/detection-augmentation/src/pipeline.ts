// The SSD training augmentation of torchvision's detection references (v2 transforms).
import {
  Compose, RandomHorizontalFlip, RandomIoUCrop, RandomPhotometricDistort, RandomZoomOut, SanitizeBoundingBoxes,
} from '@aug/transforms';

/**
 * torchvision's SSD pipeline (`references/detection/presets.py`, `data_augmentation="ssd"`):
 * photometric distortion, zoom-out on the ImageNet mean colour, IoU crop, horizontal flip, then
 * `SanitizeBoundingBoxes` to drop boxes (with their labels and mask planes) the crop made degenerate.
 *
 * @example
 * ```ts
 * const coco = new CocoDetection(imagesDir, annFile, { transforms: ssdPipeline() });
 * ```
 */
export function ssdPipeline(): Compose {
  return new Compose([
    new RandomPhotometricDistort({ p: 1 }),
    new RandomZoomOut({ fill: [123, 117, 104] }),
    new RandomIoUCrop(),
    new RandomHorizontalFlip({ p: 0.5 }),
    new SanitizeBoundingBoxes(),
  ]);
}
