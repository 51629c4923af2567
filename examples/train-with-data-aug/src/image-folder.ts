import fs from 'node:fs';
import path from 'node:path';
import { ArrayDataset, type TransformedDataset } from '@aug/cifar10';
import type { Image, Transform } from '@aug/transforms';
import { decodePng } from '@aug/viz';

/** The picture files an ImageFolder split may hold (decoded once, into memory). */
const EXTENSIONS = new Set(['.png']);

/** A labelled training or test set with its class names: CIFAR-10's binary layout or an ImageFolder split. */
export interface LabelledImages extends TransformedDataset {
  readonly classes: readonly string[];
}

/** An ImageFolder split is not usable: the message names the folder and what is wrong. */
export class ImageFolderError extends Error {
  override name = 'ImageFolderError';
}

/** True when `dir` holds `train/` and `test/` folders (torchvision's ImageFolder layout, one per split). */
export function isImageFolderLayout(dir: string): boolean {
  const isDir = (p: string): boolean => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
  return isDir(path.join(dir, 'train')) && isDir(path.join(dir, 'test'));
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(p));
    else if (EXTENSIONS.has(path.extname(entry.name).toLowerCase())) out.push(p);
  }
  return out;
}

/** Decodes a PNG to an RGB uint8 HWC image (PIL's `convert('RGB')`: alpha dropped). */
function readRgb(file: string): Image {
  const { width, height, data } = decodePng(fs.readFileSync(file));
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0, q = 0; p < rgb.length; p += 3, q += 4) {
    rgb[p] = data[q]!;
    rgb[p + 1] = data[q + 1]!;
    rgb[p + 2] = data[q + 2]!;
  }
  return { data: rgb, height, width, channels: 3 };
}

/**
 * Reads one ImageFolder split (`dir/<class>/**\/*.png`, torchvision's layout: class folders sorted by name,
 * class index = position) into memory, decoded as RGB, with `transform` applied in `get(i, rng)`. The pictures
 * must all be square and of one size (the network's input size). `classes` must equal the training split's when given.
 */
export function readImageFolder(dir: string, transform: Transform, classes?: readonly string[]): LabelledImages {
  const found = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  if (found.length === 0) throw new ImageFolderError(`${dir} holds no class folders (expected ${dir}/<class>/*.png)`);
  if (classes && found.join('\n') !== classes.join('\n')) {
    throw new ImageFolderError(`${dir} has the classes ${found.join(', ')}, but the training split has ${classes.join(', ')}`);
  }
  const images: Image[] = [];
  const labels: number[] = [];
  found.forEach((name, label) => {
    const files = listFiles(path.join(dir, name));
    if (files.length === 0) throw new ImageFolderError(`${path.join(dir, name)} holds no .png pictures`);
    for (const file of files) {
      const image = readRgb(file);
      if (image.height !== image.width) throw new ImageFolderError(`${file} is ${image.width}x${image.height}: the network takes square pictures`);
      const first = images[0];
      if (first && (image.height !== first.height || image.width !== first.width)) {
        throw new ImageFolderError(
          `${file} is ${image.width}x${image.height}, but the first picture is ${first.width}x${first.height}: every picture must have one size`,
        );
      }
      images.push(image);
      labels.push(label);
    }
  });
  const dataset = new ArrayDataset(images, labels, { transform });
  return Object.assign(dataset, { classes: found }) as LabelledImages;
}
