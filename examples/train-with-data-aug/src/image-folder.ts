import fs from 'node:fs';
import { ArrayDataset, DataError, ImageFolder, type TransformedDataset } from '@aug/data';
import type { Image, Transform } from '@aug/transforms';

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
  return isDir(`${dir}/train`) && isDir(`${dir}/test`);
}

/** Pictures decoded at once (the files are read and decoded concurrently, in groups of this many). */
const READ_GROUP = 64;

/**
 * Reads one ImageFolder split with `@aug/data`'s `ImageFolder` (torchvision's semantics: class folders sorted,
 * searched recursively, `IMG_EXTENSIONS`, decoded as RGB) and keeps the decoded pictures in memory (this
 * example's pictures are small and every epoch reads all of them), with `transform` applied in `get(i, rng)`.
 * The pictures must all be square and of one size (the network's input size). `classes` must equal the
 * training split's when given.
 */
export async function readImageFolder(dir: string, transform: Transform, classes?: readonly string[]): Promise<LabelledImages> {
  let folder: ImageFolder;
  try {
    folder = new ImageFolder(dir);
  } catch (err) {
    if (DataError.isInstance(err)) throw new ImageFolderError(err.message);
    throw err;
  }
  if (classes && folder.classes.join('\n') !== classes.join('\n')) {
    throw new ImageFolderError(`${dir} has the classes ${folder.classes.join(', ')}, but the training split has ${classes.join(', ')}`);
  }
  const images = new Array<Image>(folder.length);
  for (let start = 0; start < folder.length; start += READ_GROUP) {
    const group = Array.from({ length: Math.min(READ_GROUP, folder.length - start) }, (_, k) => start + k);
    await Promise.all(
      group.map(async (i) => {
        try {
          images[i] = (await folder.get(i)).image;
        } catch (err) {
          if (DataError.isInstance(err)) throw new ImageFolderError(err.message);
          throw err;
        }
      }),
    );
  }
  images.forEach((image, i) => {
    const file = folder.samples[i]![0];
    if (image.height !== image.width) throw new ImageFolderError(`${file} is ${image.width}x${image.height}: the network takes square pictures`);
    const first = images[0]!;
    if (image.height !== first.height) {
      throw new ImageFolderError(`${file} is ${image.width}x${image.height}, but ${folder.samples[0]![0]} is ${first.width}x${first.height}: every picture must have one size`);
    }
  });
  const dataset = new ArrayDataset(images, folder.targets, { transform });
  return Object.assign(dataset, { classes: folder.classes }) as LabelledImages;
}
