import * as tf from '@tensorflow/tfjs-core';
import { UINT8_TO_UNIT } from '@aug/internal';
import type { Image } from '@aug/transforms';
import type { Batch } from '@aug/internal/types';

/**
 * What the default collate makes of one field across a batch: {@link Image}s -> an NHWC float32
 * `Tensor4D`; numbers -> a `Tensor1D` (int32 when every value is an integer, else float32); soft labels
 * (`Float32Array` or `number[]` of one length) -> a float32 `Tensor2D`; anything else (targets such as
 * bounding boxes, masks and keypoints, nested objects, strings) -> an array, one entry per sample.
 */
export type CollatedField<V> = [V] extends [Image]
  ? tf.Tensor4D
  : [V] extends [number]
    ? tf.Tensor1D
    : [V] extends [Float32Array | readonly number[]]
      ? tf.Tensor2D
      : V[];

type IsClassification<S> = [S] extends [{ image: Image; label: number }]
  ? [Exclude<keyof S, 'image' | 'label'>] extends [never]
    ? true
    : false
  : false;

/**
 * The batch the default collate makes from samples of type `S`: exactly `{ image, label }` samples give
 * the classification {@link Batch} `{ x, y }`; an {@link Image} sample gives a `Tensor4D`; a number a
 * `Tensor1D`; any other object (or array) the same keys, each collated as {@link CollatedField}.
 */
export type DefaultBatch<S> =
  IsClassification<S> extends true
    ? Batch<tf.Tensor1D>
    : [S] extends [Image]
      ? tf.Tensor4D
      : [S] extends [number]
        ? tf.Tensor1D
        : [S] extends [object]
          ? { -readonly [K in keyof S]: CollatedField<S[K]> }
          : unknown;

/** A tensor still as a typed array (made in a worker, transferred, turned into a tensor on the main thread). */
export interface HostTensor {
  dtype: 'float32' | 'int32';
  shape: number[];
  data: Float32Array | Int32Array;
}

/** One collated field: a tensor to make, or a plain array passed through. */
export type HostField = { tensor: HostTensor } | { list: unknown[] };

/**
 * A collated batch before any tensor exists (plain data and typed arrays, so it crosses a thread
 * boundary with its typed arrays transferred).
 */
export type HostBatch =
  | { form: 'batch'; x: HostTensor; y: HostTensor }
  | { form: 'field'; field: HostField }
  | { form: 'record'; entries: [string, HostField][] }
  | { form: 'tuple'; fields: HostField[] };

/**
 * True for an {@link Image}-shaped value (a target has a `kind` field, an image does not).
 *
 * @example
 * ```ts
 * isImage({ data: new Uint8Array(3), height: 1, width: 1, channels: 3 }); // true
 * ```
 */
export function isImage(value: unknown): value is Image {
  if (value === null || typeof value !== 'object') return false;
  const o = value as Partial<Image> & { kind?: unknown };
  return (
    o.kind === undefined &&
    (o.data instanceof Uint8Array || o.data instanceof Float32Array) &&
    typeof o.height === 'number' &&
    typeof o.width === 'number' &&
    typeof o.channels === 'number'
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Names a sample in messages: `dataset sample 7` (`'s "image"` for a field). */
export type SampleName = (slot: number) => string;

function stackImages(images: readonly Image[], name: SampleName): HostTensor {
  const { height: h, width: w, channels: c } = images[0]!;
  const size = h * w * c;
  const data = new Float32Array(images.length * size);
  images.forEach((image, k) => {
    if (image.height !== h || image.width !== w || image.channels !== c) {
      throw new RangeError(
        `DataLoader: ${name(k)} has shape ${image.height}x${image.width}x${image.channels} (HxWxC) but the batch's first sample has ${h}x${w}x${c}; ` +
          'images in a batch must match: add a Resize/RandomResizedCrop/CenterCrop to the transform, or use batchSize 1',
      );
    }
    const src = image.data;
    if (src.length !== size) {
      throw new TypeError(`DataLoader: ${name(k)}'s image.data must be a Uint8Array or Float32Array of length ${size} (height*width*channels), got ${src.length}`);
    }
    const off = k * size;
    if (src instanceof Uint8Array) {
      for (let i = 0; i < size; i++) data[off + i] = UINT8_TO_UNIT[src[i]!]!;
    } else {
      data.set(src, off);
    }
  });
  return { dtype: 'float32', shape: [images.length, h, w, c], data };
}

function isSoftLabel(value: unknown): value is Float32Array | number[] {
  return value instanceof Float32Array || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number'));
}

/**
 * Collates one field across a batch (see {@link CollatedField}).
 *
 * @example
 * ```ts
 * collateField([3, 7], (k) => `sample ${k}`); // { tensor: { dtype: 'int32', shape: [2], data: Int32Array [3, 7] } }
 * ```
 */
export function collateField(values: readonly unknown[], name: SampleName): HostField {
  if (values.length > 0 && values.every(isImage)) return { tensor: stackImages(values, name) };
  if (values.length > 0 && values.every((v) => typeof v === 'number')) {
    const nums = values as readonly number[];
    const ints = nums.every((v) => Number.isInteger(v) && v >= -2147483648 && v <= 2147483647);
    return { tensor: { dtype: ints ? 'int32' : 'float32', shape: [nums.length], data: ints ? Int32Array.from(nums) : Float32Array.from(nums) } };
  }
  if (values.length > 0 && values.every(isSoftLabel)) {
    const k = values[0]!.length;
    if (values.every((v) => v.length === k)) {
      const data = new Float32Array(values.length * k);
      values.forEach((v, i) => data.set(v, i * k));
      return { tensor: { dtype: 'float32', shape: [values.length, k], data } };
    }
  }
  return { list: [...values] };
}

/**
 * The default collate before tensors exist: `{ image, label }` samples (with integer labels) become
 * the classification batch `{ x, y }` (uint8 pixels scaled by 1/255 as `ToTensor` does); an
 * {@link Image} or number sample one field; other objects and arrays are collated key by key (every
 * sample must have the same keys). Throws a `RangeError`/`TypeError` naming the sample (by `name`) on a
 * shape mismatch or unlike samples.
 *
 * @example
 * ```ts
 * const host = collateHost([{ image: a, label: 3 }, { image: b, label: 7 }], (k) => `sample ${k}`);
 * host.form; // 'batch'
 * ```
 */
export function collateHost(samples: readonly unknown[], name: SampleName): HostBatch {
  if (samples.length === 0) throw new RangeError('DataLoader: an empty batch cannot be collated');
  const classification = samples.every(
    (s) => isPlainObject(s) && Object.keys(s).length === 2 && isImage(s.image) && typeof s.label === 'number' && Number.isInteger(s.label),
  );
  if (classification) {
    const rows = samples as readonly { image: Image; label: number }[];
    return {
      form: 'batch',
      x: stackImages(
        rows.map((r) => r.image),
        name,
      ),
      y: { dtype: 'int32', shape: [rows.length], data: Int32Array.from(rows, (r) => r.label) },
    };
  }
  if (samples.every((s) => isImage(s) || typeof s === 'number')) return { form: 'field', field: collateField(samples, name) };
  if (samples.every((s) => Array.isArray(s))) {
    const arrays = samples as readonly unknown[][];
    const len = arrays[0]!.length;
    arrays.forEach((a, k) => {
      if (a.length !== len) throw new TypeError(`DataLoader: ${name(k)} has ${a.length} entries but the batch's first sample has ${len}; samples in a batch must have the same entries`);
    });
    return {
      form: 'tuple',
      fields: Array.from({ length: len }, (_, i) =>
        collateField(
          arrays.map((a) => a[i]),
          (k) => `${name(k)}[${i}]`,
        ),
      ),
    };
  }
  if (samples.every((s) => s !== null && typeof s === 'object')) {
    const objects = samples as readonly Record<string, unknown>[];
    const keys = Object.keys(objects[0]!);
    objects.forEach((o, k) => {
      const own = Object.keys(o);
      if (own.length !== keys.length || !keys.every((key) => key in o)) {
        throw new TypeError(
          `DataLoader: ${name(k)} has the keys [${own.join(', ')}] but the batch's first sample has [${keys.join(', ')}]; samples in a batch must have the same keys (or pass a collate option)`,
        );
      }
    });
    return {
      form: 'record',
      entries: keys.map((key) => [
        key,
        collateField(
          objects.map((o) => o[key]),
          (k) => `${name(k)}'s "${key}"`,
        ),
      ]),
    };
  }
  return { form: 'field', field: collateField(samples, name) };
}

/**
 * The typed-array buffers of a {@link HostBatch} (each allocated by the collate, so safe to transfer).
 *
 * @example
 * ```ts
 * Piscina.move(...) // with hostBuffers(host) as the transfer list
 * ```
 */
export function hostBuffers(host: HostBatch): ArrayBuffer[] {
  const fields: HostField[] =
    host.form === 'batch'
      ? [{ tensor: host.x }, { tensor: host.y }]
      : host.form === 'field'
        ? [host.field]
        : host.form === 'record'
          ? host.entries.map(([, f]) => f)
          : host.fields;
  const out = new Set<ArrayBuffer>();
  for (const f of fields) if ('tensor' in f) out.add(f.tensor.data.buffer as ArrayBuffer);
  return [...out];
}

/**
 * Makes the tensors of a {@link HostBatch} (on the calling thread). If making one fails, the ones
 * already made are disposed.
 *
 * @example
 * ```ts
 * const { x, y } = hostToTensors(collateHost(samples, name)) as Batch;
 * ```
 */
export function hostToTensors(host: HostBatch): unknown {
  const made: tf.Tensor[] = [];
  const tensor = (t: HostTensor): tf.Tensor => {
    const out = tf.tensor(t.data, t.shape, t.dtype);
    made.push(out);
    return out;
  };
  const field = (f: HostField): unknown => ('tensor' in f ? tensor(f.tensor) : f.list);
  try {
    switch (host.form) {
      case 'batch':
        return { x: tensor(host.x), y: tensor(host.y) };
      case 'field':
        return field(host.field);
      case 'record':
        return Object.fromEntries(host.entries.map(([k, f]) => [k, field(f)]));
      case 'tuple':
        return host.fields.map(field);
    }
  } catch (error) {
    tf.dispose(made);
    throw error;
  }
}

/**
 * The default collate: what {@link DataLoader} does with a batch's samples when no `collate` option is
 * given (see {@link DefaultBatch}). Images are NHWC float32 (tfjs's layout; torch's default is NCHW).
 *
 * @example
 * ```ts
 * const { image, target } = defaultCollate([{ image: a, target: t0 }, { image: b, target: t1 }]);
 * // image: Tensor4D [2, h, w, c]; target: [t0, t1]
 * ```
 */
export function defaultCollate<S>(samples: readonly S[]): DefaultBatch<S> {
  return hostToTensors(collateHost(samples, (k) => `sample ${k}`)) as DefaultBatch<S>;
}

/**
 * Disposes every tensor in a batch (the batch itself, or tensors among its values, arrays and plain
 * objects, at any depth): whoever receives a batch disposes it.
 *
 * @example
 * ```ts
 * for await (const batch of loader) { train(batch); disposeBatch(batch); }
 * ```
 */
export function disposeBatch(batch: unknown): void {
  if (batch instanceof tf.Tensor) {
    batch.dispose();
  } else if (Array.isArray(batch)) {
    for (const v of batch) disposeBatch(v);
  } else if (isPlainObject(batch)) {
    for (const v of Object.values(batch)) disposeBatch(v);
  }
}
