import { describe, expect, it } from 'vitest';
import { totalmem } from 'node:os';
import { defaultMemoryBudget, recommendedMicroBatchSize, WASM_HEAP_BYTES } from '../src/index.js';

// A model stand-in: layers' output shapes as tfjs-layers reports them (batch dim null).
const model = { layers: [{ outputShape: [null, 16, 16, 64] }, { outputShape: [null, 8, 8, 64] }, { outputShape: [[null, 10], [null, 10]] }] };
const perSampleFloats = 16 * 16 * 64 + 8 * 8 * 64 + 20 + 32 * 32 * 3;

describe('recommendedMicroBatchSize', () => {
  it('splits the seed batch of ResNet-18 at 32x32 into 32s on wasm, as measured', () => {
    // @aug/models' ResNet-18 keeps 2,118,922 activation floats per sample; batch 128 exhausted the
    // 4 GiB heap in bench/run.mjs, batch 32 fits.
    expect(recommendedMicroBatchSize(128, { inputShape: [32, 32, 3], activationsPerSample: 2118922, backend: 'wasm' })).toBe(32);
    expect(recommendedMicroBatchSize(256, { inputShape: [32, 32, 3], activationsPerSample: 2118922, backend: 'wasm' })).toBe(32);
    expect(recommendedMicroBatchSize(32, { inputShape: [32, 32, 3], activationsPerSample: 2118922, backend: 'wasm' })).toBeNull();
  });

  it('on onnxruntime budgets half the machine memory at ~16 bytes per activation: the seed batch runs whole on 24 GiB', () => {
    // 256 x 2.12M activations x 16 B = 8.7 GB: one step within 12 GiB, four micro-batches of 64 within 3 GiB.
    expect(recommendedMicroBatchSize(256, { inputShape: [32, 32, 3], activationsPerSample: 2118922, backend: 'onnxruntime', memoryBudgetBytes: 12 * 2 ** 30 })).toBeNull();
    expect(recommendedMicroBatchSize(256, { inputShape: [32, 32, 3], activationsPerSample: 2118922, backend: 'onnxruntime', memoryBudgetBytes: 3 * 2 ** 30 })).toBe(64);
    const defaultLimit = recommendedMicroBatchSize(256, { inputShape: [32, 32, 3], activationsPerSample: 2118922, backend: 'onnxruntime' });
    if (totalmem() / 2 >= 256 * 16 * (2118922 + 3072)) expect(defaultLimit).toBeNull();
    else expect(defaultLimit).toBeLessThan(256);
  });

  it('is null off wasm and when the batch fits', () => {
    expect(recommendedMicroBatchSize(256, { inputShape: [32, 32, 3], model, backend: 'cpu' })).toBeNull();
    expect(recommendedMicroBatchSize(256, { inputShape: [32, 32, 3], model, backend: 'wasm' })).toBeNull();
  });

  it('splits into the largest equal micro-batch that fits the limit', () => {
    const bytesPerSample = 24 * perSampleFloats;
    // room for 100 samples: 256's largest divisor <= 100 is 64
    expect(recommendedMicroBatchSize(256, { inputShape: [32, 32, 3], model, backend: 'wasm', memoryBudgetBytes: 100 * bytesPerSample })).toBe(64);
    expect(recommendedMicroBatchSize(255, { inputShape: [32, 32, 3], model, backend: 'wasm', memoryBudgetBytes: 100 * bytesPerSample })).toBe(85);
    expect(recommendedMicroBatchSize(7, { inputShape: [32, 32, 3], activationsPerSample: 3e7, backend: 'wasm' })).toBe(1); // 2 fit; 7 is prime
    // the default wasm limit is half the 4 GiB heap
    const huge = (WASM_HEAP_BYTES / 2 / 24) / 10; // floats for 10 samples
    expect(recommendedMicroBatchSize(256, { inputShape: [1, 1, 1], activationsPerSample: huge - 1, backend: 'wasm' })).toBe(8);
  });

  it('rejects bad input with the parameter and value', () => {
    expect(() => recommendedMicroBatchSize(0, { inputShape: [32, 32, 3], model })).toThrow(/batchSize must be a positive integer, got 0/);
    expect(() => recommendedMicroBatchSize(8, { inputShape: [32, -1, 3], model })).toThrow(/options\.inputShape .*got \[32, -1, 3\]/);
    expect(() => recommendedMicroBatchSize(8, { inputShape: [32, 32, 3], backend: 'wasm' })).toThrow(/pass options\.model/);
    expect(() => recommendedMicroBatchSize(8, { bytesPerExample: 100, backend: 'cpu', memoryBudgetBytes: -1 })).toThrow(RangeError);
    expect(() => recommendedMicroBatchSize(8, { inputShape: [32, 32, 3], activationsPerSample: 1e9, backend: 'wasm' })).toThrow(/memoryBudgetBytes 2147483648 is too small/);
  });

  it('plans from a measured bytesPerExample and reservedBytes, equal or largest split', () => {
    // budget 1000, reserved 300: 700 bytes of room, 100 per example -> 7 fit
    expect(recommendedMicroBatchSize(20, { bytesPerExample: 100, reservedBytes: 300, memoryBudgetBytes: 1000, backend: 'cpu' })).toBe(5);
    expect(recommendedMicroBatchSize(20, { bytesPerExample: 100, reservedBytes: 300, memoryBudgetBytes: 1000, backend: 'cpu', equalSplit: false })).toBe(7);
    expect(recommendedMicroBatchSize(7, { bytesPerExample: 100, reservedBytes: 300, memoryBudgetBytes: 1000, backend: 'cpu' })).toBeNull();
    expect(() => recommendedMicroBatchSize(7, { bytesPerExample: 100, reservedBytes: 950, memoryBudgetBytes: 1000 })).toThrow(/memoryBudgetBytes 1000 is too small: one example needs about 1050 bytes/);
    expect(recommendedMicroBatchSize(256, { bytesPerExample: 1e9, backend: 'cpu' })).toBeNull(); // no budget on cpu
  });

  it('budgets half the wasm heap, half the machine on onnxruntime, nothing elsewhere', () => {
    expect(defaultMemoryBudget('wasm')).toBe(WASM_HEAP_BYTES / 2);
    expect(defaultMemoryBudget('onnxruntime')).toBe(Math.floor(totalmem() / 2));
    expect(defaultMemoryBudget('cpu')).toBeNull();
    expect(defaultMemoryBudget('webgpu')).toBeNull();
  });
});
