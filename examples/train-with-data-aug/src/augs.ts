import {
  ColorJitter,
  Compose,
  RandomHorizontalFlip,
  RandomResizedCrop,
  ToTensor,
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
