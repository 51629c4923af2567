import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { CutMix, MixUp, createRng } from '../src/index.js';

describe('MixUp and CutMix', () => {
  const n = 6;
  const x = tf.tensor4d(Float32Array.from({ length: n * 4 * 5 * 3 }, (_, i) => (i % 97) / 97), [n, 4, 5, 3]);
  const y = tf.tensor1d([0, 1, 2, 3, 1, 0], 'int32');

  it('MixUp mixes each sample with the previous one, labels the same way, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const m = new MixUp({ alpha: 0.5, numClasses: 4 });
    const lam = MixUp.getParams(0.5, createRng(3));
    const out = m.apply({ x, y }, createRng(3));
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(out.y.shape).toEqual([n, 4]);
    const xs = x.arraySync();
    const got = out.x.arraySync();
    const ys = out.y.arraySync();
    for (let i = 0; i < n; i++) {
      const prev = (i + n - 1) % n;
      expect(got[i]![1]![2]![0]!).toBeCloseTo(lam * xs[i]![1]![2]![0]! + (1 - lam) * xs[prev]![1]![2]![0]!, 5);
      const want = [0, 0, 0, 0];
      want[[0, 1, 2, 3, 1, 0][i]!]! += lam;
      want[[0, 1, 2, 3, 1, 0][prev]!]! += 1 - lam;
      ys[i]!.forEach((v, k) => expect(v).toBeCloseTo(want[k]!, 6));
      expect(ys[i]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
    tf.dispose([out.x, out.y]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('CutMix pastes the box from the previous sample and weights labels by its area', () => {
    const before = tf.memory().numTensors;
    const c = new CutMix({ numClasses: 4 });
    for (let s = 0; s < 10; s++) {
      const { box, lamAdjusted } = CutMix.getParams(1, 4, 5, createRng(s));
      const out = c.apply({ x, y }, createRng(s));
      const [x1, y1, x2, y2] = box;
      const xs = x.arraySync();
      const got = out.x.arraySync();
      for (let i = 0; i < n; i++) {
        const prev = (i + n - 1) % n;
        for (let r = 0; r < 4; r++) for (let q = 0; q < 5; q++) {
          const inBox = r >= y1 && r < y2 && q >= x1 && q < x2;
          expect(got[i]![r]![q]).toEqual(inBox ? xs[prev]![r]![q] : xs[i]![r]![q]);
        }
      }
      expect(lamAdjusted).toBeCloseTo(1 - ((x2 - x1) * (y2 - y1)) / 20, 12);
      const ys = out.y.arraySync();
      // sample 1 (class 1) takes the box from sample 0 (class 0)
      expect(ys[1]![1]).toBeCloseTo(lamAdjusted, 5);
      expect(ys[1]![0]).toBeCloseTo(1 - lamAdjusted, 5);
      tf.dispose([out.x, out.y]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('bad batches and options are refused clearly', () => {
    const m = new MixUp({ numClasses: 4 });
    expect(() => m.apply({ x, y: tf.tensor1d([0, 1, 2, 3, 4, 0], 'int32') }, createRng(0))).toThrow(/label 4 at index 4.*\[0, 4\)/);
    expect(() => m.apply({ x, y: tf.tensor1d([0, 1, 2], 'int32') }, createRng(0))).toThrow(/6 samples but batch.y has 3/);
    expect(() => m.apply({ x, y: tf.tensor1d([0, 1, 2, 3, 1, 0], 'float32') }, createRng(0))).toThrow(/int32/);
    expect(() => m.apply({ x, y })).toThrow(/needs a generator/);
    expect(() => new MixUp({ numClasses: 0 })).toThrow(RangeError);
    expect(() => new CutMix({ numClasses: 3, alpha: -1 })).toThrow(/alpha/);
    expect(() => new CutMix({ numClasses: 3, alhpa: 1 } as never)).toThrow(/unknown option "alhpa".*alpha, numClasses/);
  });
});
