import { checkOptions, optionKeys } from '@aug/internal';
import type { AnimatorOptions } from './animator.js';
import type { AugmentationGalleryOptions } from './augmentation-gallery.js';
import type { DetectionGalleryOptions } from './detection-gallery.js';
import type { DrawBoundingBoxesOptions } from './draw-bounding-boxes.js';
import type { DrawKeypointsOptions } from './draw-keypoints.js';
import type { DrawSegmentationMasksOptions } from './draw-segmentation-masks.js';
import type { LiveViewOptions } from './live-view.js';
import type { ShowImagesOptions } from './show-images.js';

/**
 * The keys of every public options type of `@aug/viz`, by type name; the compiler checks each list against
 * its interface (a key added to an interface and not here fails to compile). The functions and classes
 * taking these options pass them through {@link checkOptionKeys}, so a misspelled key (`legnd`, `colours`)
 * is a `TypeError` naming it and the nearest valid key instead of being ignored.
 */
export const OPTION_KEYS = {
  AnimatorOptions: optionKeys<AnimatorOptions>({
    xlabel: true,
    ylabel: true,
    legend: true,
    xlim: true,
    ylim: true,
    xscale: true,
    yscale: true,
    fmts: true,
    figsize: true,
    dpi: true,
    live: true,
    liveOptions: true,
    onWarning: true,
  }),
  LiveViewOptions: optionKeys<LiveViewOptions>({ tty: true, color: true, rows: true }),
  ShowImagesOptions: optionKeys<ShowImagesOptions>({ titles: true, scale: true, dpi: true, titlePosition: true }),
  AugmentationGalleryOptions: optionKeys<AugmentationGalleryOptions>({ rows: true, cols: true, rng: true, scale: true, dpi: true, titles: true }),
  DetectionGalleryOptions: optionKeys<DetectionGalleryOptions>({
    rows: true,
    cols: true,
    rng: true,
    scale: true,
    dpi: true,
    classes: true,
    showLabels: true,
    maskAlpha: true,
    boxWidth: true,
  }),
  DrawBoundingBoxesOptions: optionKeys<DrawBoundingBoxesOptions>({ labels: true, colors: true, width: true, fill: true }),
  DrawSegmentationMasksOptions: optionKeys<DrawSegmentationMasksOptions>({ alpha: true, colors: true }),
  DrawKeypointsOptions: optionKeys<DrawKeypointsOptions>({ connectivity: true, colors: true, radius: true, width: true }),
} as const;

/** The options `drawSample` takes: the drawing part of {@link DetectionGalleryOptions}. */
export const DRAW_SAMPLE_KEYS: readonly string[] = ['classes', 'showLabels', 'maskAlpha', 'boxWidth'];

/** Name of a public options type of `@aug/viz`. */
export type OptionsTypeName = keyof typeof OPTION_KEYS;

/**
 * Throws a `TypeError` when `options` is not an object or holds a key that `type` does not have.
 * @example `checkOptionKeys(options, 'AnimatorOptions', 'Animator')`
 */
export function checkOptionKeys(options: unknown, type: OptionsTypeName, where: string): void {
  checkOptions(options, OPTION_KEYS[type], where);
}
