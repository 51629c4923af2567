// Reliability: a worker DataLoader stopped early (break, an exception in the loop, a transform error in a
// worker) shuts its pool down cleanly: no uncaught "Unexpected message from Worker", no leaked thread
// (the child exits on its own), no leaked tensor; a transform error names the sample index and dataset.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ArrayDataset, DataLoader, MAX_WORKERS, SampleTransformError } from '../src/index.js';

const child = fileURLToPath(new URL('./helpers/loader-child.mjs', import.meta.url));
const cwd = fileURLToPath(new URL('..', import.meta.url));

interface Round {
  round?: number;
  seen?: number;
  leaked?: number;
  error?: {
    name: string;
    code: string | null;
    message: string;
    index: number | null;
    dataset: string | null;
    cause: { name: string; code: string | null; file: string | null; isDataError: boolean } | null;
  } | null;
  done?: boolean;
  uncaught?: number | string;
}

function runChild(args: string[], timeoutMs = 110_000): Promise<{ code: number | null; signal: string | null; rounds: Round[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`child ${args.join(' ')} did not exit within ${timeoutMs} ms (a hung or leaked worker thread?)\n${out}\n${err}`));
    }, timeoutMs);
    p.on('exit', (code, signal) => {
      clearTimeout(timer);
      const rounds = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Round);
      resolve({ code, signal, rounds, stderr: err });
    });
  });
}

function expectClean(result: Awaited<ReturnType<typeof runChild>>, rounds: number): Round[] {
  expect(result.stderr).not.toMatch(/Unexpected message from Worker/);
  expect(result.signal).toBeNull();
  expect(result.code).toBe(0);
  expect(result.rounds.filter((r) => r.uncaught !== undefined && r.done === undefined)).toEqual([]);
  expect(result.rounds.at(-1)).toEqual({ done: true, uncaught: 0 });
  const data = result.rounds.filter((r) => r.round !== undefined);
  expect(data).toHaveLength(rounds);
  for (const r of data) expect(r.leaked).toBe(0);
  return data;
}

describe('DataLoader workers stopped early (reliability)', { timeout: 120_000 }, () => {
  it('break out of the loop: 4 rounds, no uncaught error, the process exits on its own', async () => {
    const data = expectClean(await runChild(['break', '4', '2']), 4);
    expect(data.map((r) => r.seen)).toEqual([1, 2, 3, 1]);
    expect(data.every((r) => r.error === null)).toBe(true);
  });

  it('an exception in the consuming loop: the error reaches the caller, the pool closes', async () => {
    const data = expectClean(await runChild(['throw', '4', '2']), 4);
    for (const r of data) expect(r.error?.message).toBe('consumer failed');
  });

  it('a transform error in a worker names the sample index and the dataset', async () => {
    const data = expectClean(await runChild(['transform', '4', '2', '37']), 4);
    for (const r of data) {
      expect(r.error).toMatchObject({ name: 'SampleTransformError', code: 'TRANSFORM_FAILED', index: 37, dataset: 'ArrayDataset(240 samples)' });
      expect(r.error!.message).toMatch(/sample 37 of ArrayDataset\(240 samples\).*bad pixel in sample/);
    }
  });

  it("a corrupt file read in a worker (a WorkerDataset) reaches the caller as the worker's ImageDecodeError, with its file", async () => {
    const data = expectClean(await runChild(['files', '3', '2', '13']), 3);
    for (const r of data) {
      expect(r.error).toMatchObject({ name: 'SampleTransformError', code: 'TRANSFORM_FAILED', index: 13, dataset: 'FileDataset(24 samples)' });
      expect(r.error!.message).toMatch(/sample 13 of FileDataset\(24 samples\) \(epoch 0\).*ImageDecodeError \[IMAGE_DECODE_FAILED\]: .*img-13\.png/);
      // The cause is rebuilt on the calling thread as the same class, with its code and file.
      expect(r.error!.cause).toMatchObject({ name: 'ImageDecodeError', code: 'IMAGE_DECODE_FAILED', isDataError: true });
      expect(r.error!.cause!.file).toMatch(/img-13\.png$/);
    }
  });

  it('the same corrupt file on the calling thread (numWorkers 0) is reported the same way', async () => {
    const data = expectClean(await runChild(['files', '1', '0', '13']), 1);
    expect(data[0]!.error).toMatchObject({ name: 'SampleTransformError', index: 13, cause: { name: 'ImageDecodeError', code: 'IMAGE_DECODE_FAILED', isDataError: true } });
  });

  it('a transform error on the calling thread (numWorkers 0) is reported the same way', async () => {
    const data = expectClean(await runChild(['transform-inline', '2', '0', '5']), 2);
    for (const r of data) expect(r.error).toMatchObject({ name: 'SampleTransformError', index: 5 });
  });
});

describe('DataLoader numWorkers bound', () => {
  const ds = new ArrayDataset([{ data: new Uint8Array(3), height: 1, width: 1, channels: 3 }], [0]);
  it(`rejects numWorkers above MAX_WORKERS (${MAX_WORKERS}) with a RangeError before any thread starts`, () => {
    expect(() => new DataLoader(ds, { numWorkers: 1e9 })).toThrow(RangeError);
    expect(() => new DataLoader(ds, { numWorkers: MAX_WORKERS + 1 })).toThrow(/numWorkers must be an integer in \[0, 64\], got 65/);
    expect(() => new DataLoader(ds, { numWorkers: MAX_WORKERS })).not.toThrow();
  });
  it('SampleTransformError is exported with its fields', () => {
    const e = new SampleTransformError('X(1 samples)', 0, 2, 'boom');
    expect(e).toMatchObject({ code: 'TRANSFORM_FAILED', index: 0, epoch: 2, dataset: 'X(1 samples)', reason: 'boom' });
  });
});
