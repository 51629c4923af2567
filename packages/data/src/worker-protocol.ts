import type { Image } from '@aug/transforms';
import type { Sample } from './dataset.js';

/**
 * One batch of work for a loader thread: untransformed pixels packed into one uint8 and one float32
 * buffer (`meta` holds `[kind (0 uint8, 1 float32), offset, h, w, c]` per sample), the dataset indices
 * (which seed each sample's rng), labels, and the serialised transform.
 */
export interface WorkerTask {
  spec: string | null;
  /** Modules the worker imports before rebuilding `spec` (e.g. ones calling `registerTransform`). */
  imports: readonly string[];
  seed: number | string;
  epoch: number;
  indices: Int32Array;
  labels: Int32Array;
  meta: Int32Array;
  u8: Uint8Array;
  f32: Float32Array;
}

/**
 * Packs untransformed samples into a {@link WorkerTask} (copying pixels once, so views into a large
 * dataset buffer are not cloned whole). Returns the task and its transfer list.
 *
 * @example
 * ```ts
 * const { task, transfer } = packTask(samples, indices, spec, [], seed, epoch);
 * ```
 */
export function packTask(
  samples: readonly Sample[],
  indices: Int32Array,
  spec: string | null,
  imports: readonly string[],
  seed: number | string,
  epoch: number,
): { task: WorkerTask; transfer: ArrayBuffer[] } {
  let u8Len = 0;
  let f32Len = 0;
  for (const { image } of samples) {
    if (image.data instanceof Uint8Array) u8Len += image.data.length;
    else f32Len += image.data.length;
  }
  const u8 = new Uint8Array(u8Len);
  const f32 = new Float32Array(f32Len);
  const meta = new Int32Array(samples.length * 5);
  const labels = new Int32Array(samples.length);
  let ou = 0;
  let of = 0;
  samples.forEach(({ image, label }, k) => {
    const isU8 = image.data instanceof Uint8Array;
    meta.set([isU8 ? 0 : 1, isU8 ? ou : of, image.height, image.width, image.channels], k * 5);
    if (isU8) {
      u8.set(image.data, ou);
      ou += image.data.length;
    } else {
      f32.set(image.data, of);
      of += image.data.length;
    }
    labels[k] = label;
  });
  const task: WorkerTask = { spec, imports, seed, epoch, indices: Int32Array.from(indices), labels, meta, u8, f32 };
  return { task, transfer: [u8.buffer, f32.buffer, meta.buffer, labels.buffer, task.indices.buffer as ArrayBuffer] };
}

/** The `k`-th untransformed image of a task (a view, no copy). @example `taskImage(task, 0)` */
export function taskImage(task: WorkerTask, k: number): Image {
  const [kind, off, height, width, channels] = task.meta.subarray(k * 5, k * 5 + 5) as unknown as [number, number, number, number, number];
  const len = height * width * channels;
  const data = kind === 0 ? task.u8.subarray(off, off + len) : task.f32.subarray(off, off + len);
  return { data, height, width, channels };
}

/**
 * What a worker returns instead of a batch when a sample's transform (or collation) throws: the failing
 * dataset index and the error message, so the loader can raise a {@link SampleTransformError} naming both.
 * (Returned rather than thrown: a thrown error loses its fields crossing the thread boundary.)
 */
export interface WorkerFailure {
  failedIndex: number;
  message: string;
}

/** Whether a worker result is a {@link WorkerFailure}. @example `if (isWorkerFailure(r)) throw ...` */
export function isWorkerFailure(result: unknown): result is WorkerFailure {
  return typeof result === 'object' && result !== null && !(result instanceof ArrayBuffer) && typeof (result as WorkerFailure).failedIndex === 'number';
}
