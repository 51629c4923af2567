// The CIFAR-10 sample shipped with the page: one binary file in the official layout (records of 1 label
// byte + 3072 bytes: the R, G and B planes of a 32x32 picture), training records first, then test records
// (counts in cifar10-sample.json). Batches are the fixed `{ x: NHWC float32 in [0, 1], y: int32 }`.
import * as tf from '@tensorflow/tfjs-core';
import { createRng, RandomHorizontalFlip, ToTensor, Compose, type Image, type Transform } from '@aug/transforms';
import type { Batch, BatchSource } from '@aug/train';

/** Bytes of one record. */
export const RECORD_BYTES = 1 + 3072;

/** The sample's metadata (public/data/cifar10-sample.json). */
export interface SampleInfo {
  classes: string[];
  train: number;
  test: number;
}

/** Picture `i` of `bytes` as an HWC uint8 Image, and its label. */
export function record(bytes: Uint8Array, i: number): { image: Image; label: number } {
  const base = i * RECORD_BYTES;
  const data = new Uint8Array(3072);
  for (let p = 0; p < 1024; p++) {
    data[3 * p] = bytes[base + 1 + p]!;
    data[3 * p + 1] = bytes[base + 1 + 1024 + p]!;
    data[3 * p + 2] = bytes[base + 1 + 2048 + p]!;
  }
  return { image: { data, height: 32, width: 32, channels: 3 }, label: bytes[base]! };
}

/** The seed's `--augs`: flip = [RandomHorizontalFlip(), ToTensor()], none = [ToTensor()]. */
export function augsFor(name: 'flip' | 'none'): Transform {
  return new Compose(name === 'flip' ? [new RandomHorizontalFlip(), new ToTensor()] : [new ToTensor()]);
}

/**
 * A loader over records `[first, first + count)`: shuffled per epoch from `seed` when `shuffle`, each
 * picture through `transform` with a generator derived from (seed, epoch, index), so runs repeat.
 */
export class SampleLoader implements BatchSource {
  private epoch = 0;
  readonly length: number;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly first: number,
    private readonly count: number,
    private readonly batchSize: number,
    private readonly transform: Transform,
    private readonly options: { shuffle: boolean; seed: number },
  ) {
    this.length = Math.ceil(count / batchSize);
  }

  setEpoch(epoch: number): void {
    this.epoch = epoch;
  }

  private order(): number[] {
    const idx = Array.from({ length: this.count }, (_, i) => i);
    if (!this.options.shuffle) return idx;
    const rng = createRng(this.options.seed * 1000 + this.epoch);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    return idx;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Batch> {
    const order = this.order();
    for (let b = 0; b < order.length; b += this.batchSize) {
      const ids = order.slice(b, b + this.batchSize);
      const x = new Float32Array(ids.length * 3072);
      const y = new Int32Array(ids.length);
      ids.forEach((id, k) => {
        const { image, label } = record(this.bytes, this.first + id);
        const rng = createRng(((this.options.seed * 7919 + this.epoch) * 100_003 + id) >>> 0);
        const out = this.transform.apply(image, rng);
        x.set(out.data, k * 3072);
        y[k] = label;
      });
      yield { x: tf.tensor4d(x, [ids.length, 32, 32, 3]), y: tf.tensor1d(y, 'int32') };
    }
  }
}
