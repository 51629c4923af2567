// tfjs's webgpu backend (through the `webgpu` package's Dawn) against the cpu backend, on whatever
// adapter this machine has: a GPU, or lavapipe (scripts/install-lavapipe.sh) on a machine without
// one. Skipped, with the reason printed, where there is no adapter.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { READ_SYNC_MESSAGE } from '../src/webgpu/route.js';
import { installWebgpuKernels, uninstallWebgpuKernels } from '../src/webgpu/kernels.js';
import { initWebgpu, probeWebgpu } from '../src/webgpu/index.js';
import { maxAbsDiff } from '@aug/test-utils';
import { forwardAndStep, seeded, setSeededWeights, sgdStep, smallResnet18, type StepResult } from './webgpu-fixtures.js';

const probe = await probeWebgpu();
if (!probe.available) {
  console.log(`webgpu tests skipped: no WebGPU adapter here (${probe.reason})`);
}

/**
 * Tolerances, webgpu vs cpu (both float32; they differ by summation order only). Observed on
 * lavapipe: logits within 2e-7, loss within 1e-6 relative, gradients within 4e-6 of values up to
 * ~1e-1, weights after the step within 4e-7.
 */
const TOL = {
  /** logits: |gpu - cpu| <= 1e-4 + 1e-3 * |cpu| */
  logitsAtol: 1e-4,
  logitsRtol: 1e-3,
  /** loss: relative 1e-5 */
  lossRtol: 1e-5,
  /** each gradient tensor: max |gpu - cpu| <= 1e-3 * max |cpu| + 1e-6 */
  gradScaled: 1e-3,
  /** weights after one SGD step (lr 0.1): 1e-5 absolute */
  weightAtol: 1e-5,
};

/** max |a - b| over max |b| (+ tiny): a scale-aware relative error for one tensor. */
function scaledError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let peak = 0;
  for (let i = 0; i < b.length; i++) peak = Math.max(peak, Math.abs(b[i]!));
  return maxAbsDiff(a, b) / (peak + 1e-6 / TOL.gradScaled);
}

async function onBackend<T>(name: 'cpu' | 'webgpu', f: () => Promise<T>): Promise<T> {
  await tf.setBackend(name);
  return f();
}

describe.skipIf(!probe.available)(`webgpu backend on ${probe.description ?? 'no adapter'} vs cpu`, () => {
  beforeAll(async () => {
    const report = await initWebgpu({ allowSoftware: true });
    console.log(`webgpu tests run on: ${report.reason}`);
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('initWebgpu selects the webgpu backend and reports the adapter probeWebgpu saw', async () => {
    const report = await initWebgpu({ allowSoftware: true });
    expect(tf.getBackend()).toBe('webgpu');
    expect(report).toMatchObject({ available: true, isSoftware: probe.isSoftware, vendor: probe.vendor, description: probe.description });
    if (report.isSoftware === true && process.env.AUG_WEBGPU_ALLOW_SOFTWARE !== '1') {
      await expect(initWebgpu()).rejects.toMatchObject({ code: 'software-adapter' });
    }
  });

  it('Conv2DBackpropFilter (aug kernel) equals the cpu backend and tfjs-backend-webgpu own kernel', async () => {
    const cases: { x: [number, number, number, number]; f: [number, number]; co: number; s: number; pad: 'same' | 'valid' | number }[] = [
      { x: [2, 9, 9, 3], f: [3, 3], co: 4, s: 1, pad: 'same' },
      { x: [2, 9, 8, 4], f: [3, 3], co: 8, s: 2, pad: 'same' },
      { x: [3, 10, 10, 8], f: [3, 3], co: 4, s: 2, pad: 1 },
      { x: [2, 8, 8, 4], f: [1, 1], co: 8, s: 2, pad: 'valid' },
      { x: [1, 7, 11, 5], f: [5, 3], co: 6, s: 1, pad: 'valid' },
      { x: [2, 12, 12, 3], f: [7, 7], co: 4, s: 2, pad: 3 },
    ];
    for (const c of cases) {
      const run = async (): Promise<Float32Array> => {
        const x = tf.tensor4d(seeded(c.x.reduce((a, b) => a * b), 11), c.x);
        const w = [c.f[0], c.f[1], c.x[3], c.co] as [number, number, number, number];
        const out = tf.conv2d(x, tf.zeros(w), c.s, c.pad);
        const dy = tf.tensor4d(seeded(out.size, 12), out.shape);
        const attrs = { strides: c.s, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: w };
        const dw = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
        const v = (await dw.data()) as Float32Array;
        tf.dispose([x, out, dy, dw]);
        return v;
      };
      const cpu = await onBackend('cpu', run);
      const ours = await onBackend('webgpu', run);
      uninstallWebgpuKernels();
      const stock = await run();
      installWebgpuKernels();
      expect(scaledError(ours, cpu), JSON.stringify(c)).toBeLessThan(1e-5);
      expect(scaledError(ours, stock), JSON.stringify(c)).toBeLessThan(1e-5);
    }
  });

  it('small ResNet-18 (width 4): forward, loss, gradients and one SGD step equal the cpu backend', async () => {
    const opts = { width: 4, inputSize: 16, batch: 4, numClasses: 10, seed: 7 };
    const cpu = await onBackend('cpu', () => forwardAndStep(opts));
    const gpu: StepResult = await onBackend('webgpu', () => forwardAndStep(opts));
    for (let i = 0; i < cpu.logits.length; i++) {
      expect(Math.abs(gpu.logits[i]! - cpu.logits[i]!)).toBeLessThanOrEqual(TOL.logitsAtol + TOL.logitsRtol * Math.abs(cpu.logits[i]!));
    }
    expect(Math.abs(gpu.loss - cpu.loss) / Math.abs(cpu.loss)).toBeLessThan(TOL.lossRtol);
    expect(gpu.grads).toHaveLength(cpu.grads.length);
    cpu.grads.forEach((g, i) => expect(scaledError(gpu.grads[i]!, g), `gradient ${i}`).toBeLessThan(TOL.gradScaled));
    cpu.after.forEach((w, i) => expect(maxAbsDiff(gpu.after[i]!, w), `weight ${i}`).toBeLessThan(TOL.weightAtol));
  });

  it("a training step's loss falls over three SGD steps on webgpu, loss and correct count equal to cpu's, no tensor leak", async () => {
    const run = async (): Promise<{ losses: number[]; correct: number[] }> => {
      const model = smallResnet18(4, 16, 10);
      setSeededWeights(model, 5);
      const optimizer = tf.train.sgd(0.05);
      const x = tf.tensor4d(seeded(8 * 16 * 16 * 3, 9).map((v) => 0.5 + 0.5 * v), [8, 16, 16, 3]);
      const y = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32');
      const before = tf.memory().numTensors;
      const losses: number[] = [];
      const correct: number[] = [];
      for (let s = 0; s < 3; s++) {
        const r = await sgdStep(model, x, y, optimizer);
        losses.push(r.loss);
        correct.push(r.correct);
      }
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, y]);
      optimizer.dispose();
      model.dispose();
      return { losses, correct };
    };
    const cpu = await onBackend('cpu', run);
    const gpu = await onBackend('webgpu', run);
    expect(gpu.losses[2]!).toBeLessThan(gpu.losses[0]!);
    gpu.losses.forEach((l, i) => expect(Math.abs(l - cpu.losses[i]!) / cpu.losses[i]!).toBeLessThan(1e-4));
    expect(gpu.correct).toEqual(cpu.correct);
  });

  it('dataSync() fails with a clear message (use await data()), and the backend keeps working', async () => {
    await tf.setBackend('webgpu');
    // Large enough that tfjs runs it on the GPU rather than on its CPU copy.
    const t = tf.tidy(() => tf.add(tf.ones([64, 64]), tf.ones([64, 64])));
    expect(() => t.dataSync()).toThrow(READ_SYNC_MESSAGE);
    const values = await t.data();
    expect(values.length).toBe(4096);
    expect(values.every((v) => v === 2)).toBe(true);
    t.dispose();
  });
});
