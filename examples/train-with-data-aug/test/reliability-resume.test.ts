// Reliability of a run as one thing, through `pnpm start`'s own script (scripts/start.mjs): the printed
// resume command works exactly as printed and restores the run's configuration; a flag that disagrees with
// it is an error naming both values; --resume into a folder without a checkpoint is an error naming the
// folder and what it holds; a second run into the same --out is an error naming the first run's pid;
// SIGTERM behaves like the first Ctrl-C (exit 143) and two Ctrl-Cs end the training process (exit 130),
// never leaving it running after start.mjs has returned (issue 30 items 1, 3, 5).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyCifar } from './fixtures.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const start = path.join(repo, 'scripts', 'start.mjs');
const env = { ...process.env, AUG_START_NO_BUILD: '1', AUG_BACKEND: '' };
let dataRoot: string;
let tmp: string;

beforeAll(() => {
  dataRoot = writeTinyCifar(16, 16); // 80 training images: 10 batches of 8
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aug-resume-'));
});
afterAll(() => {
  fs.rmSync(dataRoot, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A tiny run's flags (3 epochs of 10 steps at width 8 on the cpu backend). */
const tiny = (out: string): string[] =>
  ['--data-dir', dataRoot, '--out', out, '--backend', 'cpu', '--workers', '0', '--width', '8', '--subset', '80', '--batch-size', '8', '--epochs', '3', '--lr', '0.002', '--augs', 'none'];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  /** The training process's pid (read from the run's lock file while it ran), or null. */
  trainingPid: number | null;
}

/**
 * Runs `node scripts/start.mjs args` as a terminal's foreground job (its own process group). When a training
 * step line appears, `onStep` may signal it: `signal(target, sig)` sends to start.mjs alone ('start') or to
 * its whole group ('group', as a terminal's Ctrl-C does).
 */
function run(args: string[], onStep?: (send: (target: 'start' | 'group', sig: NodeJS.Signals) => void, out: () => string) => void, outDir?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [start, ...args], { cwd: repo, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let stepped = false;
    let trainingPid: number | null = null;
    const send = (target: 'start' | 'group', sig: NodeJS.Signals): void => {
      process.kill(target === 'group' ? -child.pid! : child.pid!, sig);
    };
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (!stepped && /epoch 1\/\d+ step [1-9]\d*\/\d+/.test(out)) {
        stepped = true;
        if (outDir) {
          try {
            trainingPid = (JSON.parse(fs.readFileSync(path.join(outDir, '.run.lock'), 'utf8')) as { pid: number }).pid;
          } catch {
            trainingPid = null;
          }
        }
        onStep?.(send, () => out);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`start.mjs did not exit in time:\n${out}`));
    }, 170_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, trainingPid });
    });
  });
}

describe('--resume restores the run (through scripts/start.mjs)', { timeout: 400_000 }, () => {
  const out = (): string => path.join(tmp, 'resumable');

  it('SIGTERM to start.mjs alone: the step finishes, a checkpoint is written, the resume command is printed, exit 143', async () => {
    const r = await run(tiny(out()), (send) => send('start', 'SIGTERM'), out());
    expect({ code: r.code, signal: r.signal }, r.out).toEqual({ code: 143, signal: null });
    expect(r.out).toMatch(/Stopping after this step and writing a checkpoint \(SIGTERM;/);
    expect(r.out).toMatch(/stopped at epoch 1, step \d+ of 10; checkpoint written to /);
    expect(r.out).toContain(`stopped early; continue with: pnpm start -- --resume --out ${out()}`);
    expect(r.trainingPid).not.toBeNull();
    expect(alive(r.trainingPid!)).toBe(false);
    expect(fs.existsSync(path.join(out(), '.run.lock'))).toBe(false);
  });

  it('a flag that disagrees with the recorded configuration is an error naming both values (exit 2), nothing trained', async () => {
    const r = spawnSync(process.execPath, [start, '--resume', '--out', out(), '--batch-size', '16'], { cwd: repo, encoding: 'utf8', env, timeout: 90_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--batch-size 16 disagrees with the run being resumed, which has --batch-size 8/);
    const lr = spawnSync(process.execPath, [start, '--resume', '--out', out(), '--lr', '0.001', '--augs', 'none'], { cwd: repo, encoding: 'utf8', env, timeout: 90_000 });
    expect(lr.status, lr.stderr).toBe(2);
    expect(lr.stderr).toMatch(/--lr 0\.001 disagrees with the run being resumed, which has --lr 0\.002/);
  });

  it('the printed command, exactly as printed (no other flag), resumes under the run\'s own configuration and finishes', async () => {
    const r = await run(['--', '--resume', '--out', out()]);
    expect({ code: r.code, signal: r.signal }, r.out).toEqual({ code: 0, signal: null });
    expect(r.out).toMatch(/resuming with the run's recorded configuration: preset quick, --augs none, --batch-size 8, --lr 0\.002, --subset 80, --seed 0, --width 8, --epochs 3/);
    // The data folder recorded by the run (its --data-dir, absolute): nothing is downloaded.
    expect(r.out).toContain(`, data ${path.resolve(dataRoot)}\n`);
    expect(r.out).toMatch(/resumed from .* at epoch 1, step \d+/);
    expect(r.out).toMatch(/training on 80 images \(10 batches of 8\)/);
    expect(r.out).not.toMatch(/download/i);
    const summary = JSON.parse(fs.readFileSync(path.join(out(), 'summary.json'), 'utf8')) as { epochs: unknown[]; config: { batchSize: number } };
    expect(summary.epochs).toHaveLength(3);
    expect(summary.config.batchSize).toBe(8);
  });

  it('a new run (no --resume) into the folder of a run with a checkpoint: exit 2, says how to continue it, writes nothing', () => {
    const before = fs.readdirSync(out()).sort();
    const stamp = fs.statSync(path.join(out(), 'summary.json')).mtimeMs;
    const r = spawnSync(process.execPath, [start, ...tiny(out())], { cwd: repo, encoding: 'utf8', env, timeout: 90_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`--out ${out()} already holds a run with a checkpoint. Continue it with: pnpm start -- --resume --out ${out()}`);
    expect(fs.readdirSync(out()).sort()).toEqual(before);
    expect(fs.statSync(path.join(out(), 'summary.json')).mtimeMs).toBe(stamp);
  });

  it('--resume into a folder without a checkpoint is an error naming the folder and what it holds', () => {
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty);
    fs.writeFileSync(path.join(empty, 'notes.txt'), 'x');
    const r = spawnSync(process.execPath, [start, '--resume', '--out', empty], { cwd: repo, encoding: 'utf8', env, timeout: 90_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`--resume: ${empty} holds notes.txt but no checkpoint/latest.json: there is no checkpoint to continue`);
    const missing = spawnSync(process.execPath, [start, '--resume', '--out', path.join(tmp, 'nowhere')], { cwd: repo, encoding: 'utf8', env, timeout: 90_000 });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`${path.join(tmp, 'nowhere')} does not exist: there is no checkpoint to continue`);
    expect(fs.existsSync(path.join(tmp, 'nowhere'))).toBe(false);
  });
});

describe('one run per folder, and Ctrl-C twice', { timeout: 400_000 }, () => {
  it('a second run into the --out of a running one fails at once naming its pid; two Ctrl-Cs end the training process (exit 130)', async () => {
    const out = path.join(tmp, 'shared');
    let second: ReturnType<typeof spawnSync> | null = null;
    const r = await run(
      tiny(out),
      (send, text) => {
        second = spawnSync(process.execPath, [start, ...tiny(out)], { cwd: repo, encoding: 'utf8', env, timeout: 90_000 });
        send('group', 'SIGINT');
        const again = setInterval(() => {
          if (/Stopping after this step/.test(text())) {
            clearInterval(again);
            send('group', 'SIGINT');
          }
        }, 20);
      },
      out,
    );
    expect(second).not.toBeNull();
    const s = second as unknown as { status: number; stderr: string };
    expect(s.status, s.stderr).toBe(1);
    expect(s.stderr).toMatch(new RegExp(`--out ${out} is in use by another run \\(pid ${r.trainingPid}, `));
    expect({ code: r.code, signal: r.signal }, r.out).toEqual({ code: 130, signal: null });
    expect(alive(r.trainingPid!)).toBe(false);
  });
});
