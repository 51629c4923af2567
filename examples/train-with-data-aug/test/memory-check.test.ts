import { resnet18 } from '@aug/models';
import { useBackend } from '@aug/train/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { ALLOW_LARGE_BATCH_ENV, BatchTooLargeError, activationBytesPerExample, checkBatchFits } from '../src/memory-check.js';

let model: LayersModel;
beforeAll(async () => {
  await useBackend('cpu', { log: () => {} });
  model = resnet18({ numClasses: 10, width: 8 });
});
afterAll(() => model.dispose());

describe('checkBatchFits (issue 30: a batch size of 1,000,000 silently took 10.7 GB)', () => {
  it("estimates ResNet-18's activations per image from its layers' output shapes", () => {
    const bytes = activationBytesPerExample(model);
    // The input alone is 32*32*3 floats; the first conv block's outputs are 32*32*8 floats each.
    expect(bytes).toBeGreaterThan(32 * 32 * 3 * 4 + 4 * 32 * 32 * 8 * 4);
    expect(bytes).toBeLessThan(10 * 2 ** 20);
  });

  it('refuses a step that would not fit, saying the estimate, the limit and the batch size that fits', () => {
    const per = activationBytesPerExample(model) * 3;
    const total = 16 * 2 ** 30;
    expect(() => checkBatchFits(model, 1_000_000, 1_000_000, total, {})).toThrow(BatchTooLargeError);
    let message = '';
    try {
      checkBatchFits(model, 1_000_000, 1_000_000, total, {});
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^--batch-size 1000000: one training step would need about [\d.]+ GiB .* more than this machine's 16\.0 GiB of memory/);
    expect(message).toContain(`Use --batch-size ${Math.floor(total / per)} or less`);
    expect(message).toContain(`${ALLOW_LARGE_BATCH_ENV}=1`);
  });

  it('passes a batch that fits, a huge batch size on a small training set (the step holds only the set), and the override', () => {
    const total = 16 * 2 ** 30;
    expect(() => checkBatchFits(model, 256, 256, total, {})).not.toThrow();
    expect(() => checkBatchFits(model, 1_000_000, 80, total, {})).not.toThrow();
    expect(() => checkBatchFits(model, 1_000_000, 1_000_000, total, { [ALLOW_LARGE_BATCH_ENV]: '1' })).not.toThrow();
  });
});
