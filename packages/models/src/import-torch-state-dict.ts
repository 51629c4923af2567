import { describeValue } from '@aug/internal';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { torchNameToLayer, type TfjsWeightRef } from './torch-names.js';

/**
 * One array of a PyTorch state_dict, in PyTorch's layout (row-major), e.g.
 * from `t.detach().numpy().astype('<f4').tobytes()`.
 *
 * @example
 * ```ts
 * const bias: TorchArray = { shape: [10], data: new Float32Array(10) };
 * ```
 */
export interface TorchArray {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/**
 * Converts a PyTorch array to the tfjs layout named by `layout`
 * (Conv2d OIHW -> HWIO, Linear `[out, in]` -> Dense `[in, out]`).
 * The caller owns (and disposes) the returned tensor.
 *
 * @example
 * ```ts
 * const k = torchToTfjs({ shape: [8, 3, 3, 3], data: new Float32Array(216) }, 'oihw-to-hwio');
 * k.shape; // [3, 3, 3, 8]
 * k.dispose();
 * ```
 */
export function torchToTfjs(array: TorchArray, layout: TfjsWeightRef['layout']): tf.Tensor {
  return tf.tidy(() => {
    const t = tf.tensor(array.data, [...array.shape], 'float32');
    if (layout === 'oihw-to-hwio') return tf.transpose(t, [2, 3, 1, 0]);
    if (layout === 'linear-to-dense') return tf.transpose(t, [1, 0]);
    return t;
  });
}

/**
 * Copies the weights of d2l's PyTorch ResNet-18 (`net.state_dict()`, exported
 * as float32 arrays) into a {@link resnet18} model of the same width, using
 * {@link torchNameToLayer}. Every weight of the model must be set and every
 * key used (`num_batches_tracked` is ignored); shapes are checked.
 *
 * @example
 * ```ts
 * const net = resnet18({ width: 8, inputSize: 16 });
 * importTorchStateDict(net, { '0.weight': { shape: [8, 3, 3, 3], data }, ... });
 * ```
 */
export function importTorchStateDict(model: tfl.LayersModel, stateDict: Readonly<Record<string, TorchArray>>): void {
  const variables = new Map<string, tfl.LayerVariable>();
  for (const layer of model.layers) for (const w of layer.weights) variables.set(w.originalName, w);
  const pending: Array<[tfl.LayerVariable, tf.Tensor]> = [];
  const seen = new Set<string>();
  try {
    for (const [key, array] of Object.entries(stateDict)) {
      if (key.endsWith('num_batches_tracked')) continue;
      const ref = torchNameToLayer(key);
      const target = ref && variables.get(`${ref.layer}/${ref.weight}`);
      if (!ref || !target) {
        throw new TypeError(
          `importTorchStateDict: state_dict key ${describeValue(key)} has no weight in model "${model.name}"; ` +
            'export the state_dict of d2l.resnet18 built with the same width.',
        );
      }
      const size = array.shape.reduce((a, b) => a * b, 1);
      if (!(array.data instanceof Float32Array) || array.data.length !== size) {
        throw new TypeError(
          `importTorchStateDict: ${key} must hold a Float32Array of ${size} values for shape [${array.shape.join(', ')}].`,
        );
      }
      const value = torchToTfjs(array, ref.layout);
      pending.push([target, value]);
      if (!tf.util.arraysEqual(value.shape, target.shape as number[])) {
        throw new RangeError(
          `importTorchStateDict: ${key} [${array.shape.join(', ')}] becomes [${value.shape.join(', ')}] but ` +
            `${target.originalName} is [${target.shape.join(', ')}]; build the model with the width the weights came from.`,
        );
      }
      seen.add(target.originalName);
    }
    const missing = [...variables.keys()].filter((name) => !seen.has(name));
    if (missing.length > 0) {
      throw new TypeError(
        `importTorchStateDict: the state_dict sets no value for ${missing.length} weight(s) of "${model.name}", ` +
          `e.g. ${missing.slice(0, 3).join(', ')}; pass the complete state_dict.`,
      );
    }
    for (const [variable, value] of pending) variable.write(value);
  } finally {
    for (const [, value] of pending) value.dispose();
  }
}
