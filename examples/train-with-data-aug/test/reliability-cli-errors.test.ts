// Reliability: bad paths given to the CLI get a message for a CLI user (flags, not library options) and exit 2.
import { spawnSync } from 'node:child_process';
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
  dataRoot = writeTinyCifar(4, 4);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aug-cli-errors-'));
});
afterAll(() => {
  fs.rmSync(dataRoot, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

function startCli(args: string[]) {
  return spawnSync(process.execPath, [start, ...args], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 90_000,
    env: { ...process.env, AUG_START_NO_BUILD: '1', AUG_BACKEND: 'cpu' },
  });
}

describe('CLI path errors', () => {
  it.each(['/proc/aug-run', '/sys/aug-run/x'])('--out %s: exit 2 at once, named as a pseudo-file system (no recursive mkdir that spins)', (out) => {
    const t0 = Date.now();
    const r = startCli(['--data-dir', dataRoot, '--out', out, '--epochs', '1', '--subset', '40', '--batch-size', '8', '--width', '2']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`error: --out ${out} is under /(proc|sys), a kernel pseudo-file system`));
    expect(Date.now() - t0).toBeLessThan(60_000);
  });

  it('--out pointing at a file: exit 2, says to pass a folder, writes nothing', () => {
    const file = path.join(tmp, 'out-file');
    fs.writeFileSync(file, 'keep');
    const r = startCli(['--data-dir', dataRoot, '--out', file, '--epochs', '1', '--width', '2', '--subset', '8']);
    expect({ status: r.status, err: r.error?.message }, r.stderr + r.stdout).toEqual({ status: 2, err: undefined });
    expect(r.stderr).toContain(`error: --out ${file} is a file, not a folder`);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep');
  });

  it('--data-dir without batches.meta.txt: exit 2 with advice in terms of the CLI (no library options)', () => {
    const root = path.join(tmp, 'no-meta');
    fs.cpSync(dataRoot, root, { recursive: true });
    fs.rmSync(path.join(root, 'cifar-10-batches-bin', 'batches.meta.txt'));
    const r = startCli(['--data-dir', root, '--out', path.join(tmp, 'o2'), '--epochs', '1', '--width', '2', '--subset', '8']);
    expect({ status: r.status, err: r.error?.message }, r.stderr + r.stdout).toEqual({ status: 2, err: undefined });
    expect(r.stderr).toMatch(/--data-dir .*no-meta: .*cifar-10-batches-bin lacks batches\.meta\.txt\./);
    expect(r.stderr).toMatch(/leave out --data-dir to download it/);
    expect(r.stderr).not.toMatch(/download: true|Cifar10\.load|downloadCifar10/);
  });
});
