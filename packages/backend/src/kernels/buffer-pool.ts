import type { KernelBackend } from '@tensorflow/tfjs-core';

/** Buffers shorter than this are left to the garbage collector (pooling them saves nothing measurable). */
export const MIN_POOLED_LENGTH = 16_384;

interface PoolRecord {
  readonly array: Float32Array;
  /** fresh: handed out, not yet a tensor's; live: one tensor's own; pinned: seen outside that tensor, never reused. */
  state: 'fresh' | 'live' | 'pinned';
}

/** The methods of tfjs-backend-cpu's `MathBackendCPU` the pool wraps. */
interface WrappableCpuBackend {
  write(values: unknown, shape: number[], dtype: string): object;
  readSync(dataId: object): unknown;
  read(dataId: object): Promise<unknown>;
  disposeData(dataId: object, force?: boolean): boolean;
  dispose(): void;
}

const pools = new WeakMap<object, Float32BufferPool>();

/**
 * Reuses the float32 buffers of tensors that aug's kernels create on one tfjs-backend-cpu instance, so a
 * training step stops paying for fresh memory (allocating and zeroing a new buffer costs as much as an
 * element-wise kernel's whole loop). A buffer is reused only when nothing else can still see it:
 *
 * - it was made by {@link allocFloat32} and became exactly one tensor's data;
 * - that tensor's data was never read out (`dataSync`, `data`, `arraySync`, `bufferSync` pin the buffer
 *   for good, since the caller may keep the array after disposing the tensor);
 * - no other tensor was ever made from it or from a view of it (a stock kernel that returns its input's
 *   array or a `subarray` of it pins the buffer too);
 * - tfjs-backend-cpu has released its data (its reference count reached zero).
 *
 * Reused buffers hold stale values: kernels that allocate through the pool write every element.
 */
export class Float32BufferPool {
  private readonly free = new Map<number, Float32Array[]>();
  private readonly byBuffer = new WeakMap<ArrayBufferLike, PoolRecord>();
  private readonly live = new WeakMap<object, PoolRecord>();
  private freeBytes = 0;
  private reused = 0;

  /** @param maxFreeBytes - the most bytes kept waiting for reuse; buffers beyond it go to the garbage collector */
  constructor(readonly maxFreeBytes: number) {}

  /** Bytes waiting for reuse, and how many buffers were handed out again so far. */
  stats(): { freeBytes: number; reused: number } {
    return { freeBytes: this.freeBytes, reused: this.reused };
  }

  /** A float32 buffer of `length` elements with unspecified contents. */
  take(length: number): Float32Array {
    if (length < MIN_POOLED_LENGTH) return new Float32Array(length);
    const list = this.free.get(length);
    const array = list?.pop() ?? new Float32Array(length);
    if (list !== undefined && list.length === 0) this.free.delete(length);
    const record = this.byBuffer.get(array.buffer);
    if (record !== undefined) {
      this.freeBytes -= array.byteLength;
      this.reused++;
      record.state = 'fresh';
    } else {
      this.byBuffer.set(array.buffer, { array, state: 'fresh' });
    }
    return array;
  }

  /** Drops every waiting buffer. */
  clear(): void {
    this.free.clear();
    this.freeBytes = 0;
  }

  /** Called with each new tensor's data and data id: the first tensor made from a fresh buffer owns it. */
  noteWrite(values: unknown, dataId: object): void {
    if (!ArrayBuffer.isView(values)) return;
    const record = this.byBuffer.get(values.buffer);
    if (record === undefined) return;
    if (record.state === 'fresh' && values === record.array) {
      record.state = 'live';
      this.live.set(dataId, record);
    } else {
      record.state = 'pinned';
    }
  }

  /** Called when a tensor's data is read out: its buffer is never reused. */
  noteRead(dataId: object): void {
    const record = this.live.get(dataId);
    if (record === undefined) return;
    record.state = 'pinned';
    this.live.delete(dataId);
  }

  /** Called once tfjs-backend-cpu has released `dataId`: its buffer waits for reuse unless it was pinned. */
  noteReleased(dataId: object): void {
    const record = this.live.get(dataId);
    if (record === undefined) return;
    this.live.delete(dataId);
    if (record.state !== 'live') return;
    const { array } = record;
    if (this.freeBytes + array.byteLength > this.maxFreeBytes) {
      record.state = 'pinned';
      return;
    }
    record.state = 'fresh';
    const list = this.free.get(array.length);
    if (list === undefined) this.free.set(array.length, [array]);
    else list.push(array);
    this.freeBytes += array.byteLength;
  }
}

/**
 * Makes `backend` (a tfjs-backend-cpu instance) recycle the buffers aug's kernels allocate through
 * {@link allocFloat32}, by wrapping its `write`, `readSync`, `read`, `disposeData` and `dispose`.
 *
 * @example
 * ```ts
 * const backend = new MathBackendCPU();
 * attachBufferPool(backend, new Float32BufferPool(1 << 30));
 * ```
 */
export function attachBufferPool(backend: KernelBackend, pool: Float32BufferPool): void {
  const cpu = backend as unknown as WrappableCpuBackend;
  const write = cpu.write.bind(cpu);
  const readSync = cpu.readSync.bind(cpu);
  const read = cpu.read.bind(cpu);
  const disposeData = cpu.disposeData.bind(cpu);
  const dispose = cpu.dispose.bind(cpu);
  cpu.write = (values, shape, dtype) => {
    const dataId = write(values, shape, dtype);
    pool.noteWrite(values, dataId);
    return dataId;
  };
  cpu.readSync = (dataId) => {
    pool.noteRead(dataId);
    return readSync(dataId);
  };
  cpu.read = (dataId) => {
    pool.noteRead(dataId);
    return read(dataId);
  };
  cpu.disposeData = (dataId, force) => {
    const released = disposeData(dataId, force);
    if (released) pool.noteReleased(dataId);
    return released;
  };
  cpu.dispose = () => {
    pool.clear();
    dispose();
  };
  pools.set(backend, pool);
}

/** The pool attached to `backend`, if any. */
export function bufferPoolOf(backend: object): Float32BufferPool | undefined {
  return pools.get(backend);
}

/**
 * A float32 buffer for a kernel's output on `backend`: from its pool when one is attached (contents
 * unspecified: write every element), else a new zeroed array.
 */
export function allocFloat32(backend: object, length: number): Float32Array {
  return pools.get(backend)?.take(length) ?? new Float32Array(length);
}
