// Benchmark, not a test (`pnpm -F @aug/backend bench:webgpu`, config bench/vitest.config.ts; the
// package's tests do not run it): images/s of one d2l ResNet-18 training step (width 64, 32x32 input,
// SGD) on the webgpu backend, with aug's webgpu kernels and, with AUG_WEBGPU_BENCH_STOCK=1, with
// tfjs-backend-webgpu's own. AUG_WEBGPU_BENCH_BATCH sets the batch (default 16). Slow on lavapipe
// (minutes); on a GPU use batch 256. Skipped, saying why, when WebGPU has no adapter.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';

import { installWebgpuKernels, uninstallWebgpuKernels } from '../src/webgpu/kernels.js';
import { initWebgpu, probeWebgpu } from '../src/webgpu/index.js';
import { seeded, setSeededWeights, sgdStep, smallResnet18 } from '../test/webgpu-fixtures.js';

const probe = await probeWebgpu();
if (!probe.available) console.log(`webgpu benchmark skipped: ${probe.reason}`);

async function imagesPerSecond(batch: number): Promise<{ imgPerS: number; stepMs: number; loss: number }> {
  const size = 32;
  const model = smallResnet18(64, size, 10);
  setSeededWeights(model, 1);
  const optimizer = tf.train.sgd(0.05);
  const x = tf.tensor4d(seeded(batch * size * size * 3, 2).map((v) => 0.5 + 0.5 * v), [batch, size, size, 3]);
  const y = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 10), 'int32');
  await sgdStep(model, x, y, optimizer); // compiles the shaders
  const t0 = performance.now();
  const { loss } = await sgdStep(model, x, y, optimizer);
  const stepMs = performance.now() - t0;
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  return { imgPerS: (batch * 1000) / stepMs, stepMs, loss };
}

describe.skipIf(!probe.available)('webgpu ResNet-18 training step benchmark', () => {
  afterAll(async () => {
    installWebgpuKernels();
    await tf.setBackend('cpu');
  });

  it('images per second', async () => {
    const report = await initWebgpu({ allowSoftware: true });
    const batch = Number(process.env.AUG_WEBGPU_BENCH_BATCH ?? 16);
    const ours = await imagesPerSecond(batch);
    console.log(`webgpu ResNet-18 step, batch ${batch}, ${report.description}: aug kernels ${ours.imgPerS.toFixed(3)} img/s (${(ours.stepMs / 1000).toFixed(1)} s/step)`);
    expect(Number.isFinite(ours.loss)).toBe(true);
    if (process.env.AUG_WEBGPU_BENCH_STOCK === '1') {
      uninstallWebgpuKernels();
      const stock = await imagesPerSecond(batch);
      console.log(`webgpu ResNet-18 step, batch ${batch}: tfjs-backend-webgpu's own kernels ${stock.imgPerS.toFixed(3)} img/s (${(stock.stepMs / 1000).toFixed(1)} s/step)`);
    }
  }, 3_600_000);
});
