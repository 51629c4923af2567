import * as tf from '@tensorflow/tfjs-core';

/**
 * Scalar state that tfjs optimizers keep outside `getWeights()`: Adam's and Adamax's running powers of
 * the betas (`accBeta1`, `accBeta2`). `setWeights()` recomputes them as `beta ** (iterations + 1)`,
 * which differs in the last float32 bit from the product the optimizer accumulated step by step; a
 * checkpoint keeps the accumulated values so that a resumed run continues bit for bit.
 */
const SCALAR_NAMES = ['accBeta1', 'accBeta2'] as const;

function scalarVariable(optimizer: tf.Optimizer, name: string): tf.Variable | null {
  const value = (optimizer as unknown as Record<string, unknown>)[name];
  return value instanceof tf.Variable && value.size === 1 ? value : null;
}

/**
 * The optimizer's extra scalar state by name (empty for optimizers without any, e.g. SGD).
 * @example `readOptimizerScalars(tf.train.adam()) // { accBeta1: 0.9, accBeta2: 0.999 }`
 */
export function readOptimizerScalars(optimizer: tf.Optimizer): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of SCALAR_NAMES) {
    const v = scalarVariable(optimizer, name);
    if (v) out[name] = v.dataSync()[0]!;
  }
  return out;
}

/**
 * Writes scalars read by {@link readOptimizerScalars} back (after `setWeights`); names the optimizer
 * does not have are ignored.
 * @example `writeOptimizerScalars(optimizer, manifest.optimizer.scalars ?? {})`
 */
export function writeOptimizerScalars(optimizer: tf.Optimizer, scalars: Readonly<Record<string, number>>): void {
  for (const name of SCALAR_NAMES) {
    const v = scalarVariable(optimizer, name);
    const value = scalars[name];
    if (v && typeof value === 'number' && Number.isFinite(value)) {
      const t = tf.scalar(value, 'float32');
      v.assign(t);
      t.dispose();
    }
  }
}
