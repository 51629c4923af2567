import type { Image } from '@aug/transforms';
import type { HostBatch } from './collate.js';
import type { Sample } from './dataset.js';

/** What every task carries: which samples, their rng seeds, and whether the worker collates. */
interface TaskBase {
  /** Modules the worker imports first (e.g. ones calling `registerTransform` or `registerDataset`). */
  imports: readonly string[];
  seed: number | string;
  epoch: number;
  /** Dataset indices (each sample's rng is `sampleRng(seed, epoch, index)`). */
  indices: Int32Array;
  /** True: the worker returns the default collate's {@link HostBatch}; false: the samples (a `collate` option runs on the main thread). */
  collate: boolean;
}

/**
 * A batch for the TransformedDataset path: untransformed pixels packed into one uint8 and one float32
 * buffer (`meta` holds `[kind (0 uint8, 1 float32), offset, h, w, c]` per sample), labels and the
 * serialised transform; the worker applies the transform.
 */
export interface TransformTask extends TaskBase {
  mode: 'transform';
  spec: string | null;
  labels: Int32Array;
  meta: Int32Array;
  u8: Uint8Array;
  f32: Float32Array;
}

/**
 * A batch for the WorkerDataset path: only indices; the worker rebuilds the dataset from the spec it
 * got once at start-up (piscina's `workerData`, see {@link WorkerData}) and calls `get` itself.
 */
export interface DatasetTask extends TaskBase {
  mode: 'dataset';
}

/** One batch of work for a loader thread. */
export type WorkerTask = TransformTask | DatasetTask;

/** Sent once to every thread of a pool (piscina's `workerData`): the dataset spec's JSON, if any. */
export interface WorkerData {
  datasetSpec: string | null;
}

/**
 * Packs untransformed samples into a {@link TransformTask} (copying pixels once, so views into a large
 * dataset buffer are not cloned whole). Returns the task and its transfer list.
 *
 * @example
 * ```ts
 * const { task, transfer } = packTransformTask(samples, indices, spec, [], seed, epoch, true);
 * ```
 */
export function packTransformTask(
  samples: readonly Sample[],
  indices: Int32Array,
  spec: string | null,
  imports: readonly string[],
  seed: number | string,
  epoch: number,
  collate: boolean,
): { task: TransformTask; transfer: ArrayBuffer[] } {
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
  const task: TransformTask = { mode: 'transform', spec, imports, seed, epoch, indices: Int32Array.from(indices), collate, labels, meta, u8, f32 };
  return { task, transfer: [u8.buffer, f32.buffer, meta.buffer, labels.buffer, task.indices.buffer as ArrayBuffer] };
}

/** The `k`-th untransformed image of a task (a view, no copy). @example `taskImage(task, 0)` */
export function taskImage(task: TransformTask, k: number): Image {
  const [kind, off, height, width, channels] = task.meta.subarray(k * 5, k * 5 + 5) as unknown as [number, number, number, number, number];
  const len = height * width * channels;
  const data = kind === 0 ? task.u8.subarray(off, off + len) : task.f32.subarray(off, off + len);
  return { data, height, width, channels };
}

/** An error that crossed the thread boundary as plain data (a thrown error loses its class and fields). */
export interface ErrorInfo {
  name: string;
  message: string;
  code: string | undefined;
  /** The error's own primitive fields (e.g. `file`, `path`, `index`). */
  fields: Record<string, string | number | boolean | null>;
  stack: string | undefined;
}

/**
 * What a worker returns instead of a batch when a sample's `get`/transform throws (`failedIndex` its
 * dataset index) or the collate does (`failedIndex` null), so the loader can raise a
 * `SampleTransformError` naming the sample and the original error (or the collate's RangeError/TypeError).
 */
export interface WorkerFailure {
  failure: true;
  failedIndex: number | null;
  error: ErrorInfo;
}

/** A worker's successful result: the collated batch before tensors, or the samples (for a `collate` option). */
export type WorkerResult = { host: HostBatch } | { samples: unknown[] } | WorkerFailure;

/** Whether a worker result is a {@link WorkerFailure}. @example `if (isWorkerFailure(r)) throw ...` */
export function isWorkerFailure(result: unknown): result is WorkerFailure {
  return typeof result === 'object' && result !== null && (result as WorkerFailure).failure === true;
}

/**
 * An error as {@link ErrorInfo} (its class name, code, message and own primitive fields).
 *
 * @example
 * ```ts
 * errorInfo(new RangeError('bad')); // { name: 'RangeError', message: 'bad', code: undefined, fields: {}, ... }
 * ```
 */
export function errorInfo(error: unknown): ErrorInfo {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), code: undefined, fields: {}, stack: undefined };
  const fields: ErrorInfo['fields'] = {};
  for (const [k, v] of Object.entries(error)) {
    if (k === 'name' || k === 'message' || k === 'stack' || k === 'cause') continue;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fields[k] = v;
  }
  const raw = (error as unknown as { code?: unknown }).code;
  const code = typeof raw === 'string' ? raw : undefined;
  return { name: error.name, message: error.message, code, fields, stack: error.stack };
}
