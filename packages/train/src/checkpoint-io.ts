// Checkpoint files: written atomically into a folder, read back and checked against their SHA-256s.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { describeValue, fsAdvice, fsReadAdvice } from '@aug/internal';
import { writeFileAtomic, writeFileSynced } from '@aug/internal/node';
import { checkManifestShape, encode, FORMAT, LATEST_FILE, VERSION, type CheckpointManifest, type LoadedCheckpoint, type TensorEntry } from './checkpoint-format.js';
import { CheckpointCorruptError, CheckpointError } from './errors.js';
import { readOptimizerScalars } from './optimizer-scalars.js';

async function sha256(data: Uint8Array | string): Promise<string> {
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
    throw new CheckpointError(`checkpoint: cannot read ${latest}: ${fsReadAdvice(error)}`, { cause: error });
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
      `checkpoint: cannot read ${folder} (named by ${latest}): ${fsReadAdvice(error)}. Copy the whole checkpointDir, or delete it to start over`,
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

