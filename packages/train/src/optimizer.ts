import { describeValue } from '@aug/internal';
import { FusedAdamOptimizer } from '@aug/backend';
import * as tf from '@tensorflow/tfjs-core';

/** Optimizer names `train` understands: `'adam'` (PyTorch's defaults) and `'sgd'` (needs `lr`). */
export type OptimizerName = 'adam' | 'sgd';

/**
 * Makes an optimizer from a name with PyTorch's defaults: `'adam'` is `torch.optim.Adam` (lr 1e-3,
 * betas 0.9/0.999, epsilon 1e-8; tfjs' own default epsilon differs); `'sgd'` is plain SGD and, as
 * PyTorch's, needs an explicit `lr`. Adam is `@aug/backend`'s `FusedAdamOptimizer`: tfjs's `AdamOptimizer`
 * to the bit, with each weight's update in one kernel pass on the cpu, wasm and onnxruntime backends.
 *
 * @param name - `'adam'` or `'sgd'`
 * @param lr - the learning rate (default 1e-3 for Adam; required for SGD)
 * @example
 * ```ts
 * const optimizer = createOptimizer('adam');       // Adam(lr=1e-3, eps=1e-8)
 * const sgd = createOptimizer('sgd', 0.05);
 * ```
 */
export function createOptimizer(name: string, lr?: number): tf.Optimizer {
  if (lr !== undefined && !(Number.isFinite(lr) && lr > 0)) {
    throw new RangeError(`lr must be a positive finite number, got ${describeValue(lr)}`);
  }
  switch (name) {
    case 'adam':
      return new FusedAdamOptimizer(lr ?? 1e-3, 0.9, 0.999, 1e-8);
    case 'sgd':
      if (lr === undefined) {
        throw new TypeError(`optimizer 'sgd' needs an lr (as PyTorch's SGD): pass { optimizer: 'sgd', lr: 0.05 }`);
      }
      return tf.train.sgd(lr);
    default:
      throw new TypeError(
        `optimizer: unknown name ${describeValue(name)}; use 'adam' or 'sgd', or pass a tf.Optimizer instance`,
      );
  }
}
