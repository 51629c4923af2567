// Issue 25, point 7: without CIFAR-10 and without a network, `pnpm start` says so in one line, trains on the
// shipped sample and says how to get the full data. The download fails against a closed port on localhost
// (AUG_CIFAR10_URL), never an outside host.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const start = path.join(repo, 'scripts', 'start.mjs');
let tmp: string;
let closedPort: number;

/** A port nothing listens on: bound by the OS, then released. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aug-offline-'));
  closedPort = await freePort();
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('pnpm start without CIFAR-10 and without a network', () => {
  it('says so in one line, trains on the shipped sample, and says how to get the full data', () => {
    const dataRoot = path.join(tmp, 'CIFAR'); // empty: nothing found, so the download is tried
    const out = path.join(tmp, 'run');
    const started = Date.now();
    const r = spawnSync(
      process.execPath,
      [start, '--backend', 'cpu', '--epochs', '1', '--subset', '40', '--batch-size', '20', '--width', '2', '--out', out],
      {
        cwd: repo,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, AUG_START_NO_BUILD: '1', AUG_DATA_DIR: dataRoot, AUG_CIFAR10_URL: `http://127.0.0.1:${closedPort}/cifar-10-binary.tar.gz` },
      },
    );
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const lines = r.stdout.split('\n');
    const failed = lines.filter((l) => /download failed/i.test(l) && !l.startsWith('data:'));
    expect(failed).toEqual([
      `The download failed (127.0.0.1:${closedPort} unreachable: ECONNREFUSED): training on the shipped sample instead, 3,000 real CIFAR-10 pictures in examples/train-with-data-aug/sample (the "sample" preset).`,
    ]);
    expect(r.stdout).toContain('running the "sample" preset on the CPU');
    // --subset 40 of the sample: spread over the class folders (4 per class), the test set cut to 8.
    expect(r.stdout).toContain('training on 40 images (2 batches of 20), testing on 8');
    expect(r.stdout).toMatch(/test acc \d\.\d{3}/);
    expect(lines.at(-3)).toMatch(/^On the sample, augmentation visibly curbs overfitting .* too few to show its test-accuracy gain reliably/);
    expect(lines.at(-2)).toMatch(/^The full CIFAR-10 \(50,000 training \+ 10,000 test pictures\): let this machine reach https:\/\/www\.cs\.toronto\.edu\/~kriz\/cifar-10-binary\.tar\.gz .*--data-dir/);
    expect(r.stderr).not.toMatch(/error|retry|attempt/i);
    // An unreachable host is not retried for half a minute.
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')).config.preset).toBe('sample');
  });
});
