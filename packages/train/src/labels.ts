import type * as tf from '@tensorflow/tfjs-core';

/** Tolerance on the row sums of probability (soft) labels. */
const ROW_SUM_TOLERANCE = 1e-3;

/**
 * What is wrong with a batch of labels for a model with `classes` outputs, or `null` when they are fine.
 * Hard labels: a 1-D tensor of integers in `[0, classes)` (int32, or float32 holding whole numbers).
 * Soft labels: a 2-D `[n, classes]` tensor of probabilities (each value >= 0, each row summing to 1), as
 * MixUp/CutMix produce. Reads `values` (the tensor's data), so call it on the host side of a step.
 *
 * @example
 * ```ts
 * labelProblem(await y.data(), y.shape, 10); // null, or "2 label(s) are outside [0, 10) (the first: 12 at index 3)"
 * ```
 */
export function labelProblem(values: ArrayLike<number>, shape: readonly number[], classes: number): string | null {
  if (shape.length === 1) {
    let outside = 0;
    let fractional = 0;
    let firstFractional = -1;
    let firstOutside = -1;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isInteger(v)) {
        if (fractional++ === 0) firstFractional = i;
      } else if (v < 0 || v >= classes) {
        if (outside++ === 0) firstOutside = i;
      }
    }
    if (fractional > 0) {
      const first = firstFractional;
      return (
        `${fractional} label(s) are not whole numbers (the first: ${values[first]!} at index ${first}); ` +
        'class labels must be integers (int32). For probability targets pass soft labels of shape [n, classes]'
      );
    }
    if (outside > 0) {
      const first = firstOutside;
      return (
        `${outside} label(s) are outside [0, ${classes}) (the first: ${values[first]!} at index ${first}); ` +
        `the model has ${classes} outputs, so labels must be 0..${classes - 1}`
      );
    }
    return null;
  }
  if (shape.length === 2) {
    const [n, c] = shape as [number, number];
    if (c !== classes) {
      return `soft labels have ${c} columns but the model has ${classes} outputs; pass labels of shape [n, ${classes}]`;
    }
    for (let r = 0; r < n; r++) {
      let sum = 0;
      for (let k = 0; k < c; k++) {
        const v = values[r * c + k]!;
        if (!(v >= 0) || !Number.isFinite(v)) {
          return `soft labels must be probabilities (finite, >= 0); row ${r} holds ${v} in column ${k}`;
        }
        sum += v;
      }
      if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
        return `soft labels must be probabilities whose rows sum to 1; row ${r} sums to ${sum.toPrecision(6)}`;
      }
    }
    return null;
  }
  return `labels must be [n] class indices or [n, ${classes}] probabilities, got shape [${shape.join(', ')}]`;
}

/** The number of classes a logits/predictions tensor `[n, classes]` has (1 for `[n]`). @internal */
export function classesOf(yHat: tf.Tensor): number {
  return yHat.rank > 1 ? yHat.shape[1]! : 1;
}
