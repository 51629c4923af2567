// The browser build's checkpoints: a page has no folders to write atomically into, so the checkpoint
// functions throw a CheckpointError that says so (train() never calls them unless given checkpointDir).
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { CheckpointError } from './errors.js';

// The format (types, LATEST_FILE) is the Node build's: checkpoint-format.ts has no Node built-ins.
export { LATEST_FILE, type CheckpointManifest, type LoadedCheckpoint, type TensorEntry } from './checkpoint-format.js';
import type { LoadedCheckpoint } from './checkpoint-format.js';

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
