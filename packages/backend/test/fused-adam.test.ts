import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '@aug/transforms';
import { afterAll, describe, expect, it } from 'vitest';
import { ADAM_UPDATE_KERNEL, FusedAdamOptimizer, useBackend } from '../src/index.js';
import { installTrainingKernels, uninstallTrainingKernels } from '../src/kernels/install.js';
import { currentOrtEngine } from '../src/onnxruntime.js';
import { setSimdStreamEnabled } from '../src/kernels/simd-stream.js';

// [3, 3, 64, 128] is above ORT_ADAM_MIN_LENGTH: the onnxruntime route runs it as an onnxruntime graph.
const SHAPES = [[300, 70], [7], [3, 3, 2, 4], [3, 3, 64, 128]];

/** Seeded values of every kind an update meets: normal, exact zeros, tiny (subnormal squares) and huge. */
function values(n: number, seed: number, scale: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    const normal = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    out[i] = u < 0.05 ? 0 : u < 0.1 ? normal * 1e-25 : u < 0.12 ? normal * 1e15 : normal * scale;
  }
  return out;
}

let runs = 0;

/** The bits of every weight, moment and accumulated beta power after `steps` updates by `make()`. */
function trainBits(make: () => tf.AdamOptimizer, steps: number): { bits: number[][]; tensorsAdded: number } {
  const weights = SHAPES.map((s, k) => tf.variable(tf.tensor(values(s.reduce((a, b) => a * b, 1), 10 + k, 0.5), s), true, `w${k}_${++runs}`));
  const optimizer = make();
  let afterFirst = 0;
  for (let step = 0; step < steps; step++) {
    const grads = weights.map((w, k) => ({ name: w.name, tensor: tf.tensor(values(w.size, 100 * step + k, 2), w.shape) }));
    optimizer.applyGradients(grads);
    tf.dispose(grads.map((g) => g.tensor));
    if (step === 0) afterFirst = tf.memory().numTensors;
  }
  const state = optimizer as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable };
  const tensors = [...weights, state.accBeta1, state.accBeta2];
  const bits = tensors.map((t) => Array.from(new Uint32Array(Float32Array.from(t.dataSync() as Float32Array).buffer)));
  const tensorsAdded = tf.memory().numTensors - afterFirst;
  tf.dispose(weights);
  optimizer.dispose();
  return { bits, tensorsAdded };
}

describe('FusedAdamOptimizer', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
    installTrainingKernels('cpu');
  });

  for (const backend of ['cpu', 'wasm', 'onnxruntime'] as const) {
    it(`equals tf.train.adam to the bit on ${backend}, in one kernel per weight, with no leaked tensors`, async () => {
      await useBackend(backend, { threads: 2, env: {} });
      expect(tf.getKernel(ADAM_UPDATE_KERNEL, backend)).toBeDefined();
      const want = trainBits(() => tf.train.adam(1e-3, 0.9, 0.999, 1e-8), 6);
      const got = trainBits(() => new FusedAdamOptimizer(1e-3, 0.9, 0.999, 1e-8), 6);
      expect(got.bits).toEqual(want.bits);
      if (backend === 'onnxruntime') {
        // Without WebAssembly SIMD the large weight goes through the onnxruntime Adam graph (its one session).
        const sessions = currentOrtEngine()!.sessionCount;
        setSimdStreamEnabled(false);
        const viaGraph = trainBits(() => new FusedAdamOptimizer(1e-3, 0.9, 0.999, 1e-8), 6);
        setSimdStreamEnabled(true);
        expect(currentOrtEngine()!.sessionCount).toBeGreaterThan(sessions);
        expect(viaGraph.bits).toEqual(want.bits);
      }
      expect(got.tensorsAdded).toBe(0);
      const big = trainBits(() => new FusedAdamOptimizer(0.3, 0.5, 0.6, 1e-3), 3);
      expect(big.bits).toEqual(trainBits(() => tf.train.adam(0.3, 0.5, 0.6, 1e-3), 3).bits);
      const w = tf.variable(tf.ones([5]), true, `profiled_${backend}`);
      const optimizer = new FusedAdamOptimizer(1e-3, 0.9, 0.999, 1e-8);
      const profile = await tf.profile(() => optimizer.applyGradients([{ name: w.name, tensor: tf.onesLike(w) }]));
      expect(profile.kernels.filter((k) => k.name === ADAM_UPDATE_KERNEL)).toHaveLength(1);
      expect(profile.kernels.map((k) => k.name)).not.toContain('Sqrt');
      tf.dispose(w);
      optimizer.dispose();
    });
  }

  it("is tfjs's AdamOptimizer where the kernel is missing, and shares its class name and weights", async () => {
    await tf.setBackend('cpu');
    uninstallTrainingKernels('cpu');
    expect(tf.getKernel(ADAM_UPDATE_KERNEL, 'cpu')).toBeUndefined();
    const fused = trainBits(() => new FusedAdamOptimizer(1e-2, 0.9, 0.999, 1e-8), 3);
    installTrainingKernels('cpu');
    expect(fused.bits).toEqual(trainBits(() => tf.train.adam(1e-2, 0.9, 0.999, 1e-8), 3).bits);
    const optimizer = new FusedAdamOptimizer(1e-3, 0.9, 0.999, 1e-8);
    expect(optimizer).toBeInstanceOf(tf.AdamOptimizer);
    expect(optimizer.getClassName()).toBe('Adam');
    expect(optimizer.getConfig()).toEqual(tf.train.adam(1e-3, 0.9, 0.999, 1e-8).getConfig());
    const w = tf.variable(tf.ones([4]), true, 'weights_roundtrip');
    optimizer.applyGradients({ [w.name]: tf.fill([4], 0.5) });
    const saved = await optimizer.getWeights();
    expect(saved.map((s) => s.name)).toEqual(['iter', 'weights_roundtrip/m', 'weights_roundtrip/v']);
    const stock = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
    await stock.setWeights(saved);
    expect(Array.from((await stock.getWeights())[1]!.tensor.dataSync())).toEqual(Array.from(saved[1]!.tensor.dataSync()));
    tf.dispose(w);
    optimizer.dispose();
    stock.dispose();
  });

  it('names the bad kernel input', async () => {
    await tf.setBackend('cpu');
    installTrainingKernels('cpu');
    const before = tf.memory().numTensors;
    const a = tf.zeros([3]);
    const b = tf.zeros([4]);
    const s = tf.scalar(0.1);
    const attrs = { beta1: 0.9, beta2: 0.999, learningRate: 1e-3, epsilon: 1e-8 };
    expect(() => tf.engine().runKernel(ADAM_UPDATE_KERNEL, { value: a, gradient: b, m: a, v: a, oneMinusAccBeta1: s, oneMinusAccBeta2: s }, attrs))
      .toThrow(/AugAdamUpdate: value, gradient, m and v must be float32 tensors of one shape; got float32 \[4\] beside \[3\]/);
    expect(() => tf.engine().runKernel(ADAM_UPDATE_KERNEL, { value: a, gradient: a, m: a, v: a, oneMinusAccBeta1: a, oneMinusAccBeta2: s }, attrs))
      .toThrow(/oneMinusAccBeta1 must be a float32 scalar/);
    expect(() => tf.engine().runKernel(ADAM_UPDATE_KERNEL, { value: a, gradient: a, m: a, v: a, oneMinusAccBeta1: s, oneMinusAccBeta2: s }, { ...attrs, epsilon: 'x' }))
      .toThrow(/attrs.epsilon must be a finite number; got "x"/);
    expect(() => tf.engine().runKernel(ADAM_UPDATE_KERNEL, { value: a, gradient: a, m: a, oneMinusAccBeta1: s, oneMinusAccBeta2: s }, attrs))
      .toThrow(/AugAdamUpdate: the input v is missing/);
    tf.dispose([a, b, s]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
