import type * as tfl from '@tensorflow/tfjs-layers';
import { resnet18, type ResNet18Options } from './resnet18.js';
import { describeValue } from '@aug/internal';

/**
 * Options accepted by each registered model.
 *
 * @example
 * ```ts
 * const options: ModelOptionsMap['resnet18'] = { width: 8 };
 * getModel('resnet18', options);
 * ```
 */
export interface ModelOptionsMap {
  resnet18: ResNet18Options;
}

/** A registered model name. */
export type ModelName = keyof ModelOptionsMap;

/** The registry: an explicit object, no side-effect registration. */
const MODELS: { readonly [N in ModelName]: (options?: ModelOptionsMap[N]) => tfl.LayersModel } = {
  resnet18,
};

/**
 * The names {@link getModel} accepts.
 *
 * @example
 * ```ts
 * listModels(); // ['resnet18']
 * ```
 */
export function listModels(): ModelName[] {
  return Object.keys(MODELS) as ModelName[];
}

/**
 * Builds a registered model by name, like torchvision's `get_model`.
 *
 * @example
 * ```ts
 * import { getModel } from '@aug/models';
 *
 * const net = getModel('resnet18', { numClasses: 10, width: 8, inputSize: 16 });
 * ```
 */
export function getModel<N extends ModelName>(name: N, options?: ModelOptionsMap[N]): tfl.LayersModel {
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(MODELS, name)) {
    throw new RangeError(
      `getModel: unknown model name ${describeValue(name)}; use one of ${listModels().map((n) => `'${n}'`).join(', ')}.`,
    );
  }
  return MODELS[name](options);
}
