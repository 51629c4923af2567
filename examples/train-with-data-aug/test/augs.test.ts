import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { createRng } from '@aug/transforms';
import type { Batch, BatchSource } from '@aug/train';
import { batchMix, trainAugs, withBatchAugs } from '../src/augs.js';
import type { AugsName } from '../src/cli.js';

const names: AugsName[] = ['flip', 'none', 'full', 'randaugment', 'trivialaugment', 'autoaugment', 'mixup', 'cutmix'];

function source(batches: number, n: number): BatchSource & { epochs: number[] } {
  const epochs: number[] = [];
  return {
    length: batches,
    epochs,
    setEpoch(e: number) {
      epochs.push(e);
    },
    async *[Symbol.asyncIterator]() {
      for (let b = 0; b < batches; b++) {
        yield { x: tf.randomUniform([n, 8, 8, 3], 0, 1, 'float32') as tf.Tensor4D, y: tf.tensor1d(Array.from({ length: n }, (_, i) => (i + b) % 10), 'int32') };
      }
    },
  };
}

describe('--augs choices', () => {
  it('every per-image chain turns a uint8 picture into a float one of the same size', () => {
    const rng0 = createRng(0);
    const img = { data: Uint8Array.from({ length: 32 * 32 * 3 }, () => Math.floor(rng0.next() * 256)), height: 32, width: 32, channels: 3 };
    for (const name of names) {
      const out = trainAugs(name).apply(img, createRng(1));
      expect([out.height, out.width, out.channels], name).toEqual([32, 32, 3]);
      expect(out.data, name).toBeInstanceOf(Float32Array);
    }
  });

  it('mixup and cutmix mix each batch into soft labels and dispose the loader batch; other choices pass through', async () => {
    await tf.setBackend('cpu');
    for (const name of ['mixup', 'cutmix'] as const) {
      expect(batchMix(name)).not.toBeNull();
      const src = source(3, 6);
      const wrapped = withBatchAugs(src, name, 7);
      wrapped.setEpoch?.(2);
      expect(src.epochs).toEqual([2]);
      expect(wrapped.length).toBe(3);
      const before = tf.memory().numTensors;
      let seen = 0;
      for await (const b of wrapped as AsyncIterable<Batch>) {
        expect(b.y.shape).toEqual([6, 10]);
        const sums = tf.sum(b.y, 1);
        sums.dataSync().forEach((v) => expect(v).toBeCloseTo(1, 5));
        tf.dispose([sums, b.x, b.y]);
        seen++;
      }
      expect(seen).toBe(3);
      expect(tf.memory().numTensors).toBe(before);
    }
    expect(batchMix('flip')).toBeNull();
    const plain = withBatchAugs(source(1, 4), 'flip', 7);
    for await (const b of plain as AsyncIterable<Batch>) {
      expect(b.y.shape).toEqual([4]);
      tf.dispose([b.x, b.y]);
    }
  });
});
