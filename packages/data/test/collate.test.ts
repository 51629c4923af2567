import * as tf from '@tensorflow/tfjs-core';
import type { Image } from '@aug/transforms';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataLoader, defaultCollate, disposeBatch, type Batch, type Dataset, type DefaultBatch } from '../src/index.js';

const u8 = (v: number, h = 2, w = 2, c = 3): Image => ({ data: new Uint8Array(h * w * c).fill(v), height: h, width: w, channels: c });
const box = (x: number) => ({ kind: 'boundingBoxes' as const, data: Float32Array.of(x, x, x + 1, x + 1), format: 'xyxy' as const, canvasSize: [2, 2] as [number, number] });

describe('defaultCollate', () => {
  it('{ image, label } samples become the classification batch { x, y } (uint8 / 255)', async () => {
    const before = tf.memory().numTensors;
    const b = defaultCollate([
      { image: u8(51), label: 3 },
      { image: u8(255), label: 7 },
    ]);
    expectTypeOf(b).toEqualTypeOf<Batch<tf.Tensor1D>>();
    expect(Object.keys(b)).toEqual(['x', 'y']);
    expect(b.x.shape).toEqual([2, 2, 2, 3]);
    expect(b.x.dtype).toBe('float32');
    expect((await b.x.data())[0]).toBe(Math.fround(51 / 255));
    expect([...(await b.y.data())]).toEqual([3, 7]);
    expect(b.y.dtype).toBe('int32');
    disposeBatch(b);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('other samples key by key: images, int and float numbers, soft labels, targets and anything else', async () => {
    const before = tf.memory().numTensors;
    const f32: Image = { data: new Float32Array(12).fill(0.25), height: 2, width: 2, channels: 3 };
    const samples = [
      { image: u8(0), mask: f32, label: 1, weight: 0.5, soft: Float32Array.of(0.9, 0.1), mix: [0.3, 0.7], boxes: box(0), name: 'a', meta: { id: 1 } },
      { image: u8(255), mask: f32, label: 2, weight: 1, soft: Float32Array.of(0.2, 0.8), mix: [1, 0], boxes: box(5), name: 'b', meta: { id: 2 } },
    ];
    const b = defaultCollate(samples);
    expectTypeOf(b.image).toEqualTypeOf<tf.Tensor4D>();
    expectTypeOf(b.label).toEqualTypeOf<tf.Tensor1D>();
    expectTypeOf(b.soft).toEqualTypeOf<tf.Tensor2D>();
    expectTypeOf(b.mix).toEqualTypeOf<tf.Tensor2D>();
    expectTypeOf(b.name).toEqualTypeOf<string[]>();
    expect(b.image.shape).toEqual([2, 2, 2, 3]);
    expect((await b.image.data())[12]).toBe(1);
    expect(await b.mask.data()).toEqual(new Float32Array(24).fill(0.25));
    expect(b.label.dtype).toBe('int32');
    expect(b.weight.dtype).toBe('float32'); // 0.5 is not an integer
    expect([...(await b.weight.data())]).toEqual([0.5, 1]);
    expect(b.soft.shape).toEqual([2, 2]);
    expect(b.mix.shape).toEqual([2, 2]);
    expect([...(await b.mix.data())].map((v) => Math.round(v * 10))).toEqual([3, 7, 10, 0]);
    expect(b.boxes).toEqual([samples[0]!.boxes, samples[1]!.boxes]);
    expect(b.boxes[1]).toBe(samples[1]!.boxes); // passed through, one entry per sample
    expect(b.name).toEqual(['a', 'b']);
    expect(b.meta).toEqual([{ id: 1 }, { id: 2 }]);
    disposeBatch(b);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an { image, label, ... } sample with more keys is collated key by key, not as { x, y }', () => {
    const b = defaultCollate([{ image: u8(0), label: 1, id: 'x' }]);
    expect(Object.keys(b)).toEqual(['image', 'label', 'id']);
    disposeBatch(b);
  });

  it('an Image sample gives a Tensor4D, numbers a Tensor1D, tuples position by position', () => {
    const t = defaultCollate([u8(0), u8(1)]);
    expectTypeOf(t).toEqualTypeOf<tf.Tensor4D>();
    expect(t.shape).toEqual([2, 2, 2, 3]);
    const n = defaultCollate([1, 2, 3]);
    expectTypeOf(n).toEqualTypeOf<tf.Tensor1D>();
    expect(n.dtype).toBe('int32');
    const tuple = defaultCollate([
      [u8(0), 4],
      [u8(1), 5],
    ] as [Image, number][]);
    expect((tuple[0] as tf.Tensor).shape).toEqual([2, 2, 2, 3]);
    expect((tuple[1] as tf.Tensor).shape).toEqual([2]);
    disposeBatch([t, n, tuple]);
  });

  it('soft labels of different lengths stay an array', () => {
    const b = defaultCollate([{ v: [1, 2] }, { v: [1, 2, 3] }]);
    expect(b.v).toEqual([[1, 2], [1, 2, 3]]);
  });

  it('names the sample whose image shape or keys differ', () => {
    expect(() => defaultCollate([{ image: u8(0), target: 1 }, { image: u8(0, 3, 2), target: 1 }])).toThrow(
      /sample 1's "image" has shape 3x2x3 \(HxWxC\) but the batch's first sample has 2x2x3/,
    );
    expect(() => defaultCollate([{ a: 1 }, { b: 1 }])).toThrow(/sample 1 has the keys \[b\] but the batch's first sample has \[a\]/);
    expect(() => defaultCollate([])).toThrow(RangeError);
  });

  it('disposeBatch reaches tensors nested in arrays and objects', () => {
    const before = tf.memory().numTensors;
    disposeBatch({ a: tf.scalar(1), b: [tf.scalar(2), { c: tf.scalar(3) }], d: 'x' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('DataLoader infers its batch type from the dataset, or from a collate option', () => {
    const cls: Dataset = { length: 1, get: () => ({ image: u8(0), label: 0 }) };
    expectTypeOf(new DataLoader(cls)).toEqualTypeOf<DataLoader<{ image: Image; label: number }, Batch<tf.Tensor1D>>>();
    const det: Dataset<{ image: Image; boxes: ReturnType<typeof box> }> = { length: 1, get: async () => ({ image: u8(0), boxes: box(0) }) };
    const loader = new DataLoader(det);
    expectTypeOf<DefaultBatch<{ image: Image; boxes: ReturnType<typeof box> }>>().toEqualTypeOf<{ image: tf.Tensor4D; boxes: ReturnType<typeof box>[] }>();
    expectTypeOf(loader).toEqualTypeOf<DataLoader<{ image: Image; boxes: ReturnType<typeof box> }, { image: tf.Tensor4D; boxes: ReturnType<typeof box>[] }>>();
    const custom = new DataLoader(det, { collate: (s) => s.length });
    expectTypeOf(custom).toEqualTypeOf<DataLoader<{ image: Image; boxes: ReturnType<typeof box> }, number>>();
  });
});
