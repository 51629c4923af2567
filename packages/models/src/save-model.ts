import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@aug/internal/node';
import { fsAdvice } from '@aug/internal';
import { ModelSaveError } from './model-file-errors.js';
import { describeValue } from '@aug/internal';

/** The topology file written by {@link saveModel}. */
export const MODEL_JSON = 'model.json';
/**
 * The weights file name of `tfjs-node`'s `file://` handler (and of {@link saveModel} before it
 * named weights by content); {@link loadModel} reads it. {@link saveModel} now writes
 * `weights-<16 hex of the SHA-256>.bin`, named in `model.json`'s `weightsManifest`.
 */
export const WEIGHTS_BIN = 'weights.bin';

/**
 * The extra `model.json` field holding the SHA-256 (hex) of each weights file, checked by {@link loadModel}.
 * tfjs ignores it.
 */
export const WEIGHTS_SHA256_FIELD = 'weightsSha256';

const WEIGHTS_FILE = /^weights(-[0-9a-f]{16})?\.bin$/;

/**
 * A tfjs `IOHandler` that saves to `dir` in the tfjs Layers format (`model.json` + one weights file,
 * loadable by `tfjs-node`'s `file://` handler too), with plain `node:fs`, so it works with any backend.
 *
 * Atomic as a whole: the weights go to a new file named by their content
 * (`weights-<sha256>.bin`), then `model.json` — the one pointer — is replaced by rename; only then are
 * older weights files removed. A crash or a failed write at any moment leaves the previous model
 * loadable. The weights' SHA-256 is stored in `model.json` and checked by {@link loadModel}. A failed
 * save throws a {@link ModelSaveError} saying what to do.
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
      const info = await stat(dir).catch(() => null);
      if (info !== null && !info.isDirectory()) {
        throw new ModelSaveError(dir, `saveModel: ${dir} is a file, not a folder; pass a folder path (it is created if missing). Nothing was written.`);
      }
      const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const bytes = new Uint8Array(weightData);
      const digest = createHash('sha256').update(bytes).digest('hex');
      const weightsName = `weights-${digest.slice(0, 16)}.bin`;
      const modelJSON: tf.io.ModelJSON & { [WEIGHTS_SHA256_FIELD]: Record<string, string> } = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_core}`,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [weightsName], weights: artifacts.weightSpecs ?? [] }],
        [WEIGHTS_SHA256_FIELD]: { [weightsName]: digest },
      };
      if (artifacts.trainingConfig != null) modelJSON.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata != null) modelJSON.userDefinedMetadata = artifacts.userDefinedMetadata;
      const weightsPath = join(dir, weightsName);
      const weightsExisted = await stat(weightsPath).then(() => true, () => false);
      try {
        await mkdir(dir, { recursive: true });
        await writeFileAtomic(weightsPath, bytes);
        await writeFileAtomic(join(dir, MODEL_JSON), JSON.stringify(modelJSON));
      } catch (error) {
        // model.json was not replaced: the previous model (and its weights file) is untouched.
        if (!weightsExisted) await rm(weightsPath, { force: true }).catch(() => undefined);
        throw new ModelSaveError(
          dir,
          `saveModel: could not save into ${dir}: ${fsAdvice(error, 'a folder')}. The model saved there before, if any, is intact.`,
          { cause: error },
        );
      }
      // Clean up: weights files model.json no longer names, and temp files of interrupted saves.
      for (const entry of await readdir(dir).catch(() => [] as string[])) {
        if ((WEIGHTS_FILE.test(entry) && entry !== weightsName) || /^\..*\.tmp$/.test(entry)) {
          await rm(join(dir, entry), { force: true }).catch(() => undefined);
        }
      }
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

/**
 * Saves a `tf.LayersModel` (topology and weights, not the optimizer) to
 * directory `dir` as `model.json` + `weights-<sha256>.bin`, creating `dir` if needed.
 * Works in Node with any tfjs backend (no `tfjs-node`). The save is atomic as a
 * whole (new weights file, then `model.json` switched by rename), so an
 * interrupted or failed save never leaves a torn model: the previous one still
 * loads. Failures throw {@link ModelSaveError} (a file at `dir`, a full disk, ...).
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
