import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers tfjs's gradient functions
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importTorchStateDict, resnet18, torchNameToLayer, torchToTfjs } from '@aug/models';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend } from '../src/index.js';
import { maxAbs, maxAbsDiff } from '@aug/test-utils';
import { filled, type ConvCase } from './conv-cases.js';
import { installTrainingKernels, uninstallTrainingKernels } from '../src/kernels/install.js';

type Case = ConvCase;

// Strides 1 and 2, padding same / valid / explicit, 1x1, 3x3 and the 7x7 stem, odd sizes.
const cases: Case[] = [];
for (const stride of [1, 2]) {
  for (const pad of ['same', 'valid'] as const) {
    for (const k of [1, 3]) cases.push({ x: [3, 9, 7, 5], filter: [k, k, 5, 6], stride, pad });
  }
}
cases.push({ x: [2, 11, 11, 3], filter: [7, 7, 3, 8], stride: 2, pad: [[0, 0], [3, 3], [3, 3], [0, 0]] });
cases.push({ x: [1, 5, 6, 2], filter: [3, 2, 2, 3], stride: 1, pad: 'same' });
// Stride 2 'valid' on an even size leaves the last input row unused: the wasm filter gradient cannot
// take its convolution route (negative padding) and must fall back to the patch matrix.
cases.push({ x: [2, 10, 8, 3], filter: [3, 3, 3, 4], stride: 2, pad: 'valid' });
// Asymmetric explicit padding on a stride-1 convolution (the input gradient's convolution route).
cases.push({ x: [2, 6, 7, 4], filter: [3, 3, 4, 5], stride: 1, pad: [[0, 0], [2, 0], [0, 1], [0, 0]] });


function filterGrad(c: Case): Float32Array {
  return tf.tidy(() => {
    const x = filled(c.x, 1) as tf.Tensor4D;
    const outShape = (tf.conv2d(x, tf.zeros(c.filter) as tf.Tensor4D, c.stride, c.pad) as tf.Tensor4D).shape;
    const dy = filled(outShape, 2);
    const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: c.filter };
    const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    expect(dw.shape).toEqual(c.filter);
    return dw.dataSync() as Float32Array;
  });
}

/** dx of the same convolution through `Conv2DBackpropInput`. */
function inputGrad(c: Case): Float32Array {
  return tf.tidy(() => {
    const w = filled(c.filter, 3) as tf.Tensor4D;
    const outShape = (tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, w, c.stride, c.pad) as tf.Tensor4D).shape;
    const dy = filled(outShape, 4);
    const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, inputShape: c.x };
    const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    expect(dx.shape).toEqual(c.x);
    return dx.dataSync() as Float32Array;
  });
}


afterAll(async () => {
  uninstallTrainingKernels('cpu');
  await tf.setBackend('cpu');
});

describe('the convolution gradient kernels equal the stock cpu kernels', () => {
  // Stock results first (cpu, tfjs's own kernels), then ours on cpu and on wasm.
  const stock = new Map<Case, Float32Array>();
  const stockDx = new Map<Case, Float32Array>();

  it('computes the stock references', async () => {
    await tf.setBackend('cpu');
    uninstallTrainingKernels('cpu');
    for (const c of cases) {
      stock.set(c, filterGrad(c));
      stockDx.set(c, inputGrad(c));
    }
  });

  it.each(['cpu', 'wasm'] as const)('filter and input gradients on %s, over strides 1/2, padding same/valid/explicit, 1x1/3x3/7x7 and odd sizes', async (backend) => {
    const info = await useBackend(backend, { threads: 2, env: {} });
    expect(info.kernels).toContain('Conv2DBackpropFilter');
    const before = tf.memory().numTensors;
    const dataIdsBefore = tf.engine().backend.numDataIds();
    for (const c of cases) {
      const ref = stock.get(c)!;
      const got = filterGrad(c);
      // float32 sums of up to ~250 products: agreement to 1e-5 of the gradient's scale.
      expect(maxAbsDiff(got, ref), `${backend} ${JSON.stringify(c)}`).toBeLessThanOrEqual(1e-5 * Math.max(1, maxAbs(ref)));
      expect(maxAbs(ref)).toBeGreaterThan(0.5); // a real, non-trivial gradient
      const refDx = stockDx.get(c)!;
      expect(maxAbsDiff(inputGrad(c), refDx), `${backend} dx ${JSON.stringify(c)}`).toBeLessThanOrEqual(1e-5 * Math.max(1, maxAbs(refDx)));
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.engine().backend.numDataIds()).toBe(dataIdsBefore); // the wasm temporaries are freed
    await tf.setBackend('cpu');
  });

  it('installs idempotently and restores the stock kernel', async () => {
    await tf.setBackend('cpu');
    uninstallTrainingKernels('cpu');
    const stockFunc = tf.getKernel('Conv2DBackpropFilter', 'cpu')!.kernelFunc;
    installTrainingKernels('cpu');
    installTrainingKernels('cpu');
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')!.kernelFunc).not.toBe(stockFunc);
    expect(uninstallTrainingKernels('cpu')).toEqual(['Conv2DBackpropFilter', 'AugBatchNormTraining', 'AugBatchNormTrainingGrad', 'AugAdamUpdate', 'AugReluGrad']);
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')!.kernelFunc).toBe(stockFunc);
    expect(() => installTrainingKernels('webgl' as never)).toThrow(TypeError);
    expect(() => installTrainingKernels('webgl' as never)).toThrow(/backend must be 'cpu', 'wasm' or 'onnxruntime', got "webgl"/);
  });
});

// PyTorch 1.13 fixtures of @aug/models (scripts/make_fixtures.py): d2l ResNet-18 at width 8,
// 16x16x3 inputs, batch 4, weights, input, loss and gradients.
interface Entry {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}
const fixtureDir = join(import.meta.dirname, '..', '..', 'models', 'test', 'fixtures');
const manifest = JSON.parse(readFileSync(join(fixtureDir, 'resnet18_w8.json'), 'utf8')) as {
  config: { width: number; inChannels: number; numClasses: number; inputSize: number };
  labels: number[];
  trainLoss: number;
  entries: Entry[];
};
const bytes = readFileSync(join(fixtureDir, 'resnet18_w8.bin'));
const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
function fixture(name: string): { shape: number[]; data: Float32Array } {
  const e = manifest.entries.find((x) => x.name === name)!;
  return { shape: e.shape, data: floats.subarray(e.offset, e.offset + e.length) };
}

interface StepResult {
  loss: number;
  grads: Map<string, Float32Array>;
  updated: Map<string, Float32Array>;
}

/** One d2l training step (CrossEntropy, SGD lr 0.1) on the active backend, from the PyTorch weights. */
function resnetStep(): StepResult {
  const { width, inChannels, numClasses, inputSize } = manifest.config;
  const m: tfl.LayersModel = resnet18({ width, inChannels, numClasses, inputSize });
  const stateDict: Record<string, { shape: number[]; data: Float32Array }> = {};
  for (const e of manifest.entries) if (e.name.startsWith('state/')) stateDict[e.name.slice(6)] = fixture(e.name);
  importTorchStateDict(m, stateDict);
  const input = fixture('input');
  const vars = m.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() =>
    tf.tidy(() => {
      const logits = m.apply(tf.tensor4d(input.data, input.shape as [number, number, number, number]), { training: true }) as tf.Tensor2D;
      const onehot = tf.oneHot(tf.tensor1d(manifest.labels, 'int32'), manifest.config.numClasses);
      return tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)), -1))) as tf.Scalar;
    }),
    vars,
  );
  const result: StepResult = { loss: value.dataSync()[0]!, grads: new Map(), updated: new Map() };
  for (const w of m.trainableWeights) result.grads.set(w.originalName, grads[(w.read() as tf.Variable).name]!.dataSync() as Float32Array);
  const sgd = tf.train.sgd(0.1);
  sgd.applyGradients(grads);
  for (const w of m.trainableWeights) result.updated.set(w.originalName, w.read().dataSync() as Float32Array);
  value.dispose();
  tf.dispose(Object.values(grads));
  sgd.dispose();
  m.dispose();
  return result;
}

describe('a whole ResNet-18 training step', () => {
  let stockStep: StepResult;

  it('stock cpu matches PyTorch (the reference for the new paths)', async () => {
    await tf.setBackend('cpu');
    uninstallTrainingKernels('cpu');
    stockStep = resnetStep();
    expect(Math.abs(stockStep.loss - manifest.trainLoss)).toBeLessThan(1e-5);
  });

  it.each(['cpu', 'wasm', 'onnxruntime'] as const)('on aug %s gives the same loss, gradients (= PyTorch) and updated weights as stock cpu', async (backend) => {
    await useBackend(backend, { threads: 2, env: {} });
    const before = tf.memory().numTensors;
    const step = resnetStep();
    expect(tf.memory().numTensors).toBe(before);
    expect(Math.abs(step.loss - stockStep.loss)).toBeLessThan(1e-5);
    expect(Math.abs(step.loss - manifest.trainLoss)).toBeLessThan(1e-5);
    // Every weight: gradient within 1e-4 of its scale of stock cpu's, updated weight within 1e-5.
    for (const [name, ref] of stockStep.grads) {
      const got = step.grads.get(name)!;
      expect(maxAbsDiff(got, ref), `${backend} grad ${name}`).toBeLessThanOrEqual(1e-4 * Math.max(1, maxAbs(ref)));
      expect(maxAbsDiff(step.updated.get(name)!, stockStep.updated.get(name)!), `${backend} weight ${name}`).toBeLessThanOrEqual(1e-5);
    }
    // Against PyTorch's gradients directly (conv kernels OIHW -> HWIO): within 1e-4 of their scale.
    for (const torchName of ['0.weight', 'resnet_block3.0.conv3.weight', 'fc.1.weight', 'resnet_block2.0.bn1.weight']) {
      const ref = torchNameToLayer(torchName)!;
      const expected = tf.tidy(() => torchToTfjs(fixture(`grad/${torchName}`), ref.layout).dataSync() as Float32Array);
      const got = step.grads.get(`${ref.layer}/${ref.weight}`)!;
      expect(maxAbsDiff(got, expected), `${backend} vs torch ${torchName}`).toBeLessThanOrEqual(1e-4 * Math.max(1, maxAbs(expected)));
    }
    await tf.setBackend('cpu');
  });
});

describe('the wasm Tile kernel', () => {
  it('equals tfjs tile for the BatchNorm-gradient shape and falls back for others', async () => {
    const cases: Array<[number[], number[]]> = [
      [[1, 1, 1, 5], [2, 3, 4, 1]],
      [[1, 7], [9, 1]],
      [[2, 3], [2, 2]], // not a row repeat: the stock kernel
    ];
    const expected = cases.map(([shape, reps]) => tf.tidy(() => tf.tile(filled(shape, 5), reps).dataSync()));
    await useBackend('wasm', { threads: 2, env: {} });
    const before = tf.memory().numTensors;
    cases.forEach(([shape, reps], i) => {
      const got = tf.tidy(() => tf.tile(filled(shape, 5), reps).dataSync());
      expect(Array.from(got)).toEqual(Array.from(expected[i]!));
    });
    expect(tf.memory().numTensors).toBe(before);
    await tf.setBackend('cpu');
  });
});

describe('the wasm Identity kernel', () => {
  it('shares the buffer, keeps it alive until both tensors are gone, and leaves the input intact', async () => {
    await useBackend('wasm', { threads: 2, env: {} });
    const buffers = () => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    const before = { ...tf.memory(), buffers: buffers() };
    const x = filled([4, 3, 5], 3);
    const values = Array.from(x.dataSync());
    const y = tf.clone(x); // runs the Identity kernel
    expect(y.dataId).toBe(x.dataId);
    expect(buffers() - before.buffers).toBe(1); // one heap buffer for both
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual(values);
    const z = tf.add(y, 1);
    expect(Array.from(y.dataSync())).toEqual(values);
    expect(z.dataSync()[0]).toBeCloseTo(values[0]! + 1, 6);
    tf.dispose([y, z]);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(buffers()).toBe(before.buffers);
    const s = tf.clone(tf.tensor1d(['a', 'b'], 'string')); // strings: the stock kernel
    expect(s.dataSync()).toEqual(['a', 'b']);
    s.dispose();
    await tf.setBackend('cpu');
  });
});

describe('the wasm Sum and Mean kernels', () => {
  it('equal tfjs for per-channel reductions (keepDims or not) and fall back for other axes', async () => {
    const cases: Array<{ shape: number[]; axis: number[] | number; keepDims: boolean }> = [
      { shape: [3, 5, 4, 6], axis: [0, 1, 2], keepDims: false },
      { shape: [3, 5, 4, 6], axis: [2, 0, 1], keepDims: true },
      { shape: [7, 3], axis: 0, keepDims: false },
      { shape: [3, 5, 4, 6], axis: [1, 2], keepDims: false }, // not all leading axes: stock kernel
      { shape: [3, 5, 4, 6], axis: -1, keepDims: true }, // the last axis: stock kernel
    ];
    const run = () => cases.map(({ shape, axis, keepDims }) => tf.tidy(() => {
      const x = filled(shape, 9);
      const sum = tf.sum(x, axis, keepDims);
      const mean = tf.mean(x, axis, keepDims);
      return { sum: Array.from(sum.dataSync()), mean: Array.from(mean.dataSync()), shapes: [sum.shape, mean.shape] };
    }));
    const expected = run();
    await useBackend('wasm', { threads: 2, env: {} });
    const before = tf.memory().numTensors;
    const got = run();
    got.forEach((g, i) => {
      const e = expected[i]!;
      expect(g.shapes, `case ${i} shapes`).toEqual(e.shapes);
      g.sum.forEach((v, j) => expect(Math.abs(v - e.sum[j]!), `case ${i} sum[${j}]`).toBeLessThanOrEqual(1e-5));
      g.mean.forEach((v, j) => expect(Math.abs(v - e.mean[j]!), `case ${i} mean[${j}]`).toBeLessThanOrEqual(1e-6));
    });
    expect(tf.memory().numTensors).toBe(before);
    await tf.setBackend('cpu');
  });
});
