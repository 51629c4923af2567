import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { BATCH_NORM_TRAINING_GRAD_KERNEL, BATCH_NORM_TRAINING_KERNEL, batchNormTraining } from '@aug/models';
import { sinFill } from '@aug/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend } from '../src/index.js';
import { installTrainingKernels, uninstallTrainingKernels } from '../src/kernels/install.js';
import { currentOrtEngine } from '../src/onnxruntime.js';
import { setSimdStreamEnabled } from '../src/kernels/simd-stream.js';

/** A deterministic, sign-varying fill with a per-channel offset (no Math.random). */
function filled(shape: number[], seed: number, shift = 0): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const c = shape[shape.length - 1]!;
  return tf.tensor(sinFill(n, seed, (s, i) => s * 1.7 + shift * ((i % c) - c / 2)), shape);
}

interface Result { y: number[]; mean: number[]; variance: number[]; dx: number[]; dGamma: number[]; dBeta: number[] }

/** y, the statistics and the gradients of sum(y * w) through @aug/models' batchNormTraining. */
function run(shape: number[]): Result {
  let r!: Result; // tf.tidy only returns tensor containers, so the plain-number result leaves through this
  tf.tidy(() => {
    const c = shape[shape.length - 1]!;
    const x = filled(shape, 1, 0.8 * Math.min(1, 64 / c)); // per-channel offsets up to ~26 (float32 references lose digits beyond)
    const gamma = tf.add(filled([c], 2), 1);
    const beta = filled([c], 3);
    const w = filled(shape, 4);
    let stats: { mean: tf.Tensor; variance: tf.Tensor } | null = null;
    const { value, grads } = tf.valueAndGrads((xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const out = batchNormTraining(xs, g, b, 1e-5);
      stats = { mean: out.mean, variance: out.variance };
      return tf.sum(tf.mul(out.y, w));
    })([x, gamma, beta]);
    const y = batchNormTraining(x, gamma, beta, 1e-5);
    r = {
      y: Array.from(y.y.dataSync()),
      mean: Array.from(stats!.mean.dataSync()),
      variance: Array.from(stats!.variance.dataSync()),
      dx: Array.from(grads[0]!.dataSync()),
      dGamma: Array.from(grads[1]!.dataSync()),
      dBeta: Array.from(grads[2]!.dataSync()),
    };
    tf.dispose([stats!.mean, stats!.variance, y.mean, y.variance, value]);
  });
  return r;
}

function expectClose(got: Result, want: Result, label: string): void {
  for (const key of Object.keys(want) as (keyof Result)[]) {
    // Loops, not Math.max(...values): the larger shapes have more values than a call takes arguments.
    const scale = want[key].reduce((m, v) => Math.max(m, Math.abs(v)), 1);
    expect(got[key].length, `${label} ${key} length`).toBe(want[key].length);
    const worst = got[key].reduce((m, v, i) => Math.max(m, Math.abs(v - want[key][i]!)), 0);
    expect(worst, `${label} ${key}`).toBeLessThanOrEqual(2e-5 * scale);
  }
}

// Small shapes, 2,000 rows of 16 channels, and rows of 2,200 channels (any change to how the kernels walk rows
// and channels, such as cache-sized blocks, must hold on all of them). The last four are above
// ORT_BATCH_NORM_MIN_VALUES, where the onnxruntime route runs graphs: 8 channels (rows folded 8 side by side),
// 120 channels, 1,000 channels on 81 rows, 3 channels on an odd row count (no folding).
const shapes = [[3, 5, 7, 6], [9, 4], [2, 3, 3, 3, 5], [5, 20, 20, 16], [12, 2200], [16, 32, 32, 8], [6, 10, 10, 120], [1, 9, 9, 1000], [1, 151, 151, 3]];

describe("@aug/models' fused BatchNorm kernels", () => {
  afterAll(async () => {
    installTrainingKernels('cpu');
    await tf.setBackend('cpu');
  });

  it('give the tfjs-ops pass\'s outputs and gradients on cpu, wasm and onnxruntime, with no leaked tensors', async () => {
    await tf.setBackend('cpu');
    uninstallTrainingKernels('cpu');
    expect(tf.getKernel(BATCH_NORM_TRAINING_KERNEL, 'cpu')).toBeUndefined();
    const want = shapes.map(run); // tfjs ops
    installTrainingKernels('cpu');
    const ran = async () => (await tf.profile(() => { run(shapes[0]!); })).kernels.map((k) => k.name);
    expect(await ran()).toEqual(expect.arrayContaining([BATCH_NORM_TRAINING_KERNEL, BATCH_NORM_TRAINING_GRAD_KERNEL]));
    let before = tf.memory().numTensors;
    shapes.forEach((s, i) => expectClose(run(s), want[i]!, `cpu ${s}`));
    expect(tf.memory().numTensors).toBe(before);
    await useBackend('wasm', { threads: 2, env: {} });
    expect(await ran()).toEqual(expect.arrayContaining([BATCH_NORM_TRAINING_KERNEL, BATCH_NORM_TRAINING_GRAD_KERNEL]));
    before = tf.memory().numTensors;
    shapes.forEach((s, i) => expectClose(run(s), want[i]!, `wasm ${s}`));
    expect(tf.memory().numTensors).toBe(before);
    await useBackend('onnxruntime', { threads: 2, env: {} });
    expect(await ran()).toEqual(expect.arrayContaining([BATCH_NORM_TRAINING_KERNEL, BATCH_NORM_TRAINING_GRAD_KERNEL]));
    const sessions = currentOrtEngine()!.sessionCount;
    before = tf.memory().numTensors;
    shapes.forEach((s, i) => expectClose(run(s), want[i]!, `onnxruntime ${s}`));
    expect(tf.memory().numTensors).toBe(before);
    // With WebAssembly SIMD, channels in whole vectors of 4 take the streamed kernels: only the 3-channel shape
    // above the threshold runs graphs (a forward and a gradient session).
    expect(currentOrtEngine()!.sessionCount - sessions).toBe(2);
    // Without it, a forward and a gradient session for each shape above the threshold.
    setSimdStreamEnabled(false);
    shapes.forEach((s, i) => expectClose(run(s), want[i]!, `onnxruntime without SIMD ${s}`));
    setSimdStreamEnabled(true);
    expect(tf.memory().numTensors).toBe(before);
    expect(currentOrtEngine()!.sessionCount - sessions).toBe(8);
  });

  it('name the bad input', async () => {
    await tf.setBackend('cpu');
    installTrainingKernels('cpu');
    const before = tf.memory().numTensors;
    const x = tf.zeros([2, 3]);
    const wrong = tf.zeros([4]);
    const ones = tf.ones([3]);
    expect(() => tf.engine().runKernel(BATCH_NORM_TRAINING_KERNEL, { x, scale: wrong, offset: wrong }, { epsilon: 1e-5 }))
      .toThrow(/AugBatchNormTraining: scale must be a float32 \[3\] tensor/);
    expect(() => tf.engine().runKernel(BATCH_NORM_TRAINING_KERNEL, { x, scale: ones, offset: ones }, { epsilon: -1 }))
      .toThrow(/attrs.epsilon must be a number >= 0/);
    expect(() => tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD_KERNEL, { dy: wrong, x, mean: ones, invStd: ones, scale: ones }, {}))
      .toThrow(/AugBatchNormTrainingGrad: dy must be float32 with x's shape \[2, 3\]/);
    tf.dispose([x, wrong, ones]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
