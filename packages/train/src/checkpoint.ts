import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { CheckpointError } from './errors.js';

/**
 * The file naming the newest complete checkpoint inside a checkpoint directory.
 * @example `JSON.parse(readFileSync(join(dir, LATEST_FILE), 'utf8')).checkpoint // 'ckpt-...'`
 */
export const LATEST_FILE = 'latest.json';
const FORMAT = 'aug-train-checkpoint';
const VERSION = 1;

/**
 * Where one tensor lies in a checkpoint's binary file.
 * @example `{ name: 'dense/kernel', shape: [4, 2], dtype: 'float32', offset: 0, bytes: 32 }`
 */
export interface TensorEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  offset: number;
  bytes: number;
}

/**
 * The JSON part of a checkpoint, as written to `state.json`.
 * @example `(await loadCheckpoint(dir))?.manifest.state`
 */
export interface CheckpointManifest<S> {
  format: typeof FORMAT;
  version: number;
  createdAt: string;
  model: TensorEntry[];
  optimizer: { className: string; tensors: TensorEntry[] };
  /** The training loop's own state (epoch, step, metrics, RNG state, ...). */
  state: S;
}

/**
 * A checkpoint read back from disk: its manifest and path. Tensors are restored with {@link restoreCheckpoint}.
 * @example `const ckpt = await loadCheckpoint(dir); ckpt?.path // 'runs/a/ckpt-...'`
 */
export interface LoadedCheckpoint<S> {
  path: string;
  manifest: CheckpointManifest<S>;
  modelBytes: Uint8Array;
  optimizerBytes: Uint8Array;
}

async function fsp(): Promise<typeof import('node:fs/promises')> {
  return import('node:fs/promises');
}
async function pathMod(): Promise<typeof import('node:path')> {
  return import('node:path');
}

async function encode(
  named: { name: string; tensor: tf.Tensor }[],
): Promise<{ entries: TensorEntry[]; bytes: Uint8Array }> {
  const entries: TensorEntry[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const { name, tensor } of named) {
    const dtype = tensor.dtype === 'int32' ? 'int32' : 'float32';
    if (tensor.dtype !== 'int32' && tensor.dtype !== 'float32') {
      throw new CheckpointError(`checkpoint: tensor ${name} has dtype ${tensor.dtype}; only float32 and int32 are saved`);
    }
    const data = (await tensor.data()) as Float32Array | Int32Array;
    const chunk = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    entries.push({ name, shape: [...tensor.shape], dtype, offset, bytes: chunk.byteLength });
    chunks.push(chunk);
    offset += chunk.byteLength;
  }
  const bytes = new Uint8Array(offset);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { entries, bytes };
}

function decode(entry: TensorEntry, bytes: Uint8Array, file: string): tf.Tensor {
  if (entry.offset + entry.bytes > bytes.byteLength) {
    throw new CheckpointError(`checkpoint: ${file} is truncated (tensor ${entry.name} ends past its ${bytes.byteLength} bytes)`);
  }
  const copy = bytes.slice(entry.offset, entry.offset + entry.bytes).buffer;
  const values = entry.dtype === 'int32' ? new Int32Array(copy) : new Float32Array(copy);
  return tf.tensor(values, entry.shape, entry.dtype);
}

/** A weight name without tfjs' auto-numbering (`conv2d_Conv2D3/kernel` -> `conv2d_Conv2D/kernel`). */
function canonical(name: string): string {
  return name
    .split('/')
    .map((s) => s.replace(/_?\d+$/, ''))
    .join('/');
}

async function writeFileSynced(file: string, data: Uint8Array | string): Promise<void> {
  const fs = await fsp();
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes a checkpoint (every model weight including BatchNorm statistics, the optimizer's state,
 * and `state`) into `dir` atomically: the files go to a temporary folder that is renamed into place,
 * and only then does `latest.json` (itself replaced by rename) point to it. A crash or Ctrl-C at any
 * moment leaves the previous checkpoint readable. Older checkpoints in `dir` are removed afterwards.
 *
 * @returns the folder of the new checkpoint
 * @example
 * ```ts
 * await saveCheckpoint('runs/a', model, optimizer, { epoch: 3 });
 * ```
 */
export async function saveCheckpoint<S>(
  dir: string,
  model: LayersModel,
  optimizer: tf.Optimizer,
  state: S,
): Promise<string> {
  const fs = await fsp();
  const path = await pathMod();
  await fs.mkdir(dir, { recursive: true });
  const modelPart = await encode(model.weights.map((w) => ({ name: w.name, tensor: w.read() })));
  const optimizerWeights = await optimizer.getWeights();
  let optimizerPart: { entries: TensorEntry[]; bytes: Uint8Array };
  try {
    optimizerPart = await encode(optimizerWeights.map((w) => ({ name: w.name, tensor: w.tensor })));
  } finally {
    // getWeights() returns a fresh iterations scalar first, then the live state variables.
    optimizerWeights[0]?.tensor.dispose();
  }
  const manifest: CheckpointManifest<S> = {
    format: FORMAT,
    version: VERSION,
    createdAt: new Date().toISOString(),
    model: modelPart.entries,
    optimizer: { className: optimizer.getClassName(), tensors: optimizerPart.entries },
    state,
  };
  const stamp = `${Date.now().toString(36)}-${typeof process === 'undefined' ? 0 : process.pid}`;
  const name = `ckpt-${stamp}`;
  const tmp = path.join(dir, `${name}.tmp`);
  const final = path.join(dir, name);
  await fs.rm(tmp, { recursive: true, force: true });
  await fs.mkdir(tmp);
  await writeFileSynced(path.join(tmp, 'model.bin'), modelPart.bytes);
  await writeFileSynced(path.join(tmp, 'optimizer.bin'), optimizerPart.bytes);
  await writeFileSynced(path.join(tmp, 'state.json'), JSON.stringify(manifest, null, 1));
  await fs.rename(tmp, final);
  const latestTmp = path.join(dir, `${LATEST_FILE}.${stamp}.tmp`);
  await writeFileSynced(latestTmp, JSON.stringify({ checkpoint: name }) + '\n');
  await fs.rename(latestTmp, path.join(dir, LATEST_FILE));
  for (const entry of await fs.readdir(dir)) {
    if (entry !== name && (entry.startsWith('ckpt-') || entry.endsWith('.tmp'))) {
      await fs.rm(path.join(dir, entry), { recursive: true, force: true });
    }
  }
  return final;
}

/**
 * Reads the newest complete checkpoint in `dir`, or `null` when `dir` holds none. Tensors are not
 * created yet: pass the result to {@link restoreCheckpoint}.
 *
 * @example
 * ```ts
 * const ckpt = await loadCheckpoint<{ epoch: number }>('runs/a');
 * if (ckpt) await restoreCheckpoint(ckpt, model, optimizer);
 * ```
 */
export async function loadCheckpoint<S>(dir: string): Promise<LoadedCheckpoint<S> | null> {
  const fs = await fsp();
  const path = await pathMod();
  let pointer: string;
  try {
    pointer = await fs.readFile(path.join(dir, LATEST_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CheckpointError(`checkpoint: cannot read ${path.join(dir, LATEST_FILE)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let name: unknown;
  try {
    name = (JSON.parse(pointer) as { checkpoint?: unknown }).checkpoint;
  } catch (error) {
    throw new CheckpointError(`checkpoint: ${path.join(dir, LATEST_FILE)} is not valid JSON`, { cause: error });
  }
  if (typeof name !== 'string' || !/^ckpt-[\w-]+$/.test(name)) {
    throw new CheckpointError(`checkpoint: ${path.join(dir, LATEST_FILE)} names no checkpoint folder (got ${JSON.stringify(name)})`);
  }
  const folder = path.join(dir, name);
  let manifest: CheckpointManifest<S>;
  let modelBytes: Uint8Array;
  let optimizerBytes: Uint8Array;
  try {
    manifest = JSON.parse(await fs.readFile(path.join(folder, 'state.json'), 'utf8')) as CheckpointManifest<S>;
    modelBytes = new Uint8Array(await fs.readFile(path.join(folder, 'model.bin')));
    optimizerBytes = new Uint8Array(await fs.readFile(path.join(folder, 'optimizer.bin')));
  } catch (error) {
    throw new CheckpointError(`checkpoint: cannot read ${folder}: ${(error as Error).message}`, { cause: error });
  }
  if (manifest.format !== FORMAT || manifest.version !== VERSION) {
    throw new CheckpointError(
      `checkpoint: ${folder}/state.json is not an ${FORMAT} v${VERSION} file (format ${JSON.stringify(manifest.format)}, version ${JSON.stringify(manifest.version)})`,
    );
  }
  return { path: folder, manifest, modelBytes, optimizerBytes };
}

/**
 * Checks that `checkpoint` was written for a model with the same weights (count, shapes and names
 * up to tfjs' auto-numbering) and an optimizer of the same class, and throws a
 * {@link CheckpointError} naming the first difference otherwise. Changes nothing.
 *
 * @example
 * ```ts
 * assertCheckpointMatches(ckpt, model, optimizer);
 * ```
 */
export function assertCheckpointMatches<S>(checkpoint: LoadedCheckpoint<S>, model: LayersModel, optimizer: tf.Optimizer): void {
  const saved = checkpoint.manifest.model;
  const weights = model.weights;
  const where = `checkpoint ${checkpoint.path}`;
  if (saved.length !== weights.length) {
    throw new CheckpointError(
      `${where} is from a different model: it has ${saved.length} weight tensors, the model has ${weights.length}. ` +
        'Use a new checkpointDir for a new model, or build the same model as the checkpoint',
    );
  }
  for (let i = 0; i < saved.length; i++) {
    const s = saved[i]!;
    const w = weights[i]!;
    if (s.shape.join(',') !== w.shape.join(',') || canonical(s.name) !== canonical(w.name)) {
      throw new CheckpointError(
        `${where} is from a different model: weight ${i} is ${s.name} [${s.shape.join(', ')}] in the checkpoint but ` +
          `${w.name} [${w.shape.join(', ')}] in the model. Use a new checkpointDir for a new model, or build the same model as the checkpoint`,
      );
    }
  }
  const className = optimizer.getClassName();
  if (checkpoint.manifest.optimizer.className !== className) {
    throw new CheckpointError(
      `${where} was written with optimizer ${checkpoint.manifest.optimizer.className}, but this run uses ${className}; pass the same optimizer to resume`,
    );
  }
  const trainable = model.trainableWeights;
  const state = checkpoint.manifest.optimizer.tensors.slice(1);
  const ok =
    trainable.length > 0 &&
    state.length % trainable.length === 0 &&
    state.every((t, i) => t.shape.join(',') === trainable[i % trainable.length]!.shape.join(','));
  if (!ok) {
    throw new CheckpointError(
      `${where}: its ${className} state (${state.length} tensors) does not line up with the model's ${trainable.length} trainable weights`,
    );
  }
}

/**
 * Loads a checkpoint's weights into `model` and its state into `optimizer` (which must not have
 * taken a step yet), after {@link assertCheckpointMatches}. Returns the loop state saved with it.
 *
 * @example
 * ```ts
 * const ckpt = await loadCheckpoint<MyState>('runs/a');
 * const state = ckpt ? await restoreCheckpoint(ckpt, model, optimizer) : null;
 * ```
 */
export async function restoreCheckpoint<S>(
  checkpoint: LoadedCheckpoint<S>,
  model: LayersModel,
  optimizer: tf.Optimizer,
): Promise<S> {
  assertCheckpointMatches(checkpoint, model, optimizer);
  const current = await optimizer.getWeights();
  current[0]?.tensor.dispose();
  if (current.length > 1) {
    throw new CheckpointError(
      `cannot resume into an optimizer that has already taken steps (${optimizer.getClassName()} holds ${current.length - 1} state tensors); pass a fresh optimizer`,
    );
  }
  const modelTensors = checkpoint.manifest.model.map((e) => decode(e, checkpoint.modelBytes, `${checkpoint.path}/model.bin`));
  try {
    model.weights.forEach((w, i) => w.write(modelTensors[i]!));
  } finally {
    tf.dispose(modelTensors);
  }
  const optimizerTensors = checkpoint.manifest.optimizer.tensors.map((e) => ({
    name: e.name,
    tensor: decode(e, checkpoint.optimizerBytes, `${checkpoint.path}/optimizer.bin`),
  }));
  try {
    await optimizer.setWeights(optimizerTensors);
  } finally {
    tf.dispose(optimizerTensors.map((t) => t.tensor));
  }
  return checkpoint.manifest.state;
}
