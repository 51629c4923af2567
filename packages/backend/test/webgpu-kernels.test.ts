// aug's webgpu Conv2DBackpropFilter is built from tf ops (pad, strided slices, matmuls), so its
// geometry can be checked on the cpu backend on every machine; webgpu-backend.test.ts runs it on
// the GPU where an adapter exists.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

import { webgpuFilterGradKernel } from '../src/webgpu/kernels.js';
import { maxAbsDiff } from '@aug/test-utils';
import { seeded } from './webgpu-fixtures.js';

type Case = { x: [number, number, number, number]; f: [number, number]; co: number; s: number | [number, number]; pad: 'same' | 'valid' | number };

const CASES: Case[] = [
  { x: [2, 9, 9, 3], f: [3, 3], co: 4, s: 1, pad: 'same' },
  { x: [2, 9, 8, 4], f: [3, 3], co: 8, s: 2, pad: 'same' },
  { x: [2, 8, 8, 4], f: [3, 3], co: 8, s: 2, pad: 'same' },
  { x: [3, 10, 10, 8], f: [3, 3], co: 4, s: 2, pad: 1 },
  { x: [2, 8, 8, 4], f: [1, 1], co: 8, s: 2, pad: 'valid' },
  { x: [1, 7, 11, 5], f: [5, 3], co: 6, s: 1, pad: 'valid' },
  { x: [2, 12, 12, 3], f: [7, 7], co: 4, s: 2, pad: 3 },
  { x: [1, 9, 10, 2], f: [2, 4], co: 3, s: [2, 3], pad: 'same' },
  { x: [1, 4, 4, 1], f: [3, 3], co: 1, s: 1, pad: 0 },
];

function inputs(c: Case): { x: tf.Tensor4D; dy: tf.Tensor4D; filterShape: [number, number, number, number] } {
  const x = tf.tensor4d(seeded(c.x.reduce((a, b) => a * b), 21), c.x);
  const filterShape: [number, number, number, number] = [c.f[0], c.f[1], c.x[3], c.co];
  const outShape = tf.tidy(() => tf.conv2d(x, tf.zeros(filterShape), c.s, c.pad).shape);
  const dy = tf.tensor4d(seeded(outShape.reduce((a, b) => a * b), 22), outShape);
  return { x, dy, filterShape };
}

const attrsOf = (c: Case, filterShape: number[], dataFormat = 'NHWC'): tf.NamedAttrMap =>
  ({ strides: c.s, pad: c.pad, dataFormat, dimRoundingMode: undefined, filterShape }) as unknown as tf.NamedAttrMap;

describe("aug's webgpu Conv2DBackpropFilter algorithm (run on the cpu backend)", () => {
  const kernel = webgpuFilterGradKernel(null);

  it('is registered for the webgpu backend under tfjs name', () => {
    expect(kernel).toMatchObject({ kernelName: 'Conv2DBackpropFilter', backendName: 'webgpu' });
  });

  it.each(CASES)('equals tfjs cpu Conv2DBackpropFilter: $x, filter $f, stride $s, pad $pad', (c) => {
    const { x, dy, filterShape } = inputs(c);
    const attrs = attrsOf(c, filterShape);
    const want = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs) as tf.Tensor;
    const before = tf.memory().numTensors;
    const got = kernel.kernelFunc({ inputs: { x, dy }, attrs, backend: tf.backend() }) as tf.Tensor;
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(got.shape).toEqual(filterShape);
    const w = want.dataSync();
    let peak = 0;
    for (const v of w) peak = Math.max(peak, Math.abs(v));
    expect(maxAbsDiff(got.dataSync(), w)).toBeLessThan(1e-5 * peak + 1e-6);
    tf.dispose([x, dy, want, got]);
  });

  it('takes bare TensorInfos (one kernel calling another) without freeing the caller data', () => {
    const c = CASES[1]!;
    const { x, dy, filterShape } = inputs(c);
    const attrs = attrsOf(c, filterShape);
    const bare = (t: tf.Tensor): tf.TensorInfo => ({ dataId: t.dataId, shape: t.shape, dtype: t.dtype });
    const before = tf.memory().numTensors;
    const got = kernel.kernelFunc({ inputs: { x: bare(x), dy: bare(dy) }, attrs, backend: tf.backend() }) as tf.Tensor;
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(x.dataSync().length).toBe(x.size); // still readable: the view released only its own reference
    const want = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs) as tf.Tensor;
    expect(maxAbsDiff(got.dataSync(), want.dataSync())).toBeLessThan(1e-4);
    tf.dispose([x, dy, want, got]);
  });

  it('hands NCHW to the stock kernel, and says so when there is none', () => {
    const calls: unknown[] = [];
    const stock: tf.KernelFunc = (args) => {
      calls.push(args.attrs);
      return tf.zeros([1]);
    };
    const c = CASES[0]!;
    const { x, dy, filterShape } = inputs(c);
    const out = webgpuFilterGradKernel(stock).kernelFunc({ inputs: { x, dy }, attrs: attrsOf(c, filterShape, 'NCHW'), backend: tf.backend() }) as tf.Tensor;
    expect(calls).toHaveLength(1);
    expect(() => kernel.kernelFunc({ inputs: { x, dy }, attrs: attrsOf(c, filterShape, 'NCHW'), backend: tf.backend() })).toThrow(/NCHW is not supported/);
    tf.dispose([x, dy, out]);
  });
});
