// The checkpoint format: the manifest's types, the tensor encoding and the manifest's shape check. No Node
// built-ins, so the browser build's checkpoint module shares it.
import * as tf from '@tensorflow/tfjs-core';
import { CheckpointCorruptError, CheckpointError } from './errors.js';

/** The file naming the newest complete checkpoint inside a checkpoint directory. */
export const LATEST_FILE = 'latest.json';
export const FORMAT = 'aug-train-checkpoint';
/** v2 adds SHA-256 checksums (of the binaries in state.json, of state.json in latest.json); v1 is still read. */
export const VERSION = 2;

/**
 * Where one tensor lies in a checkpoint's binary file.
 * @example `{ name: 'dense/kernel', shape: [4, 2], dtype: 'float32', offset: 0, bytes: 32 }`
 */
export interface TensorEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  offset: number;
  bytes: number;
}

/**
 * The JSON part of a checkpoint, as written to `state.json`.
 * @example `(await loadCheckpoint(dir))?.manifest.state`
 */
export interface CheckpointManifest<S> {
  format: typeof FORMAT;
  version: number;
  createdAt: string;
  model: TensorEntry[];
  /** `scalars`: state outside `getWeights()` (Adam's accumulated beta powers), so a resume is bit-exact. */
  optimizer: { className: string; tensors: TensorEntry[]; scalars?: Record<string, number> };
  /** SHA-256 (hex) and size of `model.bin` and `optimizer.bin` (v2). */
  files?: Record<string, { sha256: string; bytes: number }>;
  /** The training loop's own state (epoch, step, metrics, RNG state, ...). */
  state: S;
}

/**
 * A checkpoint read back from disk: its manifest and path. Tensors are restored with {@link restoreCheckpoint}.
 * @example `const ckpt = await loadCheckpoint(dir); ckpt?.path // 'runs/a/ckpt-...'`
 */
export interface LoadedCheckpoint<S> {
  path: string;
  manifest: CheckpointManifest<S>;
  modelBytes: Uint8Array;
  optimizerBytes: Uint8Array;
}


export async function encode(
  named: { name: string; tensor: tf.Tensor }[],
): Promise<{ entries: TensorEntry[]; bytes: Uint8Array }> {
  const entries: TensorEntry[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const { name, tensor } of named) {
    const dtype = tensor.dtype === 'int32' ? 'int32' : 'float32';
    if (tensor.dtype !== 'int32' && tensor.dtype !== 'float32') {
      throw new CheckpointError(`checkpoint: tensor ${name} has dtype ${tensor.dtype}; only float32 and int32 are saved`);
    }
    const data = (await tensor.data()) as Float32Array | Int32Array;
    const chunk = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    entries.push({ name, shape: [...tensor.shape], dtype, offset, bytes: chunk.byteLength });
    chunks.push(chunk);
    offset += chunk.byteLength;
  }
  const bytes = new Uint8Array(offset);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { entries, bytes };
}

export function decode(entry: TensorEntry, bytes: Uint8Array, file: string): tf.Tensor {
  if (entry.offset + entry.bytes > bytes.byteLength) {
    throw new CheckpointError(`checkpoint: ${file} is truncated (tensor ${entry.name} ends past its ${bytes.byteLength} bytes)`);
  }
  const copy = bytes.slice(entry.offset, entry.offset + entry.bytes).buffer;
  const values = entry.dtype === 'int32' ? new Int32Array(copy) : new Float32Array(copy);
  return tf.tensor(values, entry.shape, entry.dtype);
}

function isEntry(e: unknown): e is TensorEntry {
  const t = e as TensorEntry;
  return (
    t !== null &&
    typeof t === 'object' &&
    typeof t.name === 'string' &&
    Array.isArray(t.shape) &&
    t.shape.every((d) => Number.isInteger(d) && d >= 0) &&
    (t.dtype === 'float32' || t.dtype === 'int32') &&
    Number.isInteger(t.offset) &&
    Number.isInteger(t.bytes) &&
    t.bytes === t.shape.reduce((a, b) => a * b, 1) * 4
  );
}

/** Throws a {@link CheckpointCorruptError} naming the first malformed field of a manifest (a hand edit, an old tool). */
export function checkManifestShape(m: CheckpointManifest<unknown>, file: string): void {
  const bad = (what: string): never => {
    throw new CheckpointCorruptError(file, `checkpoint: ${file}: ${what}; the file was corrupted or edited by hand. Undo the edit, or delete the checkpointDir to start over`);
  };
  if (!Array.isArray(m.model)) bad('"model" is not a list of tensors');
  m.model.forEach((e, i) => isEntry(e) || bad(`"model[${i}]" is not a tensor entry {name, shape, dtype, offset, bytes}`));
  if (m.optimizer === null || typeof m.optimizer !== 'object' || typeof m.optimizer.className !== 'string' || !Array.isArray(m.optimizer.tensors)) {
    bad('"optimizer" is not {className, tensors}');
  }
  m.optimizer.tensors.forEach((e, i) => isEntry(e) || bad(`"optimizer.tensors[${i}]" is not a tensor entry`));
  if (m.state === null || typeof m.state !== 'object') bad('"state" is not an object');
}

