import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../src/index.js';
import { bufferPoolOf, Float32BufferPool, MIN_POOLED_LENGTH } from '../src/kernels/buffer-pool.js';

const N = MIN_POOLED_LENGTH * 2;

describe('Float32BufferPool', () => {
  it('hands a released buffer out again, and keeps pinned ones and small ones out', () => {
    const pool = new Float32BufferPool(1 << 30);
    const a = pool.take(N);
    const id = {};
    pool.noteWrite(a, id);
    pool.noteReleased(id);
    expect(pool.stats()).toEqual({ freeBytes: N * 4, reused: 0 });
    expect(pool.take(N)).toBe(a);
    expect(pool.stats()).toEqual({ freeBytes: 0, reused: 1 });

    const read = {};
    pool.noteWrite(a, read);
    pool.noteRead(read);
    pool.noteReleased(read);
    expect(pool.take(N)).not.toBe(a);

    const b = pool.take(N);
    const owner = {};
    pool.noteWrite(b, owner);
    pool.noteWrite(b.subarray(4), {}); // another tensor made from a view of it
    pool.noteReleased(owner);
    expect(pool.stats().freeBytes).toBe(0);

    const small = pool.take(16);
    const smallId = {};
    pool.noteWrite(small, smallId);
    pool.noteReleased(smallId);
    expect(pool.stats().freeBytes).toBe(0);
  });

  it('keeps at most maxFreeBytes waiting', () => {
    const pool = new Float32BufferPool(N * 4);
    const ids = [{}, {}];
    const arrays = ids.map((id) => {
      const a = pool.take(N);
      pool.noteWrite(a, id);
      return a;
    });
    ids.forEach((id) => pool.noteReleased(id));
    expect(pool.stats().freeBytes).toBe(N * 4);
    expect(arrays.length).toBe(2);
  });
});

describe("the onnxruntime backend's buffer pool", () => {
  beforeAll(async () => {
    await useBackend('onnxruntime', { threads: 2, env: {} });
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  const ramp = (offset: number): tf.Tensor => tf.tensor1d(Float32Array.from({ length: N }, (_, i) => ((i % 7) - 3) * (offset + 1)));

  it('reuses the buffers of disposed kernel outputs and still computes right', () => {
    const pool = bufferPoolOf(tf.backend())!;
    expect(pool).toBeDefined();
    const before = tf.memory().numTensors;
    const reusedBefore = pool.stats().reused;
    for (let k = 0; k < 5; k++) {
      const x = ramp(k);
      const y = tf.relu(x);
      const two = tf.scalar(2);
      const z = tf.mul(y, two);
      const expected = Array.from(x.dataSync(), (v) => Math.max(v, 0) * 2);
      expect(Array.from(z.dataSync())).toEqual(expected);
      tf.dispose([x, y, z, two]);
    }
    expect(pool.stats().reused).toBeGreaterThan(reusedBefore);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('never reuses a buffer whose values were read out, or that another tensor views', () => {
    const x = ramp(1);
    const y = tf.relu(x);
    const kept = y.dataSync();
    const snapshot = Array.from(kept);
    y.dispose();
    const two = tf.relu(tf.reshape(x, [2, N / 2]));
    const [row] = tf.unstack(two); // tfjs-backend-cpu's Unpack returns views of its input's array
    const rowValues = Array.from(row!.dataSync());
    two.dispose();
    const noise = Array.from({ length: 4 }, (_, k) => tf.relu(ramp(10 + k)));
    expect(Array.from(kept)).toEqual(snapshot);
    expect(Array.from(row!.dataSync())).toEqual(rowValues);
    tf.dispose([x, row!, ...noise]);
  });
});
