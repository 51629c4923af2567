// A resumed run's curves are the whole run's: the points before the checkpoint are put back into the
// Animator, and with a bit-exact resume curves.svg equals an uninterrupted run's byte for byte.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useBackend } from '@aug/train/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/cli.js';
import { locateData } from '../src/data.js';
import { runExperiment, type RunHooks } from '../src/run.js';
import { writeTinyCifar } from './fixtures.js';

let dataRoot: string;
let tmp: string;
beforeAll(async () => {
  await useBackend('cpu', { log: () => {} });
  dataRoot = writeTinyCifar(8, 8);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aug-curves-'));
});
afterAll(() => {
  fs.rmSync(dataRoot, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('resumed curves', { timeout: 120_000 }, () => {
  it('an interrupted-and-resumed run writes the same curves.svg and summary epochs as an uninterrupted one', async () => {
    const { config } = resolveConfig({ epochs: 2, batchSize: 8, subset: 40, workers: 0, width: 2, augs: 'flip', preset: 'quick' }, false);
    config.testSubset = 16;
    const source = await locateData(dataRoot, () => {});
    const hooks = (extra: Partial<RunHooks> = {}): RunHooks => ({ log: () => {}, live: null, progress: false, backendLabel: 'cpu', microBatchSize: 'auto', ...extra });
    const whole = path.join(tmp, 'whole');
    await runExperiment(config, source, whole, hooks());

    const cut = path.join(tmp, 'cut');
    const controller = new AbortController();
    // The progress stream sees each step: stop after step 3 of epoch 1 (as the signal handler would).
    const progress = {
      isTTY: false,
      write(chunk: string | Uint8Array): boolean {
        if (/epoch 1\/2 step 3\//.test(String(chunk)) && !controller.signal.aborted) setImmediate(() => controller.abort());
        return true;
      },
    } as unknown as NodeJS.WritableStream;
    const first = await runExperiment(config, source, cut, hooks({ signal: controller.signal, progress }));
    expect(first.history.aborted).toBe(true);
    const resumed = await runExperiment({ ...config, resume: true }, source, cut, hooks());
    expect(resumed.history.aborted).toBe(false);
    expect(fs.readFileSync(path.join(cut, 'curves.svg'), 'utf8')).toBe(fs.readFileSync(path.join(whole, 'curves.svg'), 'utf8'));
    const epochs = (dir: string): unknown => (JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')) as { epochs: unknown }).epochs;
    expect(epochs(cut)).toEqual(epochs(whole));
  });
});
