// @aug/transforms' batched path (`applyBatch`, vectorised tf ops) run on the webgpu backend equals
// the per-image path (plain JS) for the same rng draws. Skipped, with the reason printed, where
// there is no WebGPU adapter.
import {
  ColorJitter,
  Compose,
  Normalize,
  RandomCrop,
  RandomGrayscale,
  RandomHorizontalFlip,
  RandomResizedCrop,
  createRng,
  type BatchTransform,
  type Image,
} from '@aug/transforms';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { initWebgpu, probeWebgpu } from '../src/webgpu/index.js';
import { maxAbsDiff } from '@aug/test-utils';
import { seeded } from './webgpu-fixtures.js';

const probe = await probeWebgpu();
if (!probe.available) console.log(`webgpu transform tests skipped: no WebGPU adapter here (${probe.reason})`);

/** Same as @aug/transforms' own batched-vs-per-image tolerance: float32 tf ops vs float64 JS (the hue round trip is the largest). */
const TOL = 1e-4;

function images(n: number, h: number, w: number, seed: number): Image[] {
  return Array.from({ length: n }, (_, i) => ({
    data: seeded(h * w * 3, seed + i).map((v) => 0.5 + 0.5 * v),
    height: h,
    width: w,
    channels: 3,
  }));
}

function stack(imgs: Image[]): tf.Tensor4D {
  const { height, width, channels } = imgs[0]!;
  const data = new Float32Array(imgs.length * height * width * channels);
  imgs.forEach((im, i) => data.set(im.data, i * im.data.length));
  return tf.tensor4d(data, [imgs.length, height, width, channels]);
}

/** applyBatch on webgpu vs apply per image with the same seed; checks the leak count too. */
async function agree(t: BatchTransform, imgs: Image[], seed: number): Promise<void> {
  const x = stack(imgs);
  const before = tf.memory().numTensors;
  const y = t.applyBatch(x, createRng(seed));
  expect(tf.memory().numTensors).toBe(before + 1);
  const got = await y.data();
  const rng = createRng(seed);
  const want = imgs.map((im) => t.apply(im, rng));
  expect(y.shape).toEqual([imgs.length, want[0]!.height, want[0]!.width, want[0]!.channels]);
  const size = want[0]!.data.length;
  want.forEach((w, i) => {
    expect(maxAbsDiff(got.subarray(i * size, (i + 1) * size), w.data), `${t.constructor.name} sample ${i}`).toBeLessThan(TOL);
  });
  tf.dispose([x, y]);
}

describe.skipIf(!probe.available)('transforms applyBatch on webgpu equals the per-image path', () => {
  beforeAll(async () => {
    await initWebgpu({ allowSoftware: true });
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  const imgs = images(12, 10, 12, 50);

  it('runs on the webgpu backend', () => {
    expect(tf.getBackend()).toBe('webgpu');
  });

  it('RandomHorizontalFlip', async () => {
    await agree(new RandomHorizontalFlip(), imgs, 1);
  });

  it('ColorJitter (brightness, contrast, saturation, hue; per-sample order)', async () => {
    await agree(new ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.5 }), images(24, 6, 7, 80), 2);
  });

  it('RandomResizedCrop (bilinear, antialias, nearest)', async () => {
    await agree(new RandomResizedCrop([8, 9], { scale: [0.1, 1], ratio: [0.5, 2] }), imgs, 3);
    await agree(new RandomResizedCrop([5, 6], { scale: [0.3, 1], antialias: true }), imgs, 4);
    await agree(new RandomResizedCrop([9, 9], { interpolation: 'nearest' }), imgs, 5);
  });

  it('RandomCrop with padding, RandomGrayscale, Normalize', async () => {
    await agree(new RandomCrop([9, 11], { padding: [1, 2, 3, 0], paddingMode: 'reflect' }), imgs, 6);
    await agree(new RandomGrayscale(0.5), imgs, 7);
    const normalize = new Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);
    await agree(normalize, imgs, 8);
  });

  it("a Compose pipeline's applyBatch gives the same batch on webgpu as on cpu", async () => {
    // Compose.applyBatch draws transform by transform over the batch, not image by image, so it is
    // compared with itself on the cpu backend rather than with the per-image path.
    const pipeline = new Compose([
      new RandomResizedCrop([8, 8], { scale: [0.2, 1] }),
      new RandomHorizontalFlip(),
      new ColorJitter({ brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 }),
      new Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ]);
    const run = async (): Promise<Float32Array> => {
      const x = stack(imgs);
      const y = pipeline.applyBatch!(x, createRng(9));
      const v = (await y.data()) as Float32Array;
      tf.dispose([x, y]);
      return v;
    };
    const gpu = await run();
    await tf.setBackend('cpu');
    const cpu = await run();
    await tf.setBackend('webgpu');
    expect(maxAbsDiff(gpu, cpu)).toBeLessThan(TOL);
  });
});
