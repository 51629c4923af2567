// The browser build's saveModel: a page has no folders, so a tfjs URL scheme ('indexeddb://',
// 'localstorage://', 'downloads://', 'http(s)://') goes to tfjs's own handlers and a path is refused.
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describeValue } from '@aug/internal';
import { ModelSaveError } from './model-file-errors.js';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';
export const WEIGHTS_SHA256_FIELD = 'weightsSha256';

const NO_FILES = "a folder path needs Node's file system; in a browser pass a tfjs URL such as 'indexeddb://my-model' or 'downloads://my-model'";

/**
 * Not available in a browser: throws a {@link ModelSaveError} saying what to use instead.
 *
 * @example
 * ```ts
 * await model.save('indexeddb://my-model'); // in a page
 * ```
 */
export function fileSaveHandler(dir: string): tf.io.IOHandler {
  throw new ModelSaveError(String(dir), `fileSaveHandler(${describeValue(dir)}): ${NO_FILES}`);
}

/**
 * In a browser: `model.save(url)` for a tfjs URL (`indexeddb://`, `localstorage://`, `downloads://`,
 * `http(s)://`); a folder path throws a {@link ModelSaveError}.
 *
 * @example
 * ```ts
 * await saveModel(net, 'indexeddb://resnet18-epoch-1');
 * ```
 */
export async function saveModel(model: tfl.LayersModel, dir: string): Promise<tf.io.SaveResult> {
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new TypeError(`saveModel: dir must be a non-empty path string, got ${describeValue(dir)}.`);
  }
  if (model == null || typeof (model as { save?: unknown }).save !== 'function') {
    throw new TypeError(`saveModel: model must be a tf.LayersModel, got ${describeValue(model)}.`);
  }
  if (!/^[a-z]+:\/\//i.test(dir)) throw new ModelSaveError(dir, `saveModel('${dir}'): ${NO_FILES}`);
  return model.save(dir);
}
