import {
  AutoAugment,
  ColorJitter,
  Compose,
  CutMix,
  MixUp,
  RandAugment,
  RandomCrop,
  RandomHorizontalFlip,
  RandomResizedCrop,
  ToTensor,
  TrivialAugmentWide,
  createRng,
} from '@aug/transforms';
import type { Batch, BatchSource } from '@aug/train';
import type { Tensor1D } from '@tensorflow/tfjs-core';
import type { AugsName } from './cli.js';

/**
 * d2l's `train_augs` for each `--augs` choice (ToTensor last, as the seed). The auto-augment family works on
 * uint8 pictures, so it runs before ToTensor; `mixup` and `cutmix` flip each picture here and mix whole
 * batches in {@link withBatchAugs}.
 */
export function trainAugs(augs: AugsName): Compose {
  switch (augs) {
    case 'flip':
    case 'mixup':
    case 'cutmix':
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
    case 'randaugment':
      return new Compose([new RandomHorizontalFlip(), new RandAugment({ numOps: 2, magnitude: 9 }), new ToTensor()]);
    case 'trivialaugment':
      return new Compose([new RandomHorizontalFlip(), new TrivialAugmentWide(), new ToTensor()]);
    case 'autoaugment':
      // The CIFAR-10 AutoAugment recipe: pad-and-crop, flip, the learned CIFAR10 policy.
      return new Compose([
        new RandomCrop(32, { padding: 4 }),
        new RandomHorizontalFlip(),
        new AutoAugment({ policy: 'cifar10' }),
        new ToTensor(),
      ]);
  }
}

/** d2l's `test_augs`: only ToTensor. */
export function testAugs(): Compose {
  return new Compose([new ToTensor()]);
}

/** The batch-level mix of an `--augs` choice (MixUp / CutMix with alpha 1 over CIFAR-10's 10 classes), or null. */
export function batchMix(augs: AugsName, numClasses = 10): MixUp | CutMix | null {
  if (augs === 'mixup') return new MixUp({ alpha: 1, numClasses });
  if (augs === 'cutmix') return new CutMix({ alpha: 1, numClasses });
  return null;
}

/**
 * Wraps the training loader so that each batch is mixed (MixUp / CutMix) when `--augs` asks for it: the
 * loader's batch is disposed and the mixed one, with soft labels `[n, 10]`, is yielded (@aug/train's loss and
 * accuracy take soft labels). The mixing generator of epoch `e` is derived from (`seed`, `e`), so a resumed run
 * mixes exactly as an uninterrupted one. Without a batch mix the loader's batches are passed through. Nothing
 * needs closing: a DataLoader stops its worker threads when an epoch's loop ends, breaks or throws.
 */
export function withBatchAugs(loader: BatchSource, augs: AugsName, seed: number): BatchSource {
  const mix = batchMix(augs);
  let epoch = 0;
  // Without a batch mix the loader passes through, so a mid-epoch resume may start it at the first batch
  // not trained yet (seek). With one, the mix's rng draws once per batch in order: a resume replays the
  // epoch's batches from the start instead (train() reads and drops the ones already trained).
  const seekInner = mix === null ? loader.seek?.bind(loader) : undefined;
  const seek = seekInner
    ? {
        seek(e: number, b: number) {
          epoch = e;
          seekInner(e, b);
        },
      }
    : {};
  return {
    get length() {
      return loader.length;
    },
    setEpoch(e: number) {
      epoch = e;
      loader.setEpoch?.(e);
    },
    ...seek,
    async *[Symbol.asyncIterator](): AsyncGenerator<Batch> {
      const rng = createRng(`${seed}:batch-mix:${epoch}`);
      for await (const batch of loader) {
        if (mix === null || batch.y.rank !== 1) {
          yield batch;
          continue;
        }
        let mixed: Batch;
        try {
          mixed = mix.apply({ x: batch.x, y: batch.y as Tensor1D }, rng);
        } finally {
          batch.x.dispose();
          batch.y.dispose();
        }
        yield mixed;
      }
      epoch++;
    },
  };
}
