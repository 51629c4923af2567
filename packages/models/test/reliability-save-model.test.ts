// Reliability of saveModel/loadModel: a save is atomic as a whole (a failure at any step leaves the
// previous model loadable), weights are checksummed (a bit flip is reported as corruption), and
// failures are named errors that say what to do.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { mkdtemp, readdir, readFile, rename as realRename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { initWeights } from '../src/init-weights.js';
import { loadModel } from '../src/load-model.js';
import { ModelCorruptError, ModelSaveError, ModelsError } from '../src/model-file-errors.js';
import { resnet18 } from '../src/resnet18.js';
import { MODEL_JSON, saveModel, WEIGHTS_SHA256_FIELD } from '../src/save-model.js';

// Fault injection in node:fs/promises: fail the rename onto a given file name, or fail writes with ENOSPC.
const faults = vi.hoisted(() => ({ renameOnto: null as string | null, writeCode: null as string | null }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const rename: typeof real.rename = async (from, to) => {
    if (faults.renameOnto !== null && String(to).endsWith(faults.renameOnto)) {
      throw Object.assign(new Error(`EIO: i/o error, rename '${String(from)}' -> '${String(to)}'`), { code: 'EIO' });
    }
    return real.rename(from, to);
  };
  const open: typeof real.open = async (...args: Parameters<typeof real.open>) => {
    const handle = await real.open(...args);
    const code = faults.writeCode;
    if (code !== null) {
      handle.writeFile = (async () => {
        throw Object.assign(new Error(`${code}: no space left on device, write`), { code });
      }) as typeof handle.writeFile;
    }
    return handle;
  };
  return { ...real, rename, open, default: { ...real, rename, open } };
});

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'aug-models-rel-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
beforeEach(() => {
  faults.renameOnto = null;
  faults.writeCode = null;
});

function net(seed: number): LayersModel {
  const m = resnet18({ width: 2, inputSize: 8, numClasses: 3 });
  initWeights(m, { seed });
  return m;
}

async function prediction(model: LayersModel): Promise<number[]> {
  const x = tf.ones([1, 8, 8, 3]);
  const y = model.predict(x) as tf.Tensor;
  const out = Array.from(await y.data());
  tf.dispose([x, y]);
  return out;
}

async function loadsAs(dir: string, expected: number[]): Promise<void> {
  const loaded = await loadModel(dir);
  expect(await prediction(loaded)).toEqual(expected);
  loaded.dispose();
}

describe('saveModel is atomic as a whole', () => {
  it('when switching model.json fails, the previous model still loads and no new file is left behind', async () => {
    const dir = join(root, 'torn');
    const [a, b] = [net(1), net(2)];
    await saveModel(a, dir);
    const before = (await readdir(dir)).sort();
    faults.renameOnto = MODEL_JSON;
    const error = await saveModel(b, dir).catch((e: unknown) => e);
    faults.renameOnto = null;
    expect(error).toBeInstanceOf(ModelSaveError);
    expect(ModelsError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'MODEL_SAVE_FAILED', dir });
    expect((error as Error).message).toMatch(/could not save into .*torn: EIO.*The model saved there before, if any, is intact/);
    expect((await readdir(dir)).sort()).toEqual(before);
    await loadsAs(dir, await prediction(a));
    // and a later save succeeds and removes the old weights file
    await saveModel(b, dir);
    expect((await readdir(dir)).filter((f) => f.startsWith('weights'))).toHaveLength(1);
    await loadsAs(dir, await prediction(b));
    a.dispose();
    b.dispose();
  });

  it('a full disk (ENOSPC) is a ModelSaveError saying so; the previous model is untouched', async () => {
    const dir = join(root, 'full');
    const [a, b] = [net(3), net(4)];
    await saveModel(a, dir);
    const before = (await readdir(dir)).sort();
    faults.writeCode = 'ENOSPC';
    await expect(saveModel(b, dir)).rejects.toThrow(/the disk is full \(ENOSPC\): free some space or use a folder on another disk/);
    faults.writeCode = null;
    expect((await readdir(dir)).sort()).toEqual(before);
    await loadsAs(dir, await prediction(a));
    a.dispose();
    b.dispose();
  });

  it('saveModel onto a file is a named error and writes nothing', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'keep me');
    const m = net(5);
    const error = await saveModel(m, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelSaveError);
    expect((error as Error).message).toMatch(/a-file is a file, not a folder; pass a folder path/);
    expect(await readFile(file, 'utf8')).toBe('keep me');
    m.dispose();
  });

  it('cleans temp files left by a killed save', async () => {
    const dir = join(root, 'tmp-left');
    const m = net(6);
    await saveModel(m, dir);
    await writeFile(join(dir, '.weights-0123456789abcdef.bin.99.1.tmp'), 'partial');
    await saveModel(m, dir);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    m.dispose();
  });
});

describe('loadModel checks the checksum', () => {
  it('records the SHA-256 of the weights in model.json and reports a bit flip as ModelCorruptError naming the file', async () => {
    const dir = join(root, 'flip');
    const m = net(7);
    await saveModel(m, dir);
    const json = JSON.parse(await readFile(join(dir, MODEL_JSON), 'utf8')) as Record<string, unknown> & { weightsManifest: { paths: string[] }[] };
    const weights = json.weightsManifest[0]!.paths[0]!;
    expect((json[WEIGHTS_SHA256_FIELD] as Record<string, string>)[weights]).toMatch(/^[0-9a-f]{64}$/);
    const bytes = await readFile(join(dir, weights));
    bytes[100]! ^= 1;
    await writeFile(join(dir, weights), bytes);
    const error = await loadModel(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCorruptError);
    expect(error).toMatchObject({ code: 'MODEL_CORRUPT', file: join(dir, weights) });
    expect((error as Error).message).toMatch(/is corrupt: its SHA-256 is .* but .*model\.json recorded/);
    m.dispose();
  });

  it('still loads a folder written by the older layout or tfjs-node (weights.bin, no checksum)', async () => {
    const dir = join(root, 'legacy');
    const m = net(8);
    await saveModel(m, dir);
    const json = JSON.parse(await readFile(join(dir, MODEL_JSON), 'utf8')) as Record<string, unknown> & { weightsManifest: { paths: string[] }[] };
    await realRename(join(dir, json.weightsManifest[0]!.paths[0]!), join(dir, 'weights.bin'));
    json.weightsManifest[0]!.paths = ['weights.bin'];
    delete json[WEIGHTS_SHA256_FIELD];
    await writeFile(join(dir, MODEL_JSON), JSON.stringify(json));
    await loadsAs(dir, await prediction(m));
    m.dispose();
  });
});
