// Reliability of downloadCifar10 against faulty servers and concurrent runs (local loopback servers,
// temp folders): a stalled connection is dropped after stallTimeoutMs and retried, two downloads into one
// root are serialised by a lock, a truncated or corrupt archive is a CorruptDataError and is never left in
// place as the final archive, and deleting a bad archive is announced.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { CorruptDataError, DownloadError, DownloadLockedError, downloadCifar10 } from '../src/index.js';
import { extractArchive } from '../src/extract.js';
import { archiveBytes, makeLayout, md5, tempDir } from '@aug/test-utils';
import { serve, type TestServer } from './helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function start(body: Buffer, behaviour?: Parameters<typeof serve>[1]): Promise<TestServer> {
  const s = await serve(body, behaviour);
  servers.push(s);
  return s;
}

const archive = archiveBytes(makeLayout(3, 4));
const quiet = { progress: false as const, retryDelayMs: 1 };
const ARCHIVE = 'cifar-10-binary.tar.gz';

describe('stalled connections', () => {
  it('a body that stops mid-way is dropped after stallTimeoutMs and resumed with a Range request', async () => {
    const root = tempDir();
    const s = await start(archive, { stallAfter: [20_000] });
    const t0 = Date.now();
    const result = await downloadCifar10({ root, url: s.url, md5: md5(archive), stallTimeoutMs: 300, ...quiet });
    expect(result.downloaded).toBe(true);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(s.requests).toHaveLength(2);
    expect(s.requests[1]!.range).toMatch(/^bytes=\d+-$/);
  });

  it('a server that never answers: each attempt gives up after stallTimeoutMs, then a DownloadError says so', async () => {
    const root = tempDir();
    const s = await start(archive, { stallAfter: [-1, -1, -1] });
    const t0 = Date.now();
    const error = await downloadCifar10({ root, url: s.url, md5: md5(archive), stallTimeoutMs: 200, retries: 2, ...quiet }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toMatch(/failed after 3 attempts \(2 retries\): no data for 0\.2 s \(stalled connection\)/);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(existsSync(join(root, '.download.lock'))).toBe(false);
  });

  it('rejects a non-positive stallTimeoutMs', async () => {
    await expect(downloadCifar10({ root: tempDir(), stallTimeoutMs: 0, ...quiet })).rejects.toThrow(RangeError);
  });
});

describe('one root, two downloads', () => {
  it('two concurrent downloads into one root: one fetches, the other waits for the lock and finds the files', async () => {
    const root = tempDir();
    const s = await start(archive, { chunkDelayMs: 5 });
    const lines: string[] = [];
    const [a, b] = await Promise.all([
      downloadCifar10({ root, url: s.url, md5: md5(archive), ...quiet, log: (l) => lines.push(l) }),
      downloadCifar10({ root, url: s.url, md5: md5(archive), ...quiet, log: (l) => lines.push(l) }),
    ]);
    expect([a.downloaded, b.downloaded].sort()).toEqual([false, true]);
    expect(s.requests).toHaveLength(1);
    expect(readdirSync(root).sort()).toEqual(['cifar-10-batches-bin', ARCHIVE]);
  });

  it('two processes downloading into one root both succeed, with one download', async () => {
    const root = tempDir();
    const s = await start(archive, { chunkDelayMs: 5 });
    const script = `
      import { downloadCifar10 } from '@aug/cifar10';
      const r = await downloadCifar10({ root: process.argv[1], url: process.argv[2], md5: process.argv[3], progress: false, retryDelayMs: 1 });
      console.log(JSON.stringify({ downloaded: r.downloaded }));`;
    const cwd = new URL('..', import.meta.url).pathname;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const p = spawn(process.execPath, ['--input-type=module', '-e', script, root, s.url, md5(archive)], { cwd });
        let out = '';
        let err = '';
        p.stdout.on('data', (d: Buffer) => (out += d.toString()));
        p.stderr.on('data', (d: Buffer) => (err += d.toString()));
        p.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`child exited ${code}: ${err}`))));
      });
    const outs = await Promise.all([run(), run()]);
    expect(outs.map((o) => JSON.parse(o).downloaded).sort()).toEqual([false, true]);
    expect(s.requests).toHaveLength(1);
    expect(readdirSync(root).sort()).toEqual(['cifar-10-batches-bin', ARCHIVE]);
  });

  it('a lock left by a dead process is taken over; one held by a live process times out with DownloadLockedError', async () => {
    const root = tempDir();
    const s = await start(archive);
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(join(root, '.download.lock'), `${dead}\n`);
    const lines: string[] = [];
    const r = await downloadCifar10({ root, url: s.url, md5: md5(archive), ...quiet, log: (l) => lines.push(l) });
    expect(r.downloaded).toBe(true);
    expect(lines.join('\n')).toMatch(new RegExp(`left by process ${dead}, which no longer runs; taking it over`));

    const other = tempDir();
    writeFileSync(join(other, '.download.lock'), `${process.ppid}\n`);
    const error = await downloadCifar10({ root: other, url: s.url, lockTimeoutMs: 300, ...quiet, log: () => {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadLockedError);
    expect((error as Error).message).toMatch(new RegExp(`another process \\(pid ${process.ppid}\\) is downloading .* delete .*\\.download\\.lock`));
  });
});

describe('lock files and options (issue 30)', () => {
  it.each([
    ['empty', ''],
    ['garbled', 'pid NaN\n'],
  ])('an %s .download.lock is stale: taken over at once (no wait of lockTimeoutMs, no "pid NaN")', async (_name, content) => {
    const root = tempDir();
    const s = await start(archive);
    writeFileSync(join(root, '.download.lock'), content);
    const lines: string[] = [];
    const t0 = Date.now();
    const r = await downloadCifar10({ root, url: s.url, md5: md5(archive), lockTimeoutMs: 60_000, ...quiet, log: (l) => lines.push(l) });
    expect(r.downloaded).toBe(true);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(lines.join('\n')).toMatch(/\.download\.lock: its (content is garbled|is empty)|\.download\.lock: it is empty/);
    expect(lines.join('\n')).not.toMatch(/NaN/);
    expect(readdirSync(root).sort()).toEqual(['cifar-10-batches-bin', ARCHIVE]);
  });

  it('a misspelled option (stallTimeout) is a TypeError naming the nearest one, before any download', async () => {
    const root = tempDir();
    const error = await downloadCifar10({ root, stallTimeout: 5, ...quiet } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/downloadCifar10: unknown option "stallTimeout" \(did you mean "stallTimeoutMs"\?\)/);
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('truncated and corrupt archives', () => {
  const truncated = archive.subarray(0, Math.floor(archive.length * 0.6));

  it('md5: false and a truncated body: CorruptDataError naming the archive; nothing left as the final archive', async () => {
    const root = tempDir();
    const s = await start(truncated);
    const error = await downloadCifar10({ root, url: s.url, md5: false, ...quiet }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptDataError);
    expect(error).toMatchObject({ code: 'CORRUPT_DATA', file: join(root, ARCHIVE) });
    expect((error as Error).message).toMatch(/is not a complete \.tar\.gz .*truncated or corrupt\. It was removed; run again/);
    expect(readdirSync(root)).toEqual([]);
  });

  it('a truncated archive already in root (md5: false) is announced, deleted and downloaded afresh', async () => {
    const root = tempDir();
    writeFileSync(join(root, ARCHIVE), truncated);
    const s = await start(archive);
    const lines: string[] = [];
    const r = await downloadCifar10({ root, url: s.url, md5: false, ...quiet, log: (l) => lines.push(l) });
    expect(r.downloaded).toBe(true);
    expect(lines.join('\n')).toMatch(/cifar-10-binary\.tar\.gz is truncated or corrupt .*deleted it, downloading afresh/);
  });

  it('an archive with the wrong MD5 already in root is announced when deleted', async () => {
    const root = tempDir();
    writeFileSync(join(root, ARCHIVE), gzipSync(Buffer.from('not cifar')));
    const s = await start(archive);
    const lines: string[] = [];
    await downloadCifar10({ root, url: s.url, md5: md5(archive), ...quiet, log: (l) => lines.push(l) });
    expect(lines.join('\n')).toMatch(/has MD5 [0-9a-f]{32}, expected [0-9a-f]{32}; deleted it, downloading afresh/);
  });

  it('extractArchive on garbage or a truncated archive: CorruptDataError naming the file, not a raw zlib/tar error', async () => {
    const root = tempDir();
    for (const [name, bytes] of [['garbage.tar.gz', Buffer.from('this is not gzip at all')], ['cut.tar.gz', truncated], ['flipped.tar.gz', Buffer.from(archive).fill(7, 200, 260)]] as const) {
      const file = join(root, name);
      writeFileSync(file, bytes);
      const error = await extractArchive(file, root).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(CorruptDataError);
      expect((error as CorruptDataError).file).toBe(file);
      expect((error as Error).message).toContain(file);
    }
    expect(readdirSync(root).filter((n) => n.startsWith('.extract-'))).toEqual([]);
  });
});
