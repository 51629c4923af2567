import * as tf from '@tensorflow/tfjs-core';
import { sinFill } from '@aug/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend } from '../src/index.js';
import { installTrainingKernels, uninstallTrainingKernels } from '../src/kernels/install.js';
import { RELU_GRAD_KERNEL } from '../src/kernels/relu-grad.js';

// Every kind of value ReLU's gradient meets: signs, both zeros, infinities, NaN, a subnormal; and a bulk part.
const EDGE_X = [-0, 0, -1.5, 2, Infinity, -Infinity, NaN, 1e-45, -1e-45, 3];
const EDGE_DY = [-2, -3, -1, NaN, 4, Infinity, 1, -Infinity, -5, -0];
const N = 4 * 6 * 6 * 8;

function inputs(): { x: tf.Tensor; dy: tf.Tensor } {
  const x = sinFill(N, 3, (s) => s * 2);
  const dy = sinFill(N, 5, (s) => s * 3);
  x.set(EDGE_X, 0);
  dy.set(EDGE_DY, 0);
  return { x: tf.tensor(x, [4, 6, 6, 8]), dy: tf.tensor(dy, [4, 6, 6, 8]) };
}

const bits = (t: tf.Tensor) => Array.from(new Uint32Array(Float32Array.from(t.dataSync() as Float32Array).buffer));

/** ReLU's gradient as the tape computes it, its bits, and the kernels it ran. */
async function reluGradient(): Promise<{ bits: number[]; kernels: string[]; leaked: number }> {
  const before = tf.memory().numTensors;
  const { x, dy } = inputs();
  let dx: tf.Tensor | null = null;
  const profile = await tf.profile(() => {
    dx = tf.grad((v: tf.Tensor) => tf.relu(v))(x, dy);
  });
  const out = { bits: bits(dx!), kernels: profile.kernels.map((k) => k.name) };
  tf.dispose([x, dy, dx!]);
  return { ...out, leaked: tf.memory().numTensors - before };
}

/** tfjs's own formula, `dy * step(x)`, on the active backend. */
function stockBits(): number[] {
  return tf.tidy(() => {
    const { x, dy } = inputs();
    return bits(tf.mul(dy, tf.step(x)));
  });
}

describe('ReLU gradient in one pass (AugReluGrad)', () => {
  afterAll(async () => {
    installTrainingKernels('cpu');
    await tf.setBackend('cpu');
  });

  it('equals tfjs\'s dy * step(x) to the bit on cpu, onnxruntime and wasm, in one kernel and no leaked tensors', async () => {
    for (const name of ['cpu', 'onnxruntime', 'wasm'] as const) {
      if (name === 'cpu') {
        await tf.setBackend('cpu');
        installTrainingKernels('cpu');
      } else {
        await useBackend(name, { threads: 2, env: {} });
      }
      const got = await reluGradient();
      expect(got.kernels, name).toContain(RELU_GRAD_KERNEL);
      expect(got.kernels, name).not.toContain('Step');
      expect(got.bits, name).toEqual(stockBits());
      expect(got.leaked, name).toBe(0);
      // -0 where dy < 0 and x <= 0, NaN where x is NaN or dy is infinite at x <= 0: as tfjs.
      expect(Object.is(new Float32Array(new Uint32Array(got.bits.slice(0, 1)).buffer)[0], -0), name).toBe(true);
    }
  });

  it('leaves backends without the kernel on tfjs\'s own Step and Multiply, with the same result', async () => {
    await tf.setBackend('cpu');
    installTrainingKernels('cpu');
    const fused = await reluGradient();
    uninstallTrainingKernels('cpu');
    const stock = await reluGradient();
    expect(stock.kernels).toEqual(expect.arrayContaining(['Step', 'Multiply']));
    expect(stock.kernels).not.toContain(RELU_GRAD_KERNEL);
    expect(stock.bits).toEqual(fused.bits);
    expect(stock.leaked).toBe(0);
  });

  it('names its inputs when it is called wrongly', async () => {
    await tf.setBackend('cpu');
    installTrainingKernels('cpu');
    const x = tf.zeros([2, 3]);
    expect(() => tf.engine().runKernel(RELU_GRAD_KERNEL, { x }, {})).toThrow(/AugReluGrad: the inputs dy and x are both needed/);
    expect(() => tf.engine().runKernel(RELU_GRAD_KERNEL, { dy: tf.zeros([3, 2]), x }, {})).toThrow(
      /AugReluGrad: dy and x must be float32 tensors of one shape; got dy float32 \[3, 2\] and x float32 \[2, 3\]/,
    );
    tf.dispose(x);
  });
});
