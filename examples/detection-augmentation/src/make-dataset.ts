// Makes a small COCO-format detection set from real CIFAR-10 pictures pasted onto larger canvases:
// <out>/images/000001.png ... and <out>/annotations.json (images, annotations with bbox, area, polygon
// segmentation, iscrowd 0, and the ten CIFAR-10 categories with ids 1..10).
//   npx tsx src/make-dataset.ts [--data-dir <cifar .tar.gz or folder>] [--out tmp/out/dataset] [--images 24] [--seed 0]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeImage } from '@aug/data';
import { createRng } from '@aug/transforms';
import { CIFAR10_CLASSES, readAssetPictures, readCifarPictures, type Picture } from './cifar-source.js';
import { composeScene } from './compose-scene.js';

/** Where the example's shipped pictures are. */
export const ASSETS_DIR = fileURLToPath(new URL('../assets', import.meta.url));

/** Options of {@link makeDataset}. */
export interface MakeDatasetOptions {
  /** Pictures to paste; default the 40 shipped in assets/. */
  pictures?: readonly Picture[];
  /** Number of canvases (default 24). */
  images?: number;
  /** Canvas side (default 160). */
  size?: number;
  /** Seed of the layout (default 0). */
  seed?: number;
}

/** Paths of a written dataset. */
export interface DatasetPaths {
  imagesDir: string;
  annFile: string;
  images: number;
  annotations: number;
}

/** Area of a polygon `[x1, y1, ...]` (shoelace). */
function polygonArea(p: readonly number[]): number {
  let a = 0;
  for (let i = 0, j = p.length - 2; i < p.length; j = i, i += 2) a += p[j]! * p[i + 1]! - p[i]! * p[j + 1]!;
  return Math.abs(a) / 2;
}

/**
 * Writes the COCO detection set into `out` (`images/` and `annotations.json`) and returns its paths.
 *
 * @example
 * ```ts
 * const { imagesDir, annFile } = await makeDataset('tmp/out/dataset', { images: 8 });
 * const coco = new CocoDetection(imagesDir, annFile);
 * ```
 */
export async function makeDataset(out: string, options: MakeDatasetOptions = {}): Promise<DatasetPaths> {
  const pictures = options.pictures ?? (await readAssetPictures(ASSETS_DIR));
  const count = options.images ?? 24;
  const rng = createRng(options.seed ?? 0);
  const imagesDir = join(out, 'images');
  mkdirSync(imagesDir, { recursive: true });
  const images: object[] = [];
  const annotations: object[] = [];
  for (let i = 1; i <= count; i++) {
    const scene = composeScene(pictures, rng, options.size !== undefined ? { size: options.size } : {});
    const fileName = `${String(i).padStart(6, '0')}.png`;
    await writeImage(join(imagesDir, fileName), scene.image);
    images.push({ id: i, file_name: fileName, height: scene.image.height, width: scene.image.width });
    for (const o of scene.objects) {
      annotations.push({
        id: annotations.length + 1, image_id: i, category_id: o.label + 1, bbox: o.bbox, area: polygonArea(o.polygon), iscrowd: 0, segmentation: [o.polygon],
      });
    }
  }
  const categories = CIFAR10_CLASSES.map((name, k) => ({ id: k + 1, name, supercategory: 'cifar10' }));
  const annFile = join(out, 'annotations.json');
  writeFileSync(annFile, JSON.stringify({ info: { description: 'CIFAR-10 pictures pasted onto 160x160 canvases (aug example)' }, images, annotations, categories }));
  return { imagesDir, annFile, images: count, annotations: annotations.length };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dataDir = arg('--data-dir');
  const pictures = dataDir !== undefined ? readCifarPictures(dataDir, 200) : undefined;
  const out = arg('--out') ?? 'tmp/out/dataset';
  const paths = await makeDataset(out, { ...(pictures ? { pictures } : {}), images: Number(arg('--images') ?? 24), seed: Number(arg('--seed') ?? 0) });
  console.log(`wrote ${paths.images} images and ${paths.annotations} annotations to ${out} (${dataDir ?? 'pictures from assets/'})`);
}
