import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { deriveSeed } from './derive-seed.js';
import { computeFans } from './fans.js';
import { describeValue } from '@aug/internal';
import { checkOptionKeys } from './option-keys.js';

/** The initialisation schemes of {@link initWeights}. */
export const INIT_SCHEMES = ['xavierUniform', 'kaimingNormal', 'default'] as const;
/** One of {@link INIT_SCHEMES}. */
export type InitScheme = (typeof INIT_SCHEMES)[number];

/**
 * Options of {@link initWeights}.
 *
 * @example
 * ```ts
 * const options: InitWeightsOptions = { init: 'xavierUniform', seed: 42 };
 * initWeights(net, options);
 * ```
 */
export interface InitWeightsOptions {
  /** Which scheme; default `'xavierUniform'` (d2l's `init_weights`). */
  readonly init?: InitScheme;
  /** Any safe integer; the same seed gives the same weights. Default 0. */
  readonly seed?: number;
}

const INIT_LAYERS = new Set(['Conv2D', 'Dense']);

type Layer = tfl.LayersModel['layers'][number];

function findWeight(layer: Layer, suffix: string): tfl.LayerVariable | undefined {
  return layer.weights.find((w) => w.originalName === `${layer.name}/${suffix}`);
}

function fill(variable: tfl.LayerVariable | undefined, make: (shape: number[]) => tf.Tensor): void {
  if (variable === undefined) return;
  const value = make(variable.shape as number[]);
  variable.write(value);
  value.dispose();
}

/**
 * Re-initialises a model in place, like PyTorch's `net.apply(init_weights)`,
 * reproducibly from `seed` (each layer draws from its own stream derived from
 * the seed and the layer name, so the result does not depend on layer order).
 *
 * Fans follow PyTorch: fan_in = in_channels x kh x kw, fan_out = out_channels x kh x kw.
 * - `'xavierUniform'` (d2l's `init_weights`): every Conv2D and Dense kernel
 *   ~ U(-b, b), b = sqrt(6 / (fan_in + fan_out)); biases and BatchNorm untouched.
 * - `'kaimingNormal'` (`nn.init.kaiming_normal_(w)` defaults: fan_in, gain
 *   sqrt(2)): every Conv2D and Dense kernel ~ N(0, 2 / fan_in); others untouched.
 * - `'default'`: what a freshly built PyTorch module holds: Conv2d/Linear
 *   kernels and biases ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))
 *   (`kaiming_uniform_(a=sqrt(5))`), BatchNorm gamma 1, beta 0, moving mean 0,
 *   moving variance 1.
 *
 * @example
 * ```ts
 * import { resnet18, initWeights } from '@aug/models';
 *
 * const net = resnet18({ width: 8, inputSize: 16 });
 * initWeights(net, { init: 'xavierUniform', seed: 0 });
 * ```
 */
export function initWeights(model: tfl.LayersModel, options: InitWeightsOptions = {}): void {
  checkOptionKeys(options, 'InitWeightsOptions', 'initWeights');
  const { init = 'xavierUniform', seed = 0 } = options ?? {};
  if (!INIT_SCHEMES.includes(init)) {
    throw new RangeError(
      `initWeights: unknown init ${describeValue(init)}; use one of ${INIT_SCHEMES.map((s) => `'${s}'`).join(', ')}.`,
    );
  }
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new RangeError(`initWeights: seed must be a safe integer, got ${describeValue(seed)}; pass e.g. 0 or 42.`);
  }
  if (model == null || !Array.isArray((model as { layers?: unknown }).layers)) {
    throw new TypeError(`initWeights: model must be a tf.LayersModel, got ${describeValue(model)}.`);
  }
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    if (INIT_LAYERS.has(kind)) {
      const kernel = findWeight(layer, 'kernel');
      if (kernel === undefined) continue;
      const { fanIn, fanOut } = computeFans(kernel.shape as number[]);
      const kernelSeed = deriveSeed(seed, `${layer.name}/kernel`);
      if (init === 'xavierUniform') {
        const b = Math.sqrt(6 / (fanIn + fanOut));
        fill(kernel, (s) => tf.randomUniform(s, -b, b, 'float32', kernelSeed));
      } else if (init === 'kaimingNormal') {
        fill(kernel, (s) => tf.randomNormal(s, 0, Math.sqrt(2 / fanIn), 'float32', kernelSeed));
      } else {
        const b = 1 / Math.sqrt(fanIn);
        fill(kernel, (s) => tf.randomUniform(s, -b, b, 'float32', kernelSeed));
        const biasSeed = deriveSeed(seed, `${layer.name}/bias`);
        fill(findWeight(layer, 'bias'), (s) => tf.randomUniform(s, -b, b, 'float32', biasSeed));
      }
    } else if (kind === 'BatchNormalization' && init === 'default') {
      fill(findWeight(layer, 'gamma'), (s) => tf.ones(s));
      fill(findWeight(layer, 'beta'), (s) => tf.zeros(s));
      fill(findWeight(layer, 'moving_mean'), (s) => tf.zeros(s));
      fill(findWeight(layer, 'moving_variance'), (s) => tf.ones(s));
    }
  }
}
