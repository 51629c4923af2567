import * as tf from '@tensorflow/tfjs-core';

/**
 * Per-example softmax cross-entropy of logits `[n, classes]` against int labels `[n]`, as
 * `nn.CrossEntropyLoss(reduction="none")`. Returns `[n]`.
 *
 * @example
 * ```ts
 * const l = crossEntropy(tf.tensor2d([[2, 0]]), tf.tensor1d([0], 'int32')); // [0.1269]
 * ```
 */
export function crossEntropy(logits: tf.Tensor, labels: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    if (logits.rank !== 2) {
      throw new RangeError(
        `crossEntropy: logits must be [batch, classes], got shape [${logits.shape.join(', ')}]; the model must end in a Dense layer without softmax`,
      );
    }
    const classes = logits.shape[1]!;
    const oneHot = tf.oneHot(tf.cast(tf.reshape(labels, [-1]), 'int32') as tf.Tensor1D, classes);
    return tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits as tf.Tensor2D)), 1)) as tf.Tensor1D;
  });
}
