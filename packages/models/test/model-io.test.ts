import * as tf from '@tensorflow/tfjs-core';
import { mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWeights } from '../src/init-weights.js';
import { loadModel } from '../src/load-model.js';
import { ModelCorruptError, ModelNotFoundError, ModelsError } from '../src/model-file-errors.js';
import { modelSignature } from '../src/model-signature.js';
import { resnet18 } from '../src/resnet18.js';
import { saveModel } from '../src/save-model.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'aug-models-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function weightsFile(dir: string): Promise<string> {
  return join(dir, (await readdir(dir)).find((f) => f.startsWith('weights'))!);
}

async function savedCopy(name: string): Promise<string> {
  const dir = join(root, name);
  const net = resnet18({ width: 2, inputSize: 8, numClasses: 3 });
  await saveModel(net, dir);
  net.dispose();
  return dir;
}

describe('saveModel / loadModel', () => {
  it('round-trips topology, weights and BatchNorm statistics: identical predictions', async () => {
    const net = resnet18({ width: 4, inputSize: 8, numClasses: 5 });
    initWeights(net, { seed: 11 });
    // move the BatchNorm moving stats away from 0/1 so they are part of the check
    tf.tidy(() => {
      const x = tf.randomNormal([4, 8, 8, 3], 0, 1, 'float32', 2);
      net.apply(x, { training: true });
    });
    const dir = join(root, 'nested', 'ckpt');
    const before = tf.memory().numTensors;
    const result = await saveModel(net, dir);
    expect(result.modelArtifactsInfo.weightDataBytes).toBe(net.countParams() * 4);
    expect((await readdir(dir)).sort()).toEqual(['model.json', expect.stringMatching(/^weights-[0-9a-f]{16}\.bin$/)]); // no temp files left
    const loaded = await loadModel(dir);
    expect(modelSignature(loaded)).toBe(modelSignature(net));
    const x = tf.randomNormal([3, 8, 8, 3], 0, 1, 'float32', 5);
    const [a, b] = [net.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // saving again replaces the files atomically
    await saveModel(net, dir);
    expect((await readdir(dir)).sort()).toEqual(['model.json', expect.stringMatching(/^weights-[0-9a-f]{16}\.bin$/)]);
    net.dispose();
  });

  it('names the directory or file when it is missing or corrupt', async () => {
    await expect(loadModel(join(root, 'nope'))).rejects.toThrow(/model directory .*nope does not exist/);
    await expect(loadModel(join(root, 'nope'))).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND', path: join(root, 'nope') });
    const dir = await savedCopy('a');
    await expect(loadModel(join(dir, 'model.json'))).rejects.toThrow(ModelNotFoundError);
    await expect(loadModel(join(dir, 'model.json'))).rejects.toThrow(/is not a directory/);

    await rm(join(dir, 'model.json'));
    await expect(loadModel(dir)).rejects.toThrow(/a[/\\]model\.json is missing/);
    await expect(loadModel(dir)).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND', path: join(dir, 'model.json') });

    const b = await savedCopy('b');
    await writeFile(join(b, 'model.json'), '{"modelTopology": ');
    await expect(loadModel(b)).rejects.toThrow(/b[/\\]model\.json is corrupt: not valid JSON/);

    const c = await savedCopy('c');
    const cw = await weightsFile(c);
    await truncate(cw, 100);
    await expect(loadModel(c)).rejects.toThrow(/c[/\\]weights-[0-9a-f]{16}\.bin is corrupt: its SHA-256 is/);

    const d = await savedCopy('d');
    const dw = await weightsFile(d);
    await rm(dw);
    await expect(loadModel(d)).rejects.toThrow(/cannot read weights file .*d[/\\]weights-[0-9a-f]{16}\.bin .*ENOENT/);
    await expect(loadModel(d)).rejects.toThrow(ModelCorruptError);
    // A read that fails for another reason says what it means (here a folder where the weights file should be).
    await mkdir(dw);
    await expect(loadModel(d)).rejects.toThrow(/cannot read weights file .*: a folder stands where a file is needed \(EISDIR\); copy the whole model directory/);
    const g = await savedCopy('g');
    await rm(join(g, 'model.json'));
    await mkdir(join(g, 'model.json'));
    const unreadable = await loadModel(g).catch((err: unknown) => err);
    expect(unreadable).toBeInstanceOf(ModelNotFoundError);
    expect((unreadable as Error).message).toMatch(/model\.json cannot be read: a folder stands where a file is needed \(EISDIR\); pass a directory/);
    expect((unreadable as Error).cause).toMatchObject({ code: 'EISDIR' });

    const e = await savedCopy('e');
    const json = JSON.parse(await readFile(join(e, 'model.json'), 'utf8'));
    json.weightsManifest[0].paths = ['../../etc/passwd'];
    await writeFile(join(e, 'model.json'), JSON.stringify(json));
    await expect(loadModel(e)).rejects.toThrow(/points outside the model directory/);

    const f = await savedCopy('f');
    const j2 = JSON.parse(await readFile(join(f, 'model.json'), 'utf8'));
    j2.modelTopology.config.layers[1].class_name = 'NoSuchLayer';
    await writeFile(join(f, 'model.json'), JSON.stringify(j2));
    await expect(loadModel(f)).rejects.toThrow(/f[/\\]model\.json could not be turned into a model/);
    const built = await loadModel(f).catch((err: unknown) => err);
    expect(ModelsError.isInstance(built)).toBe(true);
    expect(built).toMatchObject({ code: 'MODEL_CORRUPT', file: join(f, 'model.json') });
    expect((built as Error).cause).toBeInstanceOf(Error);

    await expect(loadModel('')).rejects.toThrow(TypeError);
    await expect(loadModel('')).rejects.toThrow(/dir must be a non-empty path string/);
    await expect(saveModel({} as never, dir)).rejects.toThrow(/model must be a tf.LayersModel/);
  });
});
