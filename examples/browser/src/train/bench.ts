// A step-time benchmark the README's numbers come from (bench/page-speed.mjs calls it through
// window.augBench): the training page's model (ResNet-18 at `width`) on one fixed batch of the shipped
// sample, `steps` Adam steps on the backend asked for, the first step (kernel compilation, warm-up) left out.
import * as tf from '@tensorflow/tfjs-core';
import { useBackend, type BackendName } from '@aug/backend';
import { initWeights, resnet18 } from '@aug/models';
import { createOptimizer, trainBatch } from '@aug/train';
import { record } from './cifar-sample.js';

/** What one benchmark run reports. */
export interface BenchResult {
  backend: string;
  reason: string;
  width: number;
  batch: number;
  /** Every step's wall time in ms, the first (warm-up) included. */
  stepMs: number[];
  /** Images per second over the steps after the first. */
  imgPerSec: number;
}

/** One fixed batch: the first `batch` training records, ToTensor'd, NHWC. */
function fixedBatch(bytes: Uint8Array, batch: number): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const x = new Float32Array(batch * 3072);
  const y = new Int32Array(batch);
  for (let i = 0; i < batch; i++) {
    const { image, label } = record(bytes, i);
    for (let k = 0; k < 3072; k++) x[i * 3072 + k] = image.data[k]! / 255;
    y[i] = label;
  }
  return { x: tf.tensor4d(x, [batch, 32, 32, 3]), y: tf.tensor1d(y, 'int32') };
}

/**
 * Trains `steps` steps of ResNet-18 (`width`) at batch `batch` on `backend` and reports images per second.
 *
 * @example
 * ```ts
 * const r = await benchSteps(bytes, 'wasm', { width: 8, batch: 32, steps: 6, wasmPaths });
 * ```
 */
export async function benchSteps(bytes: Uint8Array, backend: BackendName, options: { width: number; batch: number; steps: number; wasmPaths?: Record<string, string> }): Promise<BenchResult> {
  const info = await useBackend(backend, { allowSoftwareWebgpu: true, ...(options.wasmPaths ? { wasmPaths: options.wasmPaths } : {}) });
  const model = resnet18({ numClasses: 10, inChannels: 3, inputSize: 32, width: options.width });
  initWeights(model, { init: 'xavierUniform', seed: 0 });
  const optimizer = createOptimizer('adam', 1e-3);
  const { x, y } = fixedBatch(bytes, options.batch);
  const stepMs: number[] = [];
  try {
    for (let s = 0; s < options.steps; s++) {
      const t0 = performance.now();
      await trainBatch(model, x, y, { optimizer });
      stepMs.push(performance.now() - t0);
    }
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  }
  const timed = stepMs.slice(1);
  const imgPerSec = (options.batch * timed.length) / (timed.reduce((a, b) => a + b, 0) / 1000);
  return { backend: info.description, reason: info.reason, width: options.width, batch: options.batch, stepMs, imgPerSec };
}
