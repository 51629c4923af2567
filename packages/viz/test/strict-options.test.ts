// Every public options object of @aug/viz rejects an unknown key with a TypeError naming it and the nearest
// valid key (one check for every package: @aug/internal's checkOptions).
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describeStrictOptions } from '@aug/test-utils';
import { boundingBoxes, createRng, keyPoints, mask, RandomHorizontalFlip, type Image } from '@aug/transforms';
import { describe, expect, it } from 'vitest';
import {
  Animator, augmentationGallery, detectionGallery, drawBoundingBoxes, drawKeypoints, drawSample, drawSegmentationMasks, showImages,
} from '../src/index.js';
import { OPTION_KEYS, type OptionsTypeName } from '../src/option-keys.js';

const index = readFileSync(new URL('../src/index.ts', import.meta.url), 'utf8');
const img: Image = { data: new Uint8Array(8 * 8 * 3).fill(90), height: 8, width: 8, channels: 3 };
const boxes = boundingBoxes([1, 1, 5, 5], { format: 'xyxy', canvasSize: [8, 8] });
const sample = { image: img, target: { boxes, labels: [1] } };
const stream = { write: () => true, isTTY: false };

/** For each options type, a call that passes `options` where that type is taken. */
const callers: Record<OptionsTypeName, (options: Record<string, unknown>) => unknown> = {
  AnimatorOptions: (o) => new Animator(o as never),
  LiveViewOptions: (o) => new Animator().attach(stream, o as never),
  ShowImagesOptions: (o) => showImages([img], 1, 1, o as never),
  AugmentationGalleryOptions: (o) => augmentationGallery(img, new RandomHorizontalFlip(), { rng: createRng(1), ...o } as never),
  DetectionGalleryOptions: (o) => detectionGallery(sample, new RandomHorizontalFlip(), { rng: createRng(1), ...o } as never),
  DrawBoundingBoxesOptions: (o) => drawBoundingBoxes(img, boxes, o as never),
  DrawSegmentationMasksOptions: (o) => drawSegmentationMasks(img, mask(new Uint8Array(64).fill(1), 8, 8), o as never),
  DrawKeypointsOptions: (o) => drawKeypoints(img, keyPoints([2, 2, 4, 4], { canvasSize: [8, 8] }), o as never),
};

describe('strict options', () => {
  describeStrictOptions(index, OPTION_KEYS, callers, () => tf.memory().numTensors);

  it('drawSample takes the drawing options only', () => {
    expect(() => drawSample(sample, { rows: 2 } as never)).toThrow('drawSample: unknown option "rows"');
    expect(() => drawSample(sample, { showLabel: true } as never)).toThrow('did you mean "showLabels"?');
    expect(drawSample(sample, { showLabels: false, boxWidth: 2 }).height).toBeGreaterThan(0);
  });

  it('a valid key passes', () => {
    expect(() => new Animator({ legend: ['a'], xlabel: 'epoch' })).not.toThrow();
  });
});
