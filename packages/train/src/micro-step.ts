import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { countCorrect } from './accuracy.js';
import { crossEntropyUnchecked } from './loss.js';

/** What one forward/backward pass over a slice of the batch produced. */
export interface MicroStep {
  /** The slice's summed loss. */
  loss: tf.Scalar;
  /** The slice's correct predictions. */
  correct: tf.Scalar;
  /** One gradient per trainable variable, in the model's weight order. */
  grads: tf.Tensor[];
}

/**
 * Forward (training mode) and backward over examples `[start, start + size)` of the batch of `n`: the
 * summed softmax cross-entropy scaled by `scale` (1 for `'sum'`, `1 / n` for `'mean'`) is
 * differentiated. A variable the loss does not reach gets a zero gradient, so positional optimizer
 * state (Adam's moments) always lines up with the model's weights. The caller disposes the result.
 *
 * @example
 * ```ts
 * const { loss, correct, grads } = microStep(model, variables, x, y, 0, 8, 32, 1);
 * ```
 */
export function microStep(
  model: LayersModel,
  variables: tf.Variable[],
  x: tf.Tensor,
  y: tf.Tensor,
  start: number,
  size: number,
  n: number,
  scale: number,
): MicroStep {
  const kept: { loss?: tf.Scalar; correct?: tf.Scalar } = {};
  try {
    const grads = tf.tidy(() => {
      const xs = size === n ? x : sliceBatch(x, start, size);
      const ys = size === n ? y : sliceBatch(y, start, size);
      const { value, grads: byName } = tf.variableGrads(() => {
        const logits = model.apply(xs, { training: true }) as tf.Tensor;
        const perExample = crossEntropyUnchecked(logits, ys);
        const lossSum = tf.keep(tf.sum(perExample) as tf.Scalar);
        kept.loss = lossSum;
        kept.correct = tf.keep(countCorrect(logits, ys));
        return tf.mul(lossSum, scale) as tf.Scalar;
      }, variables);
      value.dispose();
      return variables.map((v) => byName[v.name] ?? tf.zerosLike(v));
    });
    return { loss: kept.loss!, correct: kept.correct!, grads };
  } catch (error) {
    tf.dispose([kept.loss, kept.correct].filter((t): t is tf.Scalar => t !== undefined));
    throw error;
  }
}

/**
 * Runs {@link microStep} over the whole batch in slices of `micro` examples and sums the gradients, so
 * the update equals the whole-batch one. Returns the summed loss and correct count read back from the
 * backend, and the summed gradients (the caller applies and disposes them).
 *
 * @example
 * ```ts
 * const { loss, correct, grads } = await accumulateGradients(model, variables, x, y, 16, 1);
 * ```
 */
export async function accumulateGradients(
  model: LayersModel,
  variables: tf.Variable[],
  x: tf.Tensor,
  y: tf.Tensor,
  micro: number,
  scale: number,
): Promise<{ loss: number; correct: number; grads: tf.Tensor[] }> {
  const n = x.shape[0] ?? 0;
  let grads: tf.Tensor[] | null = null;
  const parts: tf.Scalar[] = [];
  try {
    for (let start = 0; start < n; start += micro) {
      const size = Math.min(micro, n - start);
      const step = microStep(model, variables, x, y, start, size, n, scale);
      parts.push(step.loss, step.correct);
      if (grads === null) {
        grads = step.grads;
      } else {
        const prev: tf.Tensor[] = grads;
        grads = prev.map((g, i) => tf.add(g, step.grads[i]!));
        tf.dispose(prev);
        tf.dispose(step.grads);
      }
    }
    const totals = tf.tidy(() => tf.sum(tf.reshape(tf.stack(parts), [-1, 2]), 0));
    const [loss, correct] = Array.from(await totals.data());
    totals.dispose();
    const result = { loss: loss!, correct: correct!, grads: grads ?? [] };
    grads = null;
    return result;
  } finally {
    tf.dispose(parts);
    if (grads !== null) tf.dispose(grads);
  }
}

function sliceBatch(x: tf.Tensor, start: number, size: number): tf.Tensor {
  const begin = x.shape.map((_, i) => (i === 0 ? start : 0));
  const shape = x.shape.map((d, i) => (i === 0 ? size : d));
  return tf.slice(x, begin, shape);
}
