// The browser build's checkpoints: a page has no folders to write atomically into, so the checkpoint
// functions throw a CheckpointError that says so (train() never calls them unless given checkpointDir).
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { CheckpointError } from './errors.js';

export const LATEST_FILE = 'latest.json';
const FORMAT = 'aug-train-checkpoint';
/** v2 adds SHA-256 checksums (of the binaries in state.json, of state.json in latest.json); v1 is still read. */
const VERSION = 2;

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
  optimizer: { className: string; tensors: TensorEntry[] };
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

function unavailable(what: string): CheckpointError {
  return new CheckpointError(`${what}: checkpoints are folders on disk and need Node's file system; in a browser, train without checkpointDir (save the model with model.save('indexeddb://...') instead)`);
}

/**
 * Not available in a browser: throws a {@link CheckpointError}.
 *
 * @example
 * ```ts
 * await model.save('indexeddb://run-a'); // in a page, instead
 * ```
 */
export async function saveCheckpoint<S>(_dir: string, _model: LayersModel, _optimizer: tf.Optimizer, _state: S): Promise<string> {
  throw unavailable('saveCheckpoint');
}

/**
 * Not available in a browser: throws a {@link CheckpointError}.
 *
 * @example
 * ```ts
 * await loadCheckpoint('runs/a'); // throws in a page
 * ```
 */
export async function loadCheckpoint<S>(_dir: string): Promise<LoadedCheckpoint<S> | null> {
  throw unavailable('loadCheckpoint');
}

/**
 * Not available in a browser: throws a {@link CheckpointError}.
 *
 * @example
 * ```ts
 * assertCheckpointMatches(checkpoint, model, optimizer); // throws in a page
 * ```
 */
export function assertCheckpointMatches<S>(_checkpoint: LoadedCheckpoint<S>, _model: LayersModel, _optimizer: tf.Optimizer): void {
  throw unavailable('assertCheckpointMatches');
}

/**
 * Not available in a browser: throws a {@link CheckpointError}.
 *
 * @example
 * ```ts
 * await restoreCheckpoint(checkpoint, model, optimizer); // throws in a page
 * ```
 */
export async function restoreCheckpoint<S>(_checkpoint: LoadedCheckpoint<S>, _model: LayersModel, _optimizer: tf.Optimizer): Promise<S> {
  throw unavailable('restoreCheckpoint');
}
