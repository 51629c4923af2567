import {
  ColorJitter,
  Compose,
  RandomHorizontalFlip,
  RandomResizedCrop,
  RandomVerticalFlip,
  ToTensor,
  type Transform,
} from '@aug/transforms';
import type { AugsName } from './cli.js';

/** d2l's `train_augs` for each `--augs` choice (ToTensor last, as the seed). */
export function trainAugs(augs: AugsName): Compose {
  switch (augs) {
    case 'flip':
      return new Compose([new RandomHorizontalFlip(), new ToTensor()]);
    case 'none':
      return new Compose([new ToTensor()]);
    case 'full':
      return new Compose([
        new RandomHorizontalFlip(),
        new RandomResizedCrop([32, 32], { scale: [0.1, 1], ratio: [0.5, 2] }),
        new ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.5 }),
        new ToTensor(),
      ]);
  }
}

/** d2l's `test_augs`: only ToTensor. */
export function testAugs(): Compose {
  return new Compose([new ToTensor()]);
}

/** The augmentations the seed shows on one picture, each saved as a 2x4 gallery. */
export function galleryAugs(): { name: string; title: string; transform: Transform }[] {
  const shape = () => new RandomResizedCrop([32, 32], { scale: [0.1, 1], ratio: [0.5, 2] });
  const color = () => new ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.5 });
  return [
    { name: 'hflip', title: 'RandomHorizontalFlip()', transform: new RandomHorizontalFlip() },
    { name: 'vflip', title: 'RandomVerticalFlip()', transform: new RandomVerticalFlip() },
    { name: 'resized-crop', title: 'RandomResizedCrop(32, scale=(0.1, 1), ratio=(0.5, 2))', transform: shape() },
    { name: 'brightness', title: 'ColorJitter(brightness=0.5)', transform: new ColorJitter({ brightness: 0.5 }) },
    { name: 'hue', title: 'ColorJitter(hue=0.5)', transform: new ColorJitter({ hue: 0.5 }) },
    { name: 'color', title: 'ColorJitter(0.5, 0.5, 0.5, 0.5)', transform: color() },
    {
      name: 'compose',
      title: 'Compose([RandomHorizontalFlip(), color_aug, shape_aug])',
      transform: new Compose([new RandomHorizontalFlip(), color(), shape()]),
    },
  ];
}
