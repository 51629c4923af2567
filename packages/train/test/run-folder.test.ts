// A run's folder: checked writable before any training (EROFS, EACCES, ENOSPC, /proc named as such),
// locked against a second run (a named error with the first run's pid), and its configuration recorded in
// every checkpoint (issue 30 items 1, 3, 6).
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { processStartTime } from '@aug/internal/node';
import { CheckpointError, FolderNotWritableError, RunLockedError, acquireRunLock, loadCheckpoint, train, type BatchSource } from '../src/index.js';
import { ArrayLoader, separableData, smallPlainNet } from './helpers.js';

// Fault injection: writing the write probe fails with `probeFault`'s code.
const faults = vi.hoisted(() => ({ probe: null as null | string }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const writeFile: typeof real.writeFile = async (...args: Parameters<typeof real.writeFile>) => {
    if (faults.probe !== null && String(args[0]).includes('.write-probe-')) {
      throw Object.assign(new Error(`${faults.probe}: failed, open '${String(args[0])}'`), { code: faults.probe });
    }
    return real.writeFile(...args);
  };
  return { ...real, writeFile, default: { ...real, writeFile } };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aug-run-folder-'));
  faults.probe = null;
});
afterEach(async () => {
  faults.probe = null;
  await rm(dir, { recursive: true, force: true });
});

const quiet = { log: () => {}, progress: false as const };
const loader = (): ArrayLoader => new ArrayLoader(separableData(8, 8, 3, 1), 4);

/** A loader that counts the batches it yielded (a run that fails up front yields none). */
function counting(inner: BatchSource): BatchSource & { yielded: number } {
  const out = {
    yielded: 0,
    get length() {
      return inner.length;
    },
    async *[Symbol.asyncIterator]() {
      for await (const b of inner) {
        out.yielded++;
        yield b;
      }
    },
  };
  return out;
}

async function trainInto(checkpointDir: string, extra: object = {}) {
  const model = smallPlainNet();
  const trainLoader = counting(loader());
  try {
    const history = await train(model, trainLoader, loader(), { epochs: 1, checkpointDir, ...quiet, ...extra });
    return { history, yielded: trainLoader.yielded };
  } catch (error) {
    return { error, yielded: trainLoader.yielded };
  } finally {
    model.dispose();
  }
}

describe('the checkpointDir is checked before the first step', () => {
  it.each(['EROFS', 'EACCES', 'ENOSPC'])('%s: a FolderNotWritableError naming the folder and the cause, no batch trained', async (code) => {
    faults.probe = code;
    const before = tf.memory().numTensors;
    const r = await trainInto(join(dir, 'ckpt'));
    expect(r.error).toBeInstanceOf(FolderNotWritableError);
    expect(r.error).toBeInstanceOf(CheckpointError);
    expect((r.error as Error).message).toMatch(new RegExp(`checkpointDir .*ckpt cannot be written: .*\\(${code}\\)`));
    expect(r.yielded).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.runIf(process.getuid?.() !== 0)('a folder without write permission: EACCES before the first step', async () => {
    const { chmod, mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'ro'));
    await chmod(join(dir, 'ro'), 0o555);
    const r = await trainInto(join(dir, 'ro', 'ckpt'));
    expect((r.error as Error).message).toMatch(/cannot be written: no permission to write there \(EACCES\)/);
    expect(r.yielded).toBe(0);
  });

  it.each(['/proc/aug-run', '/sys/aug-run/deeper'])('%s: refused at once (no recursive mkdir under a pseudo-file system)', async (path) => {
    const r = await trainInto(path);
    expect(r.error).toBeInstanceOf(FolderNotWritableError);
    expect((r.error as Error).message).toMatch(/is under \/(proc|sys), a kernel pseudo-file system/);
    expect(r.yielded).toBe(0);
  });
});

describe('a run holds a lock on its checkpointDir', () => {
  it('a second run into the folder of a live run is a RunLockedError naming its pid; the lock goes when the run ends', async () => {
    const ckpt = join(dir, 'ckpt');
    const held = await acquireRunLock(ckpt, 'checkpointDir');
    const r = await trainInto(ckpt);
    expect(r.error).toBeInstanceOf(RunLockedError);
    expect((r.error as RunLockedError).pid).toBe(process.pid);
    expect((r.error as Error).message).toMatch(new RegExp(`checkpointDir .*ckpt is in use by another run \\(pid ${process.pid}, `));
    expect(r.yielded).toBe(0);
    await held.release();
    const ok = await trainInto(ckpt);
    expect(ok.error).toBeUndefined();
    expect((await readdir(ckpt)).filter((f) => f.includes('lock'))).toEqual([]);
  });

  it('another live process holding the lock (pid and start time in the file) is named', async () => {
    const ckpt = join(dir, 'ckpt');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(ckpt);
    const pid = process.ppid;
    await writeFile(join(ckpt, '.run.lock'), JSON.stringify({ pid, startTime: processStartTime(pid), host: hostname(), createdAt: 'then' }));
    const r = await trainInto(ckpt);
    expect(r.error).toBeInstanceOf(RunLockedError);
    expect((r.error as Error).message).toContain(`(pid ${pid}, started then;`);
  });

  it.each([
    ['left by a process that no longer runs', () => JSON.stringify({ pid: deadPid(), startTime: null, host: hostname(), createdAt: 'then' })],
    ['empty', () => ''],
    ['garbled', () => 'pid NaN'],
  ])('a lock %s is stale: the run takes it over and trains', async (_what, content) => {
    const ckpt = join(dir, 'ckpt');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(ckpt);
    await writeFile(join(ckpt, '.run.lock'), content());
    const r = await trainInto(ckpt);
    expect(r.error).toBeUndefined();
    expect(r.yielded).toBe(2);
  });
});

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
}

describe('the run configuration goes into every checkpoint', () => {
  it('config is saved as state.config and read back by loadCheckpoint', async () => {
    const config = { batchSize: 4, augs: 'flip', dataDir: '/data', seed: 0 };
    const r = await trainInto(join(dir, 'ckpt'), { config });
    expect(r.error).toBeUndefined();
    const ckpt = await loadCheckpoint<{ config?: unknown }>(join(dir, 'ckpt'));
    expect(ckpt?.manifest.state.config).toEqual(config);
  });
});

describe('the model input is checked against the first batch before the first step', () => {
  it('1-channel images into a 3-channel model: a TypeError naming both shapes (not tfjs\' bare ValueError), nothing trained', async () => {
    const model = smallPlainNet(1, 8, 3);
    const before = model.weights.map((w) => Array.from(w.read().dataSync()));
    const gray = new ArrayLoader(separableData(8, 8, 1, 1), 4);
    const error = await train(model, gray, loader(), { epochs: 1, ...quiet }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(
      /^train: epoch 1, step 1: trainBatch: the batch is \[4, 8, 8, 1\] \(1 channel\) but the model takes \[batch, 8, 8, 3\] \(3 channels\) \(channels 1 vs 3\)/,
    );
    expect(model.weights.map((w) => Array.from(w.read().dataSync()))).toEqual(before);
    const small = new ArrayLoader(separableData(8, 6, 3, 1), 4);
    await expect(train(model, small, loader(), { epochs: 1, ...quiet })).rejects.toThrow(/height 6 vs 8, width 6 vs 8/);
    model.dispose();
  });
});
