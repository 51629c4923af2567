import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic, writeFileSynced } from '@aug/internal/node';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { describeValue, fsAdvice } from '@aug/internal';
import { CheckpointCorruptError, CheckpointError } from './errors.js';
import { readOptimizerScalars, writeOptimizerScalars } from './optimizer-scalars.js';

/** The file naming the newest complete checkpoint inside a checkpoint directory. */
export const LATEST_FILE = 'latest.json';
const FORMAT = 'aug-train-checkpoint';
/** v2 adds SHA-256 checksums (of the binaries in state.json, of state.json in latest.json); v1 is still read. */
const VERSION = 2;

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
  /** `scalars`: state outside `getWeights()` (Adam's accumulated beta powers), so a resume is bit-exact. */
  optimizer: { className: string; tensors: TensorEntry[]; scalars?: Record<string, number> };
  /** SHA-256 (hex) and size of `model.bin` and `optimizer.bin` (v2). */
  files?: Record<string, { sha256: string; bytes: number }>;
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

async function sha256(data: Uint8Array | string): Promise<string> {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(data).digest('hex');
}

/** The `ckpt-*` folders in `dir` (complete ones: not `.tmp`), oldest name first. */
async function checkpointFolders(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory() && /^ckpt-[\w-]+$/.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
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
  const info = await fs.stat(dir).catch(() => null);
  if (info && !info.isDirectory()) {
    throw new CheckpointError(`checkpoint: checkpointDir ${dir} is a file, not a folder; pass a folder path (it is created if missing)`);
  }
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
    optimizer: { className: optimizer.getClassName(), tensors: optimizerPart.entries, scalars: readOptimizerScalars(optimizer) },
    files: {
      'model.bin': { sha256: await sha256(modelPart.bytes), bytes: modelPart.bytes.byteLength },
      'optimizer.bin': { sha256: await sha256(optimizerPart.bytes), bytes: optimizerPart.bytes.byteLength },
    },
    state,
  };
  const stateText = JSON.stringify(manifest, null, 1);
  const stamp = `${Date.now().toString(36)}-${typeof process === 'undefined' ? 0 : process.pid}`;
  const name = `ckpt-${stamp}`;
  const tmp = path.join(dir, `${name}.tmp`);
  const final = path.join(dir, name);
  let renamed = false;
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.rm(tmp, { recursive: true, force: true });
    await fs.mkdir(tmp);
    await writeFileSynced(path.join(tmp, 'model.bin'), modelPart.bytes);
    await writeFileSynced(path.join(tmp, 'optimizer.bin'), optimizerPart.bytes);
    await writeFileSynced(path.join(tmp, 'state.json'), stateText);
    await fs.rename(tmp, final);
    renamed = true;
    // The one pointer: until this rename, latest.json names the previous checkpoint, which is untouched.
    await writeFileAtomic(path.join(dir, LATEST_FILE), JSON.stringify({ checkpoint: name, stateSha256: await sha256(stateText) }) + '\n');
  } catch (error) {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    if (renamed) await fs.rm(final, { recursive: true, force: true }).catch(() => undefined);
    const previous = await readPointerName(dir);
    throw new CheckpointError(
      `checkpoint: could not write a checkpoint into ${dir}: ${fsAdvice(error, 'a checkpointDir')}. ` +
        (previous ? `The previous checkpoint ${path.join(dir, previous)} is intact and latest.json still names it.` : 'No earlier checkpoint was there.'),
      { cause: error },
    );
  }
  for (const entry of await fs.readdir(dir)) {
    if (entry !== name && (entry.startsWith('ckpt-') || entry.endsWith('.tmp'))) {
      await fs.rm(path.join(dir, entry), { recursive: true, force: true });
    }
  }
  return final;
}

/** The folder name latest.json points to, or null (missing or unreadable). */
async function readPointerName(dir: string): Promise<string | null> {
  try {
    const name = (JSON.parse(await fs.readFile(path.join(dir, LATEST_FILE), 'utf8')) as { checkpoint?: unknown }).checkpoint;
    return typeof name === 'string' ? name : null;
  } catch {
    return null;
  }
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
  const latest = path.join(dir, LATEST_FILE);
  const info = await fs.stat(dir).catch(() => null);
  if (info && !info.isDirectory()) {
    throw new CheckpointError(`checkpoint: checkpointDir ${dir} is a file, not a folder; pass a folder path`);
  }
  let pointer: string;
  try {
    pointer = await fs.readFile(latest, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      const orphans = await checkpointFolders(dir);
      if (orphans.length === 0) return null;
      const newest = orphans[orphans.length - 1]!;
      throw new CheckpointError(
        `checkpoint: ${latest} is missing, but ${dir} holds checkpoint folder(s) ${orphans.join(', ')}. ` +
          `Nothing was started or deleted. To resume from the newest, recreate the pointer: ` +
          `echo '{"checkpoint":"${newest}"}' > ${latest} ; to start over, delete those folders or choose another checkpointDir`,
      );
    }
    throw new CheckpointError(`checkpoint: cannot read ${latest}: ${fsAdvice(error, 'a checkpointDir')}`, { cause: error });
  }
  let parsed: { checkpoint?: unknown; stateSha256?: unknown };
  try {
    parsed = JSON.parse(pointer) as typeof parsed;
  } catch (error) {
    throw new CheckpointCorruptError(
      latest,
      `checkpoint: ${latest} is not valid JSON (corrupt or edited by hand); it should read {"checkpoint":"ckpt-..."}. ` +
        `Folders there: ${(await checkpointFolders(dir)).join(', ') || 'none'}`,
    );
  }
  const name = parsed?.checkpoint;
  if (typeof name !== 'string' || !/^ckpt-[\w-]+$/.test(name)) {
    throw new CheckpointCorruptError(latest, `checkpoint: ${latest} names no checkpoint folder (got ${describeValue(name)})`);
  }
  const folder = path.join(dir, name);
  let stateText: string;
  let modelBytes: Uint8Array;
  let optimizerBytes: Uint8Array;
  try {
    stateText = await fs.readFile(path.join(folder, 'state.json'), 'utf8');
    modelBytes = new Uint8Array(await fs.readFile(path.join(folder, 'model.bin')));
    optimizerBytes = new Uint8Array(await fs.readFile(path.join(folder, 'optimizer.bin')));
  } catch (error) {
    throw new CheckpointError(
      `checkpoint: cannot read ${folder} (named by ${latest}): ${fsAdvice(error, 'a checkpointDir')}. Copy the whole checkpointDir, or delete it to start over`,
      { cause: error },
    );
  }
  if (typeof parsed.stateSha256 === 'string' && (await sha256(stateText)) !== parsed.stateSha256) {
    throw new CheckpointCorruptError(
      path.join(folder, 'state.json'),
      `checkpoint: ${path.join(folder, 'state.json')} does not match the SHA-256 recorded in ${latest}: it was corrupted or edited by hand. ` +
        'Undo the edit (or restore the file from a backup); otherwise delete the checkpointDir to start over. Nothing was restored',
    );
  }
  let manifest: CheckpointManifest<S>;
  try {
    manifest = JSON.parse(stateText) as CheckpointManifest<S>;
  } catch {
    throw new CheckpointCorruptError(path.join(folder, 'state.json'), `checkpoint: ${path.join(folder, 'state.json')} is not valid JSON (corrupt or edited by hand)`);
  }
  if (manifest === null || typeof manifest !== 'object' || manifest.format !== FORMAT || (manifest.version !== 1 && manifest.version !== VERSION)) {
    throw new CheckpointError(
      `checkpoint: ${folder}/state.json is not an ${FORMAT} v1/v${VERSION} file (format ${describeValue(manifest?.format)}, version ${describeValue(manifest?.version)})`,
    );
  }
  checkManifestShape(manifest, path.join(folder, 'state.json'));
  if (manifest.version >= 2) {
    for (const [file, bytes] of [['model.bin', modelBytes], ['optimizer.bin', optimizerBytes]] as const) {
      const want = manifest.files?.[file];
      const actual = await sha256(bytes);
      if (!want || want.sha256 !== actual || want.bytes !== bytes.byteLength) {
        throw new CheckpointCorruptError(
          path.join(folder, file),
          `checkpoint: ${path.join(folder, file)} is corrupt: ${bytes.byteLength} bytes with SHA-256 ${actual.slice(0, 16)}…, ` +
            `but state.json recorded ${want ? `${want.bytes} bytes with ${want.sha256.slice(0, 16)}…` : 'nothing'}. ` +
            'Restore the checkpointDir from a backup, or delete it to start over. Nothing was restored',
        );
      }
    }
  }
  return { path: folder, manifest, modelBytes, optimizerBytes };
}

function isEntry(e: unknown): e is TensorEntry {
  const t = e as TensorEntry;
  return (
    t !== null &&
    typeof t === 'object' &&
    typeof t.name === 'string' &&
    Array.isArray(t.shape) &&
    t.shape.every((d) => Number.isInteger(d) && d >= 0) &&
    (t.dtype === 'float32' || t.dtype === 'int32') &&
    Number.isInteger(t.offset) &&
    Number.isInteger(t.bytes) &&
    t.bytes === t.shape.reduce((a, b) => a * b, 1) * 4
  );
}

/** Throws a {@link CheckpointCorruptError} naming the first malformed field of a manifest (a hand edit, an old tool). */
function checkManifestShape(m: CheckpointManifest<unknown>, file: string): void {
  const bad = (what: string): never => {
    throw new CheckpointCorruptError(file, `checkpoint: ${file}: ${what}; the file was corrupted or edited by hand. Undo the edit, or delete the checkpointDir to start over`);
  };
  if (!Array.isArray(m.model)) bad('"model" is not a list of tensors');
  m.model.forEach((e, i) => isEntry(e) || bad(`"model[${i}]" is not a tensor entry {name, shape, dtype, offset, bytes}`));
  if (m.optimizer === null || typeof m.optimizer !== 'object' || typeof m.optimizer.className !== 'string' || !Array.isArray(m.optimizer.tensors)) {
    bad('"optimizer" is not {className, tensors}');
  }
  m.optimizer.tensors.forEach((e, i) => isEntry(e) || bad(`"optimizer.tensors[${i}]" is not a tensor entry`));
  if (m.state === null || typeof m.state !== 'object') bad('"state" is not an object');
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
    writeOptimizerScalars(optimizer, checkpoint.manifest.optimizer.scalars ?? {});
  } finally {
    tf.dispose(optimizerTensors.map((t) => t.tensor));
  }
  return checkpoint.manifest.state;
}
