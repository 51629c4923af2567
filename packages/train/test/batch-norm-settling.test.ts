import * as tfl from '@tensorflow/tfjs-layers';
import { resnet18 } from '@aug/models';
import { describe, expect, it } from 'vitest';
import { batchNormSettling, MIN_BATCH_NORM_UPDATES } from '../src/index.js';

describe('batchNormSettling', () => {
  it("warns for the old quick preset's 10 steps of ResNet-18 (35% of the initial statistics left) and is quiet from 50 steps", () => {
    const model = resnet18({ width: 4, inputSize: 8 });
    const few = batchNormSettling(model, 10);
    expect(few.layers).toBe(17);
    expect(few.momentum).toBeCloseTo(0.9, 6);
    expect(few.initialWeight).toBeCloseTo(0.9 ** 10, 6);
    expect(few.settled).toBe(false);
    expect(few.warning).toMatch(/10 training steps, fewer than 50: .* 17 BatchNorm layers .* at 35% /);
    const enough = batchNormSettling(model, MIN_BATCH_NORM_UPDATES);
    expect(enough.settled).toBe(true);
    expect(enough.warning).toBeNull();
    expect(batchNormSettling(model, 49).settled).toBe(false);
    expect(batchNormSettling(model, 5, 4).warning).toBeNull();
    model.dispose();
  });

  it('is quiet for a model without BatchNorm and rejects bad counts', () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [3] })] });
    expect(batchNormSettling(model, 1)).toMatchObject({ layers: 0, settled: true, warning: null });
    expect(() => batchNormSettling(model, -1)).toThrow(RangeError);
    expect(() => batchNormSettling(model, 1.5)).toThrow(/updates must be an integer >= 0, got 1.5/);
    expect(() => batchNormSettling(model, 3, 0)).toThrow(/minUpdates must be a positive integer, got 0/);
    model.dispose();
  });
});
