// CocoDetection through a DataLoader with worker threads (needs the package built: the workers run dist/worker.js).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RandomHorizontalFlip } from '@aug/transforms';
import { describe, expect, it, vi } from 'vitest';
import { DataLoader } from '../src/data-loader.js';
import { CocoDetection, type CocoSample } from '../src/datasets/coco-detection.js';

const ROOT = fileURLToPath(new URL('./fixtures/coco', import.meta.url));
const IMAGES = join(ROOT, 'images');
const ANN = join(ROOT, 'annotations.json');

describe('CocoDetection with DataLoader worker threads', () => {
  it('workers parse the annotations, read, decode and transform: the samples equal numWorkers 0, none read on the main thread', async () => {
    const coco = new CocoDetection(IMAGES, ANN, { transforms: new RandomHorizontalFlip(0.5) });
    const options = { batchSize: 2, shuffle: true, seed: 5, collate: (samples: CocoSample[]) => samples };
    const collect = async (loader: AsyncIterable<CocoSample[]>): Promise<CocoSample[][]> => {
      const out: CocoSample[][] = [];
      for await (const batch of loader) out.push(batch);
      return out;
    };
    const serial = await collect(new DataLoader(coco, options));
    expect(serial.flat().map((s) => s.target.imageId).sort()).toEqual([19, 42, 7]);
    const get = vi.spyOn(CocoDetection.prototype, 'get');
    try {
      const parallel = await collect(new DataLoader(coco, { ...options, numWorkers: 2 }));
      expect(parallel).toEqual(serial);
      expect(get).not.toHaveBeenCalled();
    } finally {
      get.mockRestore();
    }
  });
});
