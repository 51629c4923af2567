// Every public options object of @aug/data rejects an unknown key with a TypeError naming it and the nearest
// valid key (issue 30: `{ shufle: true }`, `{ num_workers: 2 }`, `{ batchsize: 2 }` used to be dropped).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { describeStrictOptions, tempDir } from '@aug/test-utils';
import type { Image } from '@aug/transforms';
import { describe, expect, it } from 'vitest';
import {
  ArrayDataset, CocoDetection, DataLoader, DistributedSampler, ImageFolder, decodeImage, encodeJpeg, encodePng, readImage, writeImage,
} from '../src/index.js';
import { OPTION_KEYS, type OptionsTypeName } from '../src/option-keys.js';

const index = readFileSync(new URL('../src/index.ts', import.meta.url), 'utf8');
const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const img: Image = { data: new Uint8Array(4 * 4 * 3).fill(7), height: 4, width: 4, channels: 3 };
const dataset = (): ArrayDataset => new ArrayDataset([img, img], [0, 1]);

/** For each options type, a call that passes `options` where that type is taken. */
const callers: Record<OptionsTypeName, (options: Record<string, unknown>) => Promise<unknown>> = {
  DataLoaderOptions: async (o) => new DataLoader(dataset(), o as never),
  ArrayDatasetOptions: async (o) => new ArrayDataset([img], [0], o as never),
  TfDatasetOptions: async (o) => new DataLoader(dataset()).toTfDataset(o as never),
  ImageFolderOptions: async (o) => new ImageFolder(join(fixtures, 'image-folder'), o as never),
  CocoDetectionOptions: async (o) => new CocoDetection(join(fixtures, 'coco', 'images'), join(fixtures, 'coco', 'annotations.json'), o as never),
  DistributedSamplerOptions: async (o) => new DistributedSampler(dataset(), { numReplicas: 1, rank: 0, ...o } as never),
  DecodeImageOptions: async (o) => decodeImage(await encodePng(img), o as never),
  EncodeJpegOptions: async (o) => encodeJpeg(img, o as never),
  WriteImageOptions: async (o) => writeImage(join(tempDir(), 'a.jpg'), img, o as never),
};

describe('strict options', () => {
  describeStrictOptions(index, OPTION_KEYS, callers, () => tf.memory().numTensors);

  it('DataLoader: { shufle }, { num_workers } and { batchsize } throw (they used to be dropped)', () => {
    expect(() => new DataLoader(dataset(), { shufle: true } as never)).toThrow(/^DataLoader: unknown option "shufle" \(did you mean "shuffle"\?\); the options are batchSize, shuffle/);
    expect(() => new DataLoader(dataset(), { num_workers: 2 } as never)).toThrow('did you mean "numWorkers"?');
    expect(() => new DataLoader(dataset(), { batchsize: 2 } as never)).toThrow('did you mean "batchSize"?');
    expect(() => new DataLoader(dataset(), { batchSize: 2, shuffle: true, seed: 1 })).not.toThrow();
  });

  it('readImage checks its options before reading the file', async () => {
    await expect(readImage('/no/such/file.png', { mdoe: 'rgb' } as never)).rejects.toThrow('readImage: unknown option "mdoe" (did you mean "mode"?)');
  });
});
