import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ColorJitter, Compose, RandomHorizontalFlip, RandomResizedCrop, ToTensor, sampleRng } from '../src/index.js';
import { randomImage } from './helpers.js';

const dist = new URL('../dist/index.js', import.meta.url);

// The worker rebuilds the pipeline from plain data with the built package, as a DataLoader worker does.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.dist).then(({ transformFromJSON, sampleRng }) => {
  const t = transformFromJSON(workerData.spec);
  const out = workerData.images.map((img, index) => {
    const r = t.apply({ ...img, data: new Uint8Array(img.data) }, sampleRng(workerData.seed, workerData.epoch, index));
    return Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength).toString('base64');
  });
  parentPort.postMessage(out);
});
`;

describe('worker threads', () => {
  it.skipIf(!existsSync(dist))('a pipeline shipped as toJSON() to a worker gives byte-identical output there', async () => {
    const d2l = new Compose([
      new RandomHorizontalFlip(),
      new RandomResizedCrop([32, 32], { scale: [0.1, 1], ratio: [0.5, 2] }),
      new ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.5 }),
      new ToTensor(),
    ]);
    const images = Array.from({ length: 16 }, (_, i) => randomImage(32, 32, 3, 500 + i));
    const main = images.map((img, index) => {
      const r = d2l.apply(img, sampleRng(9, 1, index));
      return Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength).toString('base64');
    });
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { dist: dist.href, spec: d2l.toJSON(), images: images.map((i) => ({ ...i, data: Array.from(i.data) })), seed: 9, epoch: 1 },
    });
    const fromWorker = await new Promise<string[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(fromWorker).toEqual(main);
  });
});
