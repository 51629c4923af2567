// Reliability of train()'s interruption and checkpoint handling: an abort is seen after the current step,
// checkpoints are atomic as a whole and checksummed, a lost pointer or a corrupt/edited file is an error
// that says what to do (never a silent restart), a full disk leaves the previous checkpoint in place.
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CheckpointCorruptError,
  CheckpointError,
  loadCheckpoint,
  train,
  type BatchSource,
  type TrainOptions,
} from '../src/index.js';
import { LATEST_FILE } from '../src/checkpoint.js';
import { ArrayLoader, separableData, smallBnNet } from './helpers.js';

// Fault injection: while `failWrites` is set, writing a file through fs/promises' FileHandle fails with it.
const faults = vi.hoisted(() => ({ failWrites: null as null | { code: string; after: number } }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof real.open = async (...args: Parameters<typeof real.open>) => {
    const handle = await real.open(...args);
    const fault = faults.failWrites;
    if (fault !== null) {
      if (fault.after > 0) fault.after--;
      else {
        const writeFile = handle.writeFile.bind(handle);
        handle.writeFile = (async (data: Parameters<typeof writeFile>[0]) => {
          await writeFile(typeof data === 'string' ? data.slice(0, 7) : (data as Uint8Array).subarray(0, 7));
          throw Object.assign(new Error(`${fault.code}: no space left on device, write`), { code: fault.code, errno: -28, syscall: 'write' });
        }) as typeof handle.writeFile;
      }
    }
    return handle;
  };
  return { ...real, open, default: { ...real, open } };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aug-train-rel-'));
  faults.failWrites = null;
});
afterEach(async () => {
  faults.failWrites = null;
  await rm(dir, { recursive: true, force: true });
});

const quiet = { log: () => {}, progress: false as const };
const testLoader = () => new ArrayLoader(separableData(8, 8, 3, 2), 4);

async function runTo(epochs: number, extra: Partial<TrainOptions> = {}) {
  const model = smallBnNet(5);
  const trainLoader = new ArrayLoader(separableData(20, 8, 3, 1), 4, { shuffle: true, seed: 3 }); // 5 batches
  try {
    return await train(model, trainLoader, testLoader(), { epochs, checkpointDir: dir, ...quiet, ...extra });
  } finally {
    model.dispose();
  }
}

describe('abort timing', () => {
  it('an abort raised from the event loop during step 4 of 12 stops right after that step (no metricsLog)', async () => {
    const controller = new AbortController();
    const data = separableData(48, 8, 3, 1);
    const inner = new ArrayLoader(data, 4); // 12 batches
    let yielded = 0;
    const loader: BatchSource = {
      get length() {
        return inner.length;
      },
      setEpoch: (e) => inner.setEpoch(e),
      async *[Symbol.asyncIterator]() {
        for await (const batch of inner) {
          // As a SIGINT handler would: runs only when the training loop lets the event loop turn.
          if (++yielded === 4) setImmediate(() => controller.abort());
          yield batch;
        }
      },
    };
    const model = smallBnNet(5);
    const history = await train(model, loader, testLoader(), { epochs: 1, signal: controller.signal, checkpointDir: dir, ...quiet });
    model.dispose();
    expect(history.aborted).toBe(true);
    expect(history.stoppedAt).toEqual({ epoch: 0, step: 4 });
    const ckpt = await loadCheckpoint<{ step: number }>(dir);
    expect(ckpt?.manifest.state.step).toBe(4);
  });
});

describe('abort at an epoch boundary', () => {
  /** A loader over `inner` that raises an abort (as a SIGINT handler would, from the event loop) when it yields batch `at` (1-based). */
  const abortingAt = (inner: BatchSource, at: number, controller: AbortController): BatchSource => ({
    get length() {
      return inner.length;
    },
    setEpoch: (e) => inner.setEpoch?.(e),
    async *[Symbol.asyncIterator]() {
      let k = 0;
      for await (const batch of inner) {
        if (++k === at && !controller.signal.aborted) setImmediate(() => controller.abort());
        yield batch;
      }
    },
  });

  it('after the last step of an epoch: stops before evaluating; resume evaluates and matches an uninterrupted run', async () => {
    const full = await runTo(2);
    const fullWeights = full.epochs.map((e) => e.trainLoss);
    await rm(dir, { recursive: true, force: true });
    const controller = new AbortController();
    const model = smallBnNet(5);
    const trainLoader = new ArrayLoader(separableData(20, 8, 3, 1), 4, { shuffle: true, seed: 3 });
    const history = await train(model, abortingAt(trainLoader, 5, controller), testLoader(), {
      epochs: 2,
      signal: controller.signal,
      checkpointDir: dir,
      ...quiet,
    });
    model.dispose();
    expect(history.aborted).toBe(true);
    expect(history.stoppedAt).toEqual({ epoch: 0, step: 5 });
    const resumed = await runTo(2, { resume: true });
    expect(resumed.aborted).toBe(false);
    expect(resumed.epochs.map((e) => e.trainLoss)).toEqual(fullWeights.map((v) => expect.closeTo(v, 5)));
  });

  it('during the evaluation: stops without finishing it; resume redoes only the evaluation', async () => {
    const controller = new AbortController();
    const model = smallBnNet(5);
    const trainLoader = new ArrayLoader(separableData(20, 8, 3, 1), 4, { shuffle: true, seed: 3 });
    const tests = new ArrayLoader(separableData(16, 8, 3, 2), 4); // 4 batches
    const history = await train(model, trainLoader, abortingAt(tests, 1, controller), {
      epochs: 2,
      signal: controller.signal,
      checkpointDir: dir,
      ...quiet,
    });
    model.dispose();
    expect(history.aborted).toBe(true);
    expect(history.stoppedAt).toEqual({ epoch: 0, step: 5 });
    expect(history.epochs).toEqual([]);
    const resumed = await runTo(2, { resume: true });
    expect(resumed.epochs).toHaveLength(2);
  });
});

describe('checkpoint integrity', () => {
  it('stores SHA-256 checksums and reports a bit flip in model.bin or optimizer.bin as corruption, restoring nothing', async () => {
    await runTo(1);
    const latest = JSON.parse(await readFile(join(dir, LATEST_FILE), 'utf8')) as { checkpoint: string; stateSha256: string };
    expect(latest.stateSha256).toMatch(/^[0-9a-f]{64}$/);
    const folder = join(dir, latest.checkpoint);
    for (const file of ['model.bin', 'optimizer.bin']) {
      const good = await readFile(join(folder, file));
      const bad = Buffer.from(good);
      bad[bad.length >> 1]! ^= 0x10;
      await writeFile(join(folder, file), bad);
      const error = await loadCheckpoint(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CheckpointCorruptError);
      expect(error).toMatchObject({ code: 'CHECKPOINT_CORRUPT', file: join(folder, file) });
      expect((error as Error).message).toMatch(/is corrupt.*delete it to start over/);
      await expect(runTo(2, { resume: true })).rejects.toThrow(CheckpointCorruptError);
      await writeFile(join(folder, file), good);
    }
    expect((await loadCheckpoint(dir))?.path).toBe(folder);
  });

  it('a hand-edited state.json is named as edited or corrupt; without the pointer checksum, the bad field is named', async () => {
    await runTo(1);
    const latestPath = join(dir, LATEST_FILE);
    const latest = JSON.parse(await readFile(latestPath, 'utf8')) as { checkpoint: string };
    const statePath = join(dir, latest.checkpoint, 'state.json');
    const manifest = JSON.parse(await readFile(statePath, 'utf8')) as { state: Record<string, unknown> };
    manifest.state.step = 'three';
    await writeFile(statePath, JSON.stringify(manifest));
    await expect(loadCheckpoint(dir)).rejects.toThrow(/state\.json does not match the SHA-256 recorded in .*latest\.json: it was corrupted or edited by hand/);
    // An older pointer without the checksum: the field check still catches the edit.
    await writeFile(latestPath, JSON.stringify({ checkpoint: latest.checkpoint }));
    const error = await runTo(2, { resume: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toMatch(/state\.step is "three", expected an integer >= 0.*edited by hand/);
    await writeFile(statePath, '{"format": "aug-train-checkpoint", "version": 2, "model": 5}');
    await expect(loadCheckpoint(dir)).rejects.toThrow(/"model" is not a list of tensors/);
  });

  it('a missing latest.json while checkpoint folders exist is an error naming them; nothing is deleted or restarted', async () => {
    await runTo(1);
    const [folder] = (await readdir(dir)).filter((e) => e.startsWith('ckpt-'));
    await rm(join(dir, LATEST_FILE));
    await expect(loadCheckpoint(dir)).rejects.toThrow(new RegExp(`latest\\.json is missing, but .* holds checkpoint folder\\(s\\) ${folder}.*echo`));
    await expect(runTo(2, { resume: true })).rejects.toThrow(CheckpointError);
    expect(await readdir(dir)).toEqual([folder]);
    await writeFile(join(dir, LATEST_FILE), JSON.stringify({ checkpoint: folder }));
    const history = await runTo(2, { resume: true });
    expect(history.epochs).toHaveLength(2);
  });

  it('a full disk (ENOSPC) while writing a checkpoint: named error, no .tmp left, the previous checkpoint still loads', async () => {
    await runTo(1);
    const before = JSON.parse(await readFile(join(dir, LATEST_FILE), 'utf8')) as { checkpoint: string };
    faults.failWrites = { code: 'ENOSPC', after: 1 }; // model.bin writes, optimizer.bin fails
    const error = await runTo(2, { resume: true }).catch((e: unknown) => e);
    faults.failWrites = null;
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toMatch(/could not write a checkpoint into .*: the disk is full \(ENOSPC\): free some space.*previous checkpoint .* is intact/);
    expect((await readdir(dir)).sort()).toEqual([before.checkpoint, LATEST_FILE].sort());
    expect((await loadCheckpoint(dir))?.path).toBe(join(dir, before.checkpoint));
    // the pointer write failing instead
    faults.failWrites = { code: 'ENOSPC', after: 3 };
    await expect(runTo(2, { resume: true })).rejects.toThrow(/ENOSPC/);
    faults.failWrites = null;
    expect((await readdir(dir)).sort()).toEqual([before.checkpoint, LATEST_FILE].sort());
  });

  it('leftover .tmp folders from a killed save are cleaned by the next save', async () => {
    await runTo(1);
    await mkdir(join(dir, 'ckpt-zzz-1.tmp'));
    await writeFile(join(dir, 'latest.json.zzz-1.tmp'), '{');
    await runTo(2, { resume: true });
    expect((await readdir(dir)).filter((e) => e.endsWith('.tmp'))).toEqual([]);
  });
});

describe('bad paths and options', () => {
  it('checkpointDir pointing at a file, metricsLog pointing at a folder: named errors, nothing left behind', async () => {
    const file = join(dir, 'not-a-folder');
    await writeFile(file, 'x');
    const model = smallBnNet(5);
    const loader = new ArrayLoader(separableData(8, 8, 3, 1), 4);
    await expect(train(model, loader, testLoader(), { epochs: 1, checkpointDir: file, ...quiet })).rejects.toThrow(
      /checkpointDir .*not-a-folder is a file, not a folder/,
    );
    const folder = join(dir, 'metrics');
    await mkdir(folder);
    const error = await train(model, loader, testLoader(), { epochs: 1, metricsLog: folder, ...quiet }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/metricsLog: .*metrics is a folder; pass a file path such as .*metrics\/metrics\.jsonl/);
    expect(await readdir(dir)).toEqual(['metrics', 'not-a-folder']);
    model.dispose();
  });

  it('resume with epochs below the checkpoint epoch is an error saying what to pass; equal logs that nothing is left', async () => {
    await runTo(2);
    const error = await runTo(1, { resume: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/has already finished 2 epochs, more than epochs: 1\. Pass epochs >= 2/);
    const lines: string[] = [];
    const history = await runTo(2, { resume: true, log: (l) => lines.push(l) });
    expect(lines[0]).toMatch(/already finished all 2 epochs: nothing to train/);
    expect(history.epochs).toHaveLength(2);
  });

  it('an older v1 checkpoint (no checksums) still loads', async () => {
    await runTo(1);
    const latest = JSON.parse(await readFile(join(dir, LATEST_FILE), 'utf8')) as { checkpoint: string };
    const statePath = join(dir, latest.checkpoint, 'state.json');
    const manifest = JSON.parse(await readFile(statePath, 'utf8')) as Record<string, unknown>;
    manifest.version = 1;
    delete manifest.files;
    await writeFile(statePath, JSON.stringify(manifest));
    await writeFile(join(dir, LATEST_FILE), JSON.stringify({ checkpoint: latest.checkpoint }));
    expect((await loadCheckpoint(dir))?.manifest.version).toBe(1);
    void rename;
    void tf;
  });
});
