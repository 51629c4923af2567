import * as tf from '@tensorflow/tfjs-core';
import { labelProblem } from './labels.js';

function checkLogits(logits: tf.Tensor): void {
  if (logits.rank !== 2) {
    throw new RangeError(
      `crossEntropy: logits must be [batch, classes], got shape [${logits.shape.join(', ')}]; the model must end in a Dense layer without softmax`,
    );
  }
}

/**
 * Per-example softmax cross-entropy without checking the labels' values (the training step checks
 * them once per batch on the host). Same contract as {@link crossEntropy}.
 * @internal
 */
export function crossEntropyUnchecked(logits: tf.Tensor, labels: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    checkLogits(logits);
    const classes = logits.shape[1]!;
    const logProbs = tf.logSoftmax(logits as tf.Tensor2D);
    if (labels.rank === 2) {
      if (labels.shape[0] !== logits.shape[0] || labels.shape[1] !== classes) {
        throw new RangeError(
          `crossEntropy: soft labels have shape [${labels.shape.join(', ')}] but the logits are [${logits.shape.join(', ')}]; pass [batch, classes] probabilities`,
        );
      }
      return tf.neg(tf.sum(tf.mul(tf.cast(labels, 'float32'), logProbs), 1)) as tf.Tensor1D;
    }
    const oneHot = tf.oneHot(tf.cast(tf.reshape(labels, [-1]), 'int32') as tf.Tensor1D, classes);
    return tf.neg(tf.sum(tf.mul(oneHot, logProbs), 1)) as tf.Tensor1D;
  });
}

/**
 * Per-example softmax cross-entropy of logits `[n, classes]`, as `nn.CrossEntropyLoss(reduction="none")`.
 * Returns `[n]`. `labels` are either class indices `[n]` (integers in `[0, classes)`) or, as PyTorch's
 * probability targets (MixUp/CutMix output), soft labels `[n, classes]` whose rows are probabilities:
 * then the loss is `-sum_k y_k * log_softmax(logits)_k`.
 *
 * Throws a `RangeError` naming the problem for a label outside `[0, classes)`, a fractional label,
 * or soft labels that are not probabilities (it reads the labels back, synchronously).
 *
 * @example
 * ```ts
 * const l = crossEntropy(tf.tensor2d([[2, 0]]), tf.tensor1d([0], 'int32')); // [0.1269]
 * const s = crossEntropy(tf.tensor2d([[2, 0]]), tf.tensor2d([[0.5, 0.5]])); // [1.1269]
 * ```
 */
export function crossEntropy(logits: tf.Tensor, labels: tf.Tensor): tf.Tensor1D {
  checkLogits(logits);
  if (labels.rank !== 1 && labels.rank !== 2) {
    throw new RangeError(`crossEntropy: labels must be [batch] class indices or [batch, classes] probabilities, got shape [${labels.shape.join(', ')}]`);
  }
  if (labels.shape[0] !== logits.shape[0]) {
    throw new RangeError(`crossEntropy: ${logits.shape[0]} rows of logits but ${labels.shape[0]} labels; pass one label per row`);
  }
  const problem = labelProblem(labels.dataSync(), labels.shape, logits.shape[1]!);
  if (problem !== null) throw new RangeError(`crossEntropy: ${problem}`);
  return crossEntropyUnchecked(logits, labels);
}
