import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { countCorrect } from './accuracy.js';
import type { BatchSource } from './batch-source.js';
import { classesOf, labelProblem } from './labels.js';
import { checkOptionKeys } from './option-keys.js';

/**
 * Options of {@link evaluateAccuracy}.
 * @example `{ signal: controller.signal }`
 */
export interface EvaluateAccuracyOptions {
  /** Stops the pass after the current batch; the promise then rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/**
 * The accuracy of `model` on every batch of `loader`, as d2l's `evaluate_accuracy_gpu`: the model
 * runs in inference mode (BatchNorm uses, and does not change, its running statistics; dropout is
 * off), each batch is disposed, and the result is correct / examples in [0, 1]. Labels are checked
 * against the model's outputs: a label outside `[0, classes)` or a fractional one is a
 * `RangeError` naming the batch (never silently counted as wrong); soft labels
 * `[n, classes]` are compared by their argmax.
 *
 * With `options.signal`, the event loop gets a turn after each batch and an abort stops the pass
 * early: the promise then rejects with `signal.reason` (as `fetch` does).
 *
 * @param model - a tfjs-layers model whose output is per-class scores `[batch, classes]`
 * @param loader - any {@link BatchSource}; one pass over it is one evaluation
 * @example
 * ```ts
 * const testAcc = await evaluateAccuracy(model, testLoader); // 0.87
 * ```
 */
export async function evaluateAccuracy(
  model: LayersModel,
  loader: BatchSource,
  options: EvaluateAccuracyOptions = {},
): Promise<number> {
  checkOptionKeys(options, 'EvaluateAccuracyOptions', 'evaluateAccuracy');
  const { signal } = options;
  let correct = 0;
  let examples = 0;
  let index = 0;
  signal?.throwIfAborted();
  for await (const batch of loader) {
    const { x, y } = batch;
    try {
      if (x.shape[0] !== y.shape[0]) {
        throw new TypeError(
          `evaluateAccuracy: batch ${index} has ${x.shape[0]} images but ${y.shape[0]} labels; the loader must yield one label per image`,
        );
      }
      const yHat = model.apply(x, { training: false }) as tf.Tensor;
      let count: tf.Scalar;
      try {
        const problem = labelProblem(await y.data(), y.shape, classesOf(yHat));
        if (problem !== null) throw new RangeError(`evaluateAccuracy: batch ${index}: ${problem}`);
        count = countCorrect(yHat, y);
      } finally {
        yHat.dispose();
      }
      correct += (await count.data())[0]!;
      count.dispose();
      examples += y.shape[0];
    } finally {
      tf.dispose([x, y]);
    }
    index++;
    if (signal) {
      await new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
      signal.throwIfAborted();
    }
  }
  if (examples === 0) {
    throw new RangeError('evaluateAccuracy: the loader yielded no examples; check its dataset and batchSize/dropLast');
  }
  return correct / examples;
}
