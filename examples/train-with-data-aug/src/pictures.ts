import fs from 'node:fs';
import path from 'node:path';
import type { LabelledImages } from './image-folder.js';
import {
  ColorJitter,
  Compose,
  RandomHorizontalFlip,
  RandomResizedCrop,
  RandomVerticalFlip,
  createRng,
  type Transform,
} from '@aug/transforms';
import { augmentationGallery, showImages, writeReport, type Figure } from '@aug/viz';

/** The augmentations the seed shows on one picture (d2l's apply(img, aug)). */
export function seedAugmentations(size: number): { name: string; title: string; transform: Transform }[] {
  const shape = (): Transform => new RandomResizedCrop([size, size], { scale: [0.1, 1], ratio: [0.5, 2] });
  const color = (): Transform => new ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.5 });
  return [
    { name: 'hflip', title: 'RandomHorizontalFlip()', transform: new RandomHorizontalFlip() },
    { name: 'vflip', title: 'RandomVerticalFlip()', transform: new RandomVerticalFlip() },
    { name: 'resized-crop', title: `RandomResizedCrop(${size}, scale=(0.1, 1), ratio=(0.5, 2))`, transform: shape() },
    { name: 'brightness', title: 'ColorJitter(brightness=0.5)', transform: new ColorJitter({ brightness: 0.5 }) },
    { name: 'hue', title: 'ColorJitter(hue=0.5)', transform: new ColorJitter({ hue: 0.5 }) },
    { name: 'color', title: 'ColorJitter(0.5, 0.5, 0.5, 0.5)', transform: color() },
    { name: 'compose', title: 'Compose([RandomHorizontalFlip(), color_aug, shape_aug])', transform: new Compose([new RandomHorizontalFlip(), color(), shape()]) },
  ];
}

/** The seed's pictures: the 4x8 grid of the first 32 training images and one 2x4 gallery per augmentation. */
export interface SeedPictures {
  grid: Figure;
  galleries: { name: string; title: string; figure: Figure }[];
}

/**
 * Renders the seed's pictures from a training set (CIFAR-10's or an ImageFolder's): `show_images(first 32, 4, 8, scale=0.8)` with the
 * class names, and d2l's `apply(img, aug)` (2x4) for each augmentation on image `index`, seeded.
 */
export function renderSeedPictures(data: LabelledImages, options: { index?: number; seed?: number | string } = {}): SeedPictures {
  const index = options.index ?? 0;
  if (!Number.isInteger(index) || index < 0 || index >= data.length) {
    throw new RangeError(`--index must be below ${data.length} (the training images), got ${index}`);
  }
  const first = Array.from({ length: Math.min(32, data.length) }, (_, i) => data.getUntransformed(i));
  const grid = showImages(first.map((s) => s.image), 4, 8, { scale: 0.8, titles: first.map((s) => data.classes[s.label] ?? String(s.label)) });
  const picture = data.getUntransformed(index).image;
  const galleries = seedAugmentations(picture.height).map((aug, k) => ({
    name: aug.name,
    title: aug.title,
    figure: augmentationGallery(picture, aug.transform, { rows: 2, cols: 4, rng: createRng(`${options.seed ?? 0}/gallery/${k}`) }),
  }));
  return { grid, galleries };
}

/** Saves the pictures as PNG (the grid also as SVG) into `out`; returns the file names written. */
export function savePictures(pictures: SeedPictures, out: string): string[] {
  fs.mkdirSync(out, { recursive: true });
  pictures.grid.save(path.join(out, 'cifar10-first-32.png'));
  pictures.grid.save(path.join(out, 'cifar10-first-32.svg'));
  const written = ['cifar10-first-32.png', 'cifar10-first-32.svg'];
  for (const g of pictures.galleries) {
    g.figure.save(path.join(out, `augs-${g.name}.png`));
    written.push(`augs-${g.name}.png`);
  }
  return written;
}

/** The pictures' report section: the grid first, then the galleries. */
export function reportGrids(pictures: SeedPictures): { title: string; figure: Figure }[] {
  return [{ title: 'The first 32 training images', figure: pictures.grid }, ...pictures.galleries.map((g) => ({ title: g.title, figure: g.figure }))];
}

/** Writes the grid, the galleries and an HTML page into `out`; returns the files written. */
export function makeGallery(options: { data: LabelledImages; out: string; index: number; seed: number }): string[] {
  const { data, ...config } = options;
  const pictures = renderSeedPictures(data, config);
  const written = savePictures(pictures, options.out);
  writeReport(options.out, { title: 'd2l image augmentation: the pictures', grids: reportGrids(pictures), config: { ...config } });
  return [...written, 'index.html'];
}
