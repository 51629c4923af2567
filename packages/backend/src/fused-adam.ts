import * as tf from '@tensorflow/tfjs-core';

/**
 * The name of aug's fused Adam kernel: inputs `value`, `gradient`, `m`, `v` (float32, one shape) and the
 * float32 scalars `oneMinusAccBeta1`, `oneMinusAccBeta2`; attrs `beta1`, `beta2`, `learningRate`,
 * `epsilon`; outputs the new value, first moment and second moment. {@link installTrainingKernels}
 * registers it on the cpu, wasm and onnxruntime backends.
 */
export const ADAM_UPDATE_KERNEL = 'AugAdamUpdate';

/** What `AdamOptimizer.applyGradients` takes: a map from variable name to gradient, or `{ name, tensor }` pairs. */
type AdamGradients = Parameters<tf.Optimizer['applyGradients']>[0];

/** The state tfjs's `AdamOptimizer` keeps in fields its typings mark private (stable across tfjs 1-4). */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
}

/**
 * `tf.train.adam` whose per-weight update is one kernel pass ({@link ADAM_UPDATE_KERNEL}: reads the
 * weight, its gradient and both moments once, writes the three results) instead of ~12 tensor ops over
 * every weight, on backends where {@link installTrainingKernels} registered that kernel (cpu, wasm,
 * onnxruntime; elsewhere it is tfjs's `AdamOptimizer` unchanged). The results equal tfjs's
 * `AdamOptimizer` to the bit: the kernel rounds every intermediate to float32 in tfjs's order. It is a
 * subclass of `tf.AdamOptimizer` with the same state, weights (`getWeights`/`setWeights`), config and
 * class name (`'Adam'`), so checkpoints and saved optimizers are interchangeable.
 *
 * @example
 * ```ts
 * import { FusedAdamOptimizer, useBackend } from '@aug/backend';
 * await useBackend('onnxruntime');
 * const optimizer = new FusedAdamOptimizer(1e-3, 0.9, 0.999, 1e-8); // torch.optim.Adam's defaults
 * optimizer.minimize(() => loss());
 * ```
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: AdamGradients): void {
    const list = Array.isArray(variableGradients) ? variableGradients : null;
    const names = list !== null ? list.map((v) => v.name) : Object.keys(variableGradients);
    const gradientOf = (name: string, i: number): tf.Tensor | undefined =>
      list !== null ? list[i]?.tensor : (variableGradients as Record<string, tf.Tensor | undefined>)[name];
    const registered = tf.engine().registeredVariables;
    const fusable =
      tf.getKernel(ADAM_UPDATE_KERNEL, tf.getBackend()) !== undefined &&
      names.every((name, i) => registered[name]?.dtype === 'float32' && (gradientOf(name, i)?.dtype ?? 'float32') === 'float32');
    if (!fusable) {
      super.applyGradients(variableGradients as Parameters<tf.AdamOptimizer['applyGradients']>[0]); // tfjs's typing is narrower than what it takes
      return;
    }
    const state = this as unknown as AdamState;
    tf.tidy(() => {
      const oneMinusAccBeta1 = tf.sub(1, state.accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, state.accBeta2);
      names.forEach((name, i) => {
        const value = registered[name]!;
        // The moments are created as tfjs's AdamOptimizer creates them (same names and order).
        state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const gradient = gradientOf(name, i);
        if (gradient == null) return;
        const m = state.accumulatedFirstMoment[i].variable;
        const v = state.accumulatedSecondMoment[i].variable;
        const [newValue, newM, newV] = tf.engine().runKernel(
          ADAM_UPDATE_KERNEL,
          { value, gradient, m, v, oneMinusAccBeta1, oneMinusAccBeta2 },
          { beta1: this.beta1, beta2: this.beta2, learningRate: this.learningRate, epsilon: this.epsilon },
        ) as tf.Tensor[];
        m.assign(newM!);
        v.assign(newV!);
        value.assign(newValue!);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}
