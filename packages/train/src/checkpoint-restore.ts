// Restoring a checkpoint into a model and optimizer, after checking that they are the ones it was taken from.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { decode, type LoadedCheckpoint } from './checkpoint-format.js';
import { CheckpointError } from './errors.js';
import { writeOptimizerScalars } from './optimizer-scalars.js';

/** A weight name without tfjs' auto-numbering (`conv2d_Conv2D3/kernel` -> `conv2d_Conv2D/kernel`). */
function canonical(name: string): string {
  return name
    .split('/')
    .map((s) => s.replace(/_?\d+$/, ''))
    .join('/');
}

/**
 * Checks that `checkpoint` was written for a model with the same weights (count, shapes and names
 * up to tfjs' auto-numbering) and an optimizer of the same class, and throws a
 * {@link CheckpointError} naming the first difference otherwise. Changes nothing.
 *
 * @example
 * ```ts
 * assertCheckpointMatches(ckpt, model, optimizer);
 * ```
 */
export function assertCheckpointMatches<S>(checkpoint: LoadedCheckpoint<S>, model: LayersModel, optimizer: tf.Optimizer): void {
  const saved = checkpoint.manifest.model;
  const weights = model.weights;
  const where = `checkpoint ${checkpoint.path}`;
  if (saved.length !== weights.length) {
    throw new CheckpointError(
      `${where} is from a different model: it has ${saved.length} weight tensors, the model has ${weights.length}. ` +
        'Use a new checkpointDir for a new model, or build the same model as the checkpoint',
    );
  }
  for (let i = 0; i < saved.length; i++) {
    const s = saved[i]!;
    const w = weights[i]!;
    if (s.shape.join(',') !== w.shape.join(',') || canonical(s.name) !== canonical(w.name)) {
      throw new CheckpointError(
        `${where} is from a different model: weight ${i} is ${s.name} [${s.shape.join(', ')}] in the checkpoint but ` +
          `${w.name} [${w.shape.join(', ')}] in the model. Use a new checkpointDir for a new model, or build the same model as the checkpoint`,
      );
    }
  }
  const className = optimizer.getClassName();
  if (checkpoint.manifest.optimizer.className !== className) {
    throw new CheckpointError(
      `${where} was written with optimizer ${checkpoint.manifest.optimizer.className}, but this run uses ${className}; pass the same optimizer to resume`,
    );
  }
  const trainable = model.trainableWeights;
  const state = checkpoint.manifest.optimizer.tensors.slice(1);
  const ok =
    trainable.length > 0 &&
    state.length % trainable.length === 0 &&
    state.every((t, i) => t.shape.join(',') === trainable[i % trainable.length]!.shape.join(','));
  if (!ok) {
    throw new CheckpointError(
      `${where}: its ${className} state (${state.length} tensors) does not line up with the model's ${trainable.length} trainable weights`,
    );
  }
}

/**
 * Loads a checkpoint's weights into `model` and its state into `optimizer` (which must not have
 * taken a step yet), after {@link assertCheckpointMatches}. Returns the loop state saved with it.
 *
 * @example
 * ```ts
 * const ckpt = await loadCheckpoint<MyState>('runs/a');
 * const state = ckpt ? await restoreCheckpoint(ckpt, model, optimizer) : null;
 * ```
 */
export async function restoreCheckpoint<S>(
  checkpoint: LoadedCheckpoint<S>,
  model: LayersModel,
  optimizer: tf.Optimizer,
): Promise<S> {
  assertCheckpointMatches(checkpoint, model, optimizer);
  const current = await optimizer.getWeights();
  current[0]?.tensor.dispose();
  if (current.length > 1) {
    throw new CheckpointError(
      `cannot resume into an optimizer that has already taken steps (${optimizer.getClassName()} holds ${current.length - 1} state tensors); pass a fresh optimizer`,
    );
  }
  const modelTensors = checkpoint.manifest.model.map((e) => decode(e, checkpoint.modelBytes, `${checkpoint.path}/model.bin`));
  try {
    model.weights.forEach((w, i) => w.write(modelTensors[i]!));
  } finally {
    tf.dispose(modelTensors);
  }
  const optimizerTensors = checkpoint.manifest.optimizer.tensors.map((e) => ({
    name: e.name,
    tensor: decode(e, checkpoint.optimizerBytes, `${checkpoint.path}/optimizer.bin`),
  }));
  try {
    await optimizer.setWeights(optimizerTensors);
    writeOptimizerScalars(optimizer, checkpoint.manifest.optimizer.scalars ?? {});
  } finally {
    tf.dispose(optimizerTensors.map((t) => t.tensor));
  }
  return checkpoint.manifest.state;
}
