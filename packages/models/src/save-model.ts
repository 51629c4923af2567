import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { describeValue } from './validate.js';

/**
 * The topology file written by {@link saveModel}.
 *
 * @example
 * ```ts
 * join(dir, MODEL_JSON); // '<dir>/model.json'
 * ```
 */
export const MODEL_JSON = 'model.json';
/**
 * The single weights file written by {@link saveModel}.
 *
 * @example
 * ```ts
 * join(dir, WEIGHTS_BIN); // '<dir>/weights.bin'
 * ```
 */
export const WEIGHTS_BIN = 'weights.bin';

/**
 * A tfjs `IOHandler` that saves to `dir` in the tfjs Layers format
 * (`model.json` + `weights.bin`, the files `tfjs-node`'s `file://` handler
 * writes), with plain `node:fs`, so it works with any backend. Files are
 * written atomically (temp file + rename), weights first.
 *
 * @example
 * ```ts
 * await model.save(fileSaveHandler('./checkpoints/resnet18'));
 * ```
 */
export function fileSaveHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology == null || artifacts.modelTopology instanceof ArrayBuffer) {
        throw new TypeError('saveModel: binary model topologies are not supported; save a tf.LayersModel.');
      }
      await mkdir(dir, { recursive: true });
      const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const modelJSON: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_core}`,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig != null) modelJSON.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata != null) modelJSON.userDefinedMetadata = artifacts.userDefinedMetadata;
      await writeFileAtomic(join(dir, WEIGHTS_BIN), new Uint8Array(weightData));
      await writeFileAtomic(join(dir, MODEL_JSON), JSON.stringify(modelJSON));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

/**
 * Saves a `tf.LayersModel` (topology and weights, not the optimizer) to
 * directory `dir` as `model.json` + `weights.bin`, creating `dir` if needed.
 * Works in Node with any tfjs backend (no `tfjs-node`); files are replaced
 * atomically, so an interrupted save never leaves a torn checkpoint.
 *
 * @example
 * ```ts
 * import { resnet18, saveModel, loadModel } from '@aug/models';
 *
 * const net = resnet18({ width: 8, inputSize: 16 });
 * await saveModel(net, './checkpoints/epoch-1');
 * const again = await loadModel('./checkpoints/epoch-1');
 * ```
 */
export async function saveModel(model: tfl.LayersModel, dir: string): Promise<tf.io.SaveResult> {
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new TypeError(`saveModel: dir must be a non-empty path string, got ${describeValue(dir)}.`);
  }
  if (model == null || typeof (model as { save?: unknown }).save !== 'function') {
    throw new TypeError(`saveModel: model must be a tf.LayersModel, got ${describeValue(model)}.`);
  }
  return model.save(fileSaveHandler(dir));
}
