// The browser build's loadModel: tfjs URL schemes go to tfjs's own handlers; a path is refused.
import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describeValue } from '@aug/internal';
import { ModelCorruptError, ModelNotFoundError, ModelsError } from './model-file-errors.js';

const NO_FILES = "a folder path needs Node's file system; in a browser pass a tfjs URL such as 'indexeddb://my-model' or an http(s) URL of model.json";

/**
 * Not available in a browser: throws a {@link ModelNotFoundError} saying what to use instead.
 *
 * @example
 * ```ts
 * const net = await tfl.loadLayersModel('indexeddb://my-model'); // in a page
 * ```
 */
export function fileLoadHandler(dir: string): tf.io.IOHandler {
  throw new ModelNotFoundError(String(dir), `fileLoadHandler(${describeValue(dir)}): ${NO_FILES}`);
}

/**
 * In a browser: `tf.loadLayersModel(url)` for a tfjs URL (`indexeddb://`, `localstorage://`,
 * `http(s)://.../model.json`); a folder path throws a {@link ModelNotFoundError}.
 *
 * @example
 * ```ts
 * const net = await loadModel('indexeddb://resnet18-epoch-1');
 * ```
 */
export async function loadModel(dir: string): Promise<tfl.LayersModel> {
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new TypeError(`loadModel: dir must be a non-empty path string, got ${describeValue(dir)}.`);
  }
  if (!/^[a-z]+:\/\//i.test(dir)) throw new ModelNotFoundError(dir, `loadModel('${dir}'): ${NO_FILES}`);
  try {
    return await tfl.loadLayersModel(dir);
  } catch (error) {
    if (ModelsError.isInstance(error)) throw error;
    throw new ModelCorruptError(dir, `loadModel: ${dir} could not be turned into a model (${(error as Error)?.message ?? String(error)})`, { cause: error });
  }
}
