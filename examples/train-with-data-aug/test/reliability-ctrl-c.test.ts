// Reliability: Ctrl-C from `pnpm start` in a real terminal. The terminal sends SIGINT to the whole
// foreground process group; here a real `node scripts/start.mjs ...` child is started in its own process
// group (detached) and the group gets SIGINT mid-training. The run must finish the step, write a
// checkpoint and print the resume command (exit 130, as an interrupted command); a second SIGINT quits at once (exit 130).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyCifar } from './fixtures.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const start = path.join(repo, 'scripts', 'start.mjs');
let dataRoot: string;
let tmp: string;

beforeAll(() => {
  dataRoot = writeTinyCifar(16, 16); // 80 training images: 10 batches of 8
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aug-ctrl-c-'));
});
afterAll(() => {
  fs.rmSync(dataRoot, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  msAfterLastSigint: number;
}

/** Runs `pnpm start`'s script in its own process group; sends SIGINT to the group `sigints` times once a step line appears. */
function runAndInterrupt(args: string[], sigints: number, timeoutMs = 150_000): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [start, ...args], {
      cwd: repo,
      detached: true, // its own process group, as a terminal's foreground job
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AUG_START_NO_BUILD: '1', AUG_BACKEND: '' },
    });
    let out = '';
    let sentAt = 0;
    let sent = 0;
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (sent === 0 && sigints > 0 && /epoch 1\/\d+ step [1-9]\d*\/\d+/.test(out)) {
        sent = 1;
        sentAt = Date.now();
        process.kill(-child.pid!, 'SIGINT');
      } else if (sent === 0 && sigints === 0 && sentAt === 0 && /epoch \d+\/\d+ step/.test(out)) {
        sentAt = Date.now();
      }
      // The second Ctrl-C once the first was handled (two signals sent while a process is not
      // scheduled would merge into one, as the kernel does not queue standard signals).
      if (sent === 1 && sigints > 1 && /Stopping after this step/.test(out)) {
        sent = 2;
        sentAt = Date.now();
        process.kill(-child.pid!, 'SIGINT');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`start.mjs did not exit within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, msAfterLastSigint: sentAt === 0 ? -1 : Date.now() - sentAt });
    });
  });
}

const cases: { backend: string; workers: number }[] = [
  { backend: 'cpu', workers: 0 },
  { backend: 'cpu', workers: 2 },
  { backend: 'wasm', workers: 0 },
  { backend: 'wasm', workers: 2 },
];

describe('Ctrl-C on pnpm start (process-group SIGINT to a real child)', { timeout: 180_000 }, () => {
  for (const { backend, workers } of cases) {
    it(`${backend}, ${workers} workers: finishes the step, writes a checkpoint, prints the resume command`, async () => {
      const out = path.join(tmp, `${backend}-${workers}`);
      const args = ['--data-dir', dataRoot, '--out', out, '--backend', backend, '--workers', String(workers)];
      const r = await runAndInterrupt([...args, '--width', '8', '--subset', '80', '--batch-size', '8', '--epochs', '3'], 1);
      expect(r.msAfterLastSigint, r.out).toBeGreaterThan(0);
      // An interrupted run exits 130 (128 + SIGINT), as a shell reports a Ctrl-C'd command.
      expect({ code: r.code, signal: r.signal }, r.out).toEqual({ code: 130, signal: null });
      expect(r.out).toMatch(/Stopping after this step and writing a checkpoint/);
      const stopped = /stopped at epoch 1, step (\d+) of 10; checkpoint written to (\S+) \(/.exec(r.out);
      expect(stopped, r.out).not.toBeNull();
      expect(Number(stopped![1])).toBeGreaterThanOrEqual(1);
      expect(Number(stopped![1])).toBeLessThan(10); // stopped mid-epoch, not at its end
      expect(r.out).toContain(`stopped early; continue with: pnpm start -- --resume --out ${out}`);
      const latest = JSON.parse(fs.readFileSync(path.join(out, 'checkpoint', 'latest.json'), 'utf8')) as { checkpoint: string };
      expect(path.join(out, 'checkpoint', latest.checkpoint)).toBe(stopped![2]);
      const state = JSON.parse(fs.readFileSync(path.join(stopped![2]!, 'state.json'), 'utf8')) as { state: { epoch: number; step: number } };
      expect(state.state).toMatchObject({ epoch: 0, step: Number(stopped![1]) });
      expect(r.out).not.toMatch(/Unexpected message from Worker|SIGKILL/);
    });
  }

  it('the printed resume command continues the interrupted run to the end', async () => {
    const out = path.join(tmp, 'cpu-0'); // interrupted by the first test
    const stopped = JSON.parse(fs.readFileSync(path.join(out, 'checkpoint', 'latest.json'), 'utf8')) as { checkpoint: string };
    const step = (JSON.parse(fs.readFileSync(path.join(out, 'checkpoint', stopped.checkpoint, 'state.json'), 'utf8')) as { state: { step: number } }).state.step;
    const args = ['--data-dir', dataRoot, '--backend', 'cpu', '--workers', '0', '--width', '8', '--subset', '80', '--batch-size', '8', '--epochs', '2'];
    const r = await runAndInterrupt([...args, '--resume', '--out', out], 0);
    expect({ code: r.code, signal: r.signal }, r.out).toEqual({ code: 0, signal: null });
    expect(r.out).toContain(`at epoch 1, step ${step}`);
    expect(r.out).toMatch(/loss \d\.\d{3}, train acc \d\.\d{3}, test acc \d\.\d{3}/);
  });

  it('a second Ctrl-C quits at once (exit 130)', async () => {
    const out = path.join(tmp, 'twice');
    const args = ['--data-dir', dataRoot, '--out', out, '--backend', 'cpu', '--workers', '0', '--width', '8', '--subset', '80', '--batch-size', '8', '--epochs', '3'];
    const r = await runAndInterrupt(args, 2);
    expect({ code: r.code, signal: r.signal }, r.out).toEqual({ code: 130, signal: null });
    expect(r.msAfterLastSigint).toBeLessThan(5_000); // (measured from the second SIGINT)
  });
});
