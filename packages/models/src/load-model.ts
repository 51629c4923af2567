import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { ModelCorruptError, ModelNotFoundError, ModelsError } from './model-file-errors.js';
import { MODEL_JSON, WEIGHTS_SHA256_FIELD } from './save-model.js';
import { describeValue, fsReadAdvice } from '@aug/internal';

const DTYPE_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, complex64: 8 };

function corrupt(file: string, what: string): Error {
  return new ModelCorruptError(file, `loadModel: ${file} is corrupt: ${what}; save the model again with saveModel().`);
}

function specBytes(file: string, spec: tf.io.WeightsManifestEntry): number {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.quantization) {
    const bytes = spec.quantization.dtype === 'uint8' ? 1 : 2;
    return size * bytes;
  }
  const bytes = DTYPE_BYTES[spec.dtype];
  if (bytes === undefined) throw corrupt(file, `weight ${spec.name} has unsupported dtype ${describeValue(spec.dtype)}`);
  return size * bytes;
}

function parseModelJSON(file: string, text: string): tf.io.ModelJSON {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw corrupt(file, `not valid JSON (${(error as Error).message})`);
  }
  const j = json as Partial<tf.io.ModelJSON> | null;
  if (j === null || typeof j !== 'object' || typeof j.modelTopology !== 'object' || j.modelTopology === null) {
    throw corrupt(file, 'no modelTopology object');
  }
  if (!Array.isArray(j.weightsManifest)) throw corrupt(file, 'no weightsManifest array');
  for (const group of j.weightsManifest) {
    if (!group || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw corrupt(file, 'a weightsManifest group lacks paths or weights');
    }
  }
  return j as tf.io.ModelJSON;
}

async function readWeights(
  dir: string,
  file: string,
  manifest: tf.io.WeightsManifestConfig,
  checksums: Record<string, unknown> | undefined,
): Promise<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  let expected = 0;
  for (const group of manifest) {
    for (const spec of group.weights) expected += specBytes(file, spec);
    for (const path of group.paths) {
      if (typeof path !== 'string' || isAbsolute(path) || normalize(path).split(sep).includes('..')) {
        throw corrupt(file, `weights path ${describeValue(path)} points outside the model directory`);
      }
      const weightsFile = join(dir, path);
      try {
        const data = await readFile(weightsFile);
        const want = checksums?.[path];
        if (typeof want === 'string') {
          const actual = createHash('sha256').update(data).digest('hex');
          if (actual !== want) {
            throw new ModelCorruptError(
              weightsFile,
              `loadModel: ${weightsFile} is corrupt: its SHA-256 is ${actual.slice(0, 16)}…, but ${file} recorded ${want.slice(0, 16)}… ` +
                '(a damaged copy or a bit flip on disk); restore the folder from a backup or save the model again with saveModel().',
            );
          }
        }
        parts.push(data);
      } catch (error) {
        if (ModelsError.isInstance(error)) throw error;
        throw new ModelCorruptError(
          weightsFile,
          `loadModel: cannot read weights file ${weightsFile} named in ${file}: ${fsReadAdvice(error)}; ` +
            'copy the whole model directory or save the model again.',
          { cause: error },
        );
      }
    }
  }
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  if (total !== expected) {
    throw corrupt(file, `its weights files hold ${total} bytes but the manifest describes ${expected}`);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out.buffer;
}

/**
 * A tfjs `IOHandler` that loads a `model.json` + weights directory (as written
 * by {@link saveModel} or `tfjs-node`'s `file://` handler) with plain
 * `node:fs`; works with any backend. Validates the files before tfjs sees them.
 *
 * @example
 * ```ts
 * const net = await tf.loadLayersModel(fileLoadHandler('./checkpoints/resnet18'));
 * ```
 */
export function fileLoadHandler(dir: string): tf.io.IOHandler {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const file = join(dir, MODEL_JSON);
      const info = await stat(dir).catch(() => null);
      if (info === null || !info.isDirectory()) {
        throw new ModelNotFoundError(
          dir,
          `loadModel: model directory ${dir} ${info === null ? 'does not exist' : 'is not a directory'}; pass the directory given to saveModel().`,
        );
      }
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        const why = (error as NodeJS.ErrnoException | null)?.code === 'ENOENT' ? 'is missing' : `cannot be read: ${fsReadAdvice(error)}`;
        throw new ModelNotFoundError(file, `loadModel: ${file} ${why}; pass a directory written by saveModel().`, { cause: error });
      }
      const modelJSON = parseModelJSON(file, text);
      const sums = (modelJSON as unknown as Record<string, unknown>)[WEIGHTS_SHA256_FIELD];
      const checksums = sums !== null && typeof sums === 'object' ? (sums as Record<string, unknown>) : undefined;
      return tf.io.getModelArtifactsForJSON(modelJSON, async (manifest) => [
        tf.io.getWeightSpecs(manifest),
        await readWeights(dir, file, manifest, checksums),
      ]);
    },
  };
}

/**
 * Loads a `tf.LayersModel` saved by {@link saveModel} from directory `dir`.
 * Works in Node with any backend. A missing directory, a missing or corrupt
 * `model.json` throw {@link ModelNotFoundError}; an invalid `model.json`, missing,
 * truncated or unreadable weights, weights that do not match the SHA-256 saveModel
 * recorded, or a topology tfjs cannot build throw {@link ModelCorruptError}. Each
 * names the file.
 *
 * @example
 * ```ts
 * import { loadModel } from '@aug/models';
 *
 * const net = await loadModel('./checkpoints/epoch-1');
 * net.summary();
 * ```
 */
export async function loadModel(dir: string): Promise<tfl.LayersModel> {
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new TypeError(`loadModel: dir must be a non-empty path string, got ${describeValue(dir)}.`);
  }
  const handler = fileLoadHandler(dir);
  try {
    return await tfl.loadLayersModel(handler);
  } catch (error) {
    if (ModelsError.isInstance(error)) throw error;
    const file = join(dir, MODEL_JSON);
    const message = (error as Error)?.message ?? String(error);
    throw new ModelCorruptError(file, `loadModel: ${file} could not be turned into a model (${message}); save the model again with saveModel().`, {
      cause: error,
    });
  }
}
