import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** The configuration `tf.layers.batchNormalization` takes. */
export type BatchNormalizationConfig = NonNullable<Parameters<typeof tfl.layers.batchNormalization>[0]>;

/** The fields of tfjs-layers' BatchNormalization that the training pass reads (not in its typings). */
interface BatchNormalizationFields {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tfl.LayerVariable;
  beta: tfl.LayerVariable;
  movingMean: tfl.LayerVariable;
  movingVariance: tfl.LayerVariable;
}

type LayerKwargs = Record<string, unknown>;
type StockBatchNormalizationClass = new (config?: BatchNormalizationConfig) => tfl.layers.Layer;

/** tfjs-layers' own BatchNormalization class (the package exports only its factory). */
const StockBatchNormalization = Object.getPrototypeOf(tfl.layers.batchNormalization({})).constructor as StockBatchNormalizationClass;

/**
 * Name of the optional backend kernel {@link batchNormTraining} runs when the active backend has it
 * registered (`@aug/backend` registers it on `cpu` and `wasm`): inputs `{ x, scale, offset }`
 * (float32, channels last, `scale`/`offset` `[C]`), attrs `{ epsilon }`, outputs
 * `[y, mean, variance, invStd]` with the biased batch `variance` and `invStd = 1 / sqrt(variance + epsilon)`.
 * Any backend may implement it; without it the same pass runs as tfjs ops.
 */
export const BATCH_NORM_TRAINING_KERNEL = 'AugBatchNormTraining';

/**
 * Name of the optional gradient kernel of {@link BATCH_NORM_TRAINING_KERNEL}: inputs
 * `{ dy, x, mean, invStd, scale }`, no attrs, outputs `[dx, dScale, dOffset]` (the closed form in
 * {@link batchNormTraining}'s docs). Used only together with the forward kernel.
 */
export const BATCH_NORM_TRAINING_GRAD_KERNEL = 'AugBatchNormTrainingGrad';

/** Whether the active backend has both BatchNorm training kernels. */
function hasFusedKernels(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(BATCH_NORM_TRAINING_KERNEL, backend) !== undefined && tf.getKernel(BATCH_NORM_TRAINING_GRAD_KERNEL, backend) !== undefined;
}

/** The result of {@link batchNormTraining}. */
export interface BatchNormTrainingResult {
  /** The normalized, scaled and shifted input. */
  y: tf.Tensor;
  /** The per-channel batch mean `[C]` (kept: outside any `tf.tidy`, the caller disposes it). */
  mean: tf.Tensor1D;
  /** The per-channel biased batch variance `[C]` (what tfjs-layers feeds its moving variance; kept, the caller disposes it). */
  variance: tf.Tensor1D;
}

/**
 * BatchNorm's training pass over the last axis as one differentiable op with a closed-form gradient
 * (`tf.customGrad`), where tfjs-layers builds it from `tf.moments` and `tf.batchNorm` and lets the
 * gradient flow back through the batch mean and variance op by op (kernel counts and timings: the
 * package README's Architecture section). The gradient:
 * `dx = dy * a + (x - mean) * b + c` with per-channel `a = gamma / sigma`,
 * `b = -gamma * sum(dy * (x - mean)) / (m * sigma^3)`, `c = -gamma * sum(dy) / (m * sigma)`.
 * The gradient is the exact one (through the batch statistics), as tfjs's. When the active backend
 * has the {@link BATCH_NORM_TRAINING_KERNEL} and {@link BATCH_NORM_TRAINING_GRAD_KERNEL} kernels
 * (`@aug/backend` installs them on `cpu` and `wasm`), each pass is one kernel of two sweeps
 * over the activation instead, and only the input is kept for the backward pass.
 *
 * @param x - the input, channels last (any rank >= 2)
 * @param gamma - the scale `[C]`
 * @param beta - the offset `[C]`
 * @example
 * ```ts
 * const { y, mean, variance } = batchNormTraining(x, gamma, beta, 1e-5);
 * tf.dispose([mean, variance]);
 * ```
 */
export function batchNormTraining(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): BatchNormTrainingResult {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const count = x.shape.length === 0 ? 0 : x.size / x.shape[x.shape.length - 1]!;
  let mean: tf.Tensor1D | null = null;
  let variance: tf.Tensor1D | null = null;
  if (x.size > 0 && x.dtype === 'float32' && hasFusedKernels()) {
    const fused = tf.customGrad((...args: unknown[]) => {
      const [input, scale, offset, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
      const [y, m, v, invStd] = tf.engine().runKernel(BATCH_NORM_TRAINING_KERNEL, { x: input, scale, offset }, { epsilon }) as tf.Tensor[];
      mean = tf.keep(m as tf.Tensor1D);
      variance = tf.keep(v as tf.Tensor1D);
      // save() keeps its own clones (only while a tape records), so the caller may dispose `mean`.
      save([input, m!, invStd!, scale]);
      return {
        value: y!,
        gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
          const [xs, ms, inv, g] = saved as [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
          const grad = Array.isArray(dy) ? dy[0]! : dy;
          return tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD_KERNEL, { dy: grad, x: xs, mean: ms, invStd: inv, scale: g }, {}) as tf.Tensor[];
        },
      };
    });
    const y = (fused as (...inputs: tf.Tensor[]) => tf.Tensor)(x, gamma, beta);
    return { y, mean: mean!, variance: variance! };
  }
  const op = tf.customGrad((...args: unknown[]) => {
    const [input, scale, offset, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    // customGrad runs this in its own scope: the statistics are kept for the caller, who disposes them.
    mean = tf.keep(tf.mean(input, axes) as tf.Tensor1D);
    const centered = tf.sub(input, mean);
    variance = tf.keep(tf.mean(tf.square(centered), axes) as tf.Tensor1D);
    const invStd = tf.rsqrt(tf.add(variance, epsilon));
    const y = tf.add(tf.mul(centered, tf.mul(invStd, scale)), offset);
    save([centered, invStd, scale]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [c, inv, g] = saved as [tf.Tensor, tf.Tensor1D, tf.Tensor1D];
        const grad = Array.isArray(dy) ? dy[0]! : dy;
        const dBeta = tf.sum(grad, axes);
        const dyCentered = tf.sum(tf.mul(grad, c), axes);
        const dGamma = tf.mul(dyCentered, inv);
        const a = tf.mul(g, inv);
        const b = tf.div(tf.neg(tf.mul(tf.mul(a, tf.square(inv)), dyCentered)), count);
        const cc = tf.div(tf.neg(tf.mul(a, dBeta)), count);
        const dx = tf.add(tf.add(tf.mul(grad, a), tf.mul(c, b)), cc);
        return [dx, dGamma, dBeta];
      },
    };
  });
  const y = (op as (...inputs: tf.Tensor[]) => tf.Tensor)(x, gamma, beta);
  return { y, mean: mean!, variance: variance! };
}

/**
 * tfjs-layers' `BatchNormalization` (same configuration, weights, serialized class name and results)
 * whose training pass is {@link batchNormTraining}: fewer kernels per layer and less memory kept for the
 * backward pass (measurements: the package README's Architecture section). Inference, and configurations
 * other than a channels-last axis with both `center` and `scale`, run tfjs-layers' own code. It
 * serializes as `'BatchNormalization'`, so saved models load anywhere (as the stock layer).
 *
 * @example
 * ```ts
 * const bn = new BatchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-5 });
 * const y = bn.apply(x, { training: true }) as tf.Tensor;
 * ```
 */
export class BatchNormalization extends StockBatchNormalization {
  constructor(config: BatchNormalizationConfig = {}) {
    super(config);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: LayerKwargs): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    const self = this as unknown as BatchNormalizationFields;
    const rank = input?.shape.length ?? 0;
    const axis = self.axis >= 0 ? self.axis : self.axis + rank;
    if (kwargs['training'] !== true || input === undefined || Array.isArray(inputs) && inputs.length !== 1 || rank < 2 || axis !== rank - 1 || !self.center || !self.scale || input.dtype !== 'float32') {
      return super.call(inputs, kwargs);
    }
    return tf.tidy(() => {
      const { y, mean, variance } = batchNormTraining(input, self.gamma.read(), self.beta.read(), self.epsilon);
      // tfjs-layers' moving-average update, verbatim in effect: moving -= (moving - batch) * (1 - momentum).
      for (const [variable, value] of [[self.movingMean, mean], [self.movingVariance, variance]] as const) {
        tf.tidy(() => {
          const current = variable.read();
          variable.write(tf.sub(current, tf.mul(tf.sub(current, value), 1 - self.momentum)));
        });
      }
      tf.dispose([mean, variance]);
      return y;
    });
  }
}
