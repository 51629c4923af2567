// The example's steps: make the dataset when it is missing, draw the gallery, check boxes against masks.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CocoDetection } from '@aug/data';
import { createRng, type Transform } from '@aug/transforms';
import { detectionGallery } from '@aug/viz';
import { CIFAR10_CLASSES, readCifarPictures } from './cifar-source.js';
import { checkCoverage, type Violation } from './check-coverage.js';
import { makeDataset } from './make-dataset.js';
import { ssdPipeline } from './pipeline.js';

/** Options of {@link runExample}. */
export interface RunOptions {
  /** Output folder (dataset/, gallery.png); default tmp/out. */
  out?: string;
  /** CIFAR-10 binary (.tar.gz or folder) to take pictures from; default the 40 shipped in assets/. */
  dataDir?: string;
  /** Canvases to make when the dataset is missing (default 24). */
  images?: number;
  /** Augmentation seeds per image for the check (default 5). */
  seeds?: number;
  /** The pipeline (default {@link ssdPipeline}). */
  transforms?: Transform;
  /** Where the gallery goes (default `<out>/gallery.png`); `null` skips it. */
  gallery?: string | null;
  /** Seed of the gallery's draws (default 0). */
  gallerySeed?: number;
  /** Progress lines (default console.log). */
  log?: (line: string) => void;
}

/** What {@link runExample} found. */
export interface RunSummary {
  images: number;
  seeds: number;
  /** Objects before augmentation, summed over images and seeds. */
  objectsIn: number;
  /** Boxes checked after augmentation (the rest were dropped by SanitizeBoundingBoxes). */
  boxesChecked: number;
  /** Boxes whose mask became empty (covered trivially). */
  emptyMasks: number;
  violations: (Violation & { image: number; seed: number })[];
  galleryPath?: string;
}

/** `CIFAR10_CLASSES` by COCO category id (1..10), as the dataset writes them. */
export const CATEGORY_NAMES: readonly string[] = ['', ...CIFAR10_CLASSES];

/**
 * Runs the example: makes `<out>/dataset` when it has no annotations.json, saves the detection gallery
 * of the image with the most objects, then loads every image with `CocoDetection` and the pipeline for
 * `seeds` seeds and checks that each box still covers its object's mask.
 *
 * @example
 * ```ts
 * const summary = await runExample({ out: 'tmp/out', seeds: 3 });
 * if (summary.violations.length > 0) process.exitCode = 1;
 * ```
 */
export async function runExample(options: RunOptions = {}): Promise<RunSummary> {
  const log = options.log ?? ((line: string) => console.log(line));
  const out = options.out ?? 'tmp/out';
  const datasetDir = join(out, 'dataset');
  const annFile = join(datasetDir, 'annotations.json');
  const imagesDir = join(datasetDir, 'images');
  if (!existsSync(annFile)) {
    const pictures = options.dataDir !== undefined ? readCifarPictures(options.dataDir, 200) : undefined;
    const made = await makeDataset(datasetDir, { ...(pictures ? { pictures } : {}), images: options.images ?? 24 });
    log(`made ${made.images} images with ${made.annotations} objects in ${datasetDir} (pictures from ${options.dataDir ?? 'assets/'})`);
  } else {
    log(`using the dataset in ${datasetDir}`);
  }
  const transforms = options.transforms ?? ssdPipeline();
  const plain = new CocoDetection(imagesDir, annFile);
  const counts = await Promise.all(Array.from({ length: plain.length }, async (_, i) => (await plain.get(i, createRng(0))).target.labels.length));

  const summary: RunSummary = { images: plain.length, seeds: options.seeds ?? 5, objectsIn: 0, boxesChecked: 0, emptyMasks: 0, violations: [] };
  if (options.gallery !== null) {
    const best = counts.indexOf(Math.max(...counts));
    const path = options.gallery ?? join(out, 'gallery.png');
    const fig = detectionGallery(await plain.get(best, createRng(0)), transforms, {
      rows: 2, cols: 4, rng: createRng(options.gallerySeed ?? 0), classes: CATEGORY_NAMES, scale: 2,
    });
    fig.save(path);
    summary.galleryPath = path;
    log(`gallery of image ${best} (${counts[best]} objects) and 8 augmented draws: ${path}`);
  }

  const coco = new CocoDetection(imagesDir, annFile, { transforms: transforms as never });
  for (let seed = 0; seed < summary.seeds; seed++) {
    for (let i = 0; i < coco.length; i++) {
      const { target } = await coco.get(i, createRng(seed * 100_003 + i));
      summary.objectsIn += counts[i]!;
      if (!target.masks) throw new Error(`image ${i}: CocoDetection returned no masks`);
      const r = checkCoverage(target.boxes, target.masks, target.labels);
      summary.boxesChecked += r.boxes;
      summary.emptyMasks += r.emptyMasks;
      for (const v of r.violations) summary.violations.push({ ...v, image: i, seed });
    }
  }
  const passed = summary.boxesChecked - new Set(summary.violations.map((v) => `${v.seed}/${v.image}/${v.object}`)).size;
  log(
    `checked ${summary.boxesChecked} boxes (${summary.images} images x ${summary.seeds} seeds; ${summary.objectsIn - summary.boxesChecked} of ${summary.objectsIn} objects dropped by the crop): ` +
      `${passed} cover their masks (${summary.emptyMasks} of them with an empty mask after the crop), ${summary.violations.length} violations`,
  );
  for (const v of summary.violations.slice(0, 10)) log(`  violation: image ${v.image}, seed ${v.seed}, object ${v.object}: ${v.message}`);
  return summary;
}
