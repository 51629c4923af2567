import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChecksumError, Cifar10, DownloadError, UnsafeArchiveError, downloadCifar10, type DownloadProgress } from '../src/index.js';
import { archiveBytes, makeLayout, md5, pixel, label, tempDir } from '@aug/test-utils';
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

const layout = makeLayout(3, 4);
const archive = archiveBytes(layout);
const quiet = { progress: false as const, retryDelayMs: 1 };

describe('downloadCifar10', () => {
  it('downloads, verifies, extracts; Cifar10 then decodes exact pixels (HWC) and labels', async () => {
    const root = tempDir();
    const s = await start(archive);
    const seen: DownloadProgress[] = [];
    const result = await downloadCifar10({ root, url: s.url, md5: md5(archive), onProgress: (p) => seen.push(p), ...quiet });
    expect(result.downloaded).toBe(true);
    expect(readFileSync(result.archive).equals(archive)).toBe(true);
    expect(existsSync(`${result.archive}.part`)).toBe(false);
    expect(seen.at(-1)).toMatchObject({ receivedBytes: archive.length, totalBytes: archive.length });
    expect(readdirSync(root).filter((n) => n.startsWith('.extract-'))).toEqual([]);

    const train = new Cifar10({ root, train: true, verify: 'size' });
    expect(train.length).toBe(15);
    expect(train.classes).toEqual(['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']);
    for (const i of [0, 4, 14]) {
      const { image, label: l } = train.get(i);
      expect(l).toBe(label(i));
      expect([image.height, image.width, image.channels]).toEqual([32, 32, 3]);
      for (const [y, x] of [[0, 0], [0, 1], [5, 17], [31, 31]] as const) {
        for (let c = 0; c < 3; c++) expect(image.data[(y * 32 + x) * 3 + c]).toBe(pixel(i, c, y, x));
      }
    }
    const test = new Cifar10({ root: result.batchDir, train: false, verify: 'size' });
    expect(test.length).toBe(4);
    expect(test.get(3).label).toBe(label(1003));
    expect(test.get(3).image.data[(2 * 32 + 9) * 3 + 1]).toBe(pixel(1003, 1, 2, 9));
  });

  it('resumes with a Range request after the server cuts the connection half-way', async () => {
    const root = tempDir();
    const half = Math.floor(archive.length / 2);
    const s = await start(archive, { cutAfter: [half] });
    const result = await downloadCifar10({ root, url: s.url, md5: md5(archive), ...quiet });
    expect(s.requests).toHaveLength(2);
    expect(s.requests[0]!.range).toBeUndefined();
    const m = /^bytes=(\d+)-$/.exec(s.requests[1]!.range ?? '');
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0);
    expect(Number(m![1])).toBeLessThanOrEqual(half);
    expect(readFileSync(result.archive).equals(archive)).toBe(true);
    expect(new Cifar10({ root, verify: 'size' }).length).toBe(15);
  });

  it('starts over when the server ignores the Range header', async () => {
    const root = tempDir();
    const s = await start(archive, { cutAfter: [1000], ignoreRange: true });
    const result = await downloadCifar10({ root, url: s.url, md5: md5(archive), ...quiet });
    expect(s.requests[1]!.range).toBe('bytes=1000-');
    expect(readFileSync(result.archive).equals(archive)).toBe(true);
  });

  it('removes an archive whose MD5 does not match and names both digests', async () => {
    const root = tempDir();
    const s = await start(archive);
    const wrong = '0123456789abcdef0123456789abcdef';
    const err = await downloadCifar10({ root, url: s.url, md5: wrong, ...quiet }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumError);
    expect((err as ChecksumError).message).toContain(wrong);
    expect((err as ChecksumError).message).toContain(md5(archive));
    expect(readdirSync(root)).toEqual([]);
  });

  it('does not retry a 404 and names the URL', async () => {
    const root = tempDir();
    const s = await start(archive, { statuses: [404] });
    const err = await downloadCifar10({ root, url: s.url, md5: md5(archive), retries: 3, ...quiet }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect((err as DownloadError).status).toBe(404);
    expect((err as DownloadError).message).toContain(s.url);
    expect(s.requests).toHaveLength(1);
  });

  it('retries 500 with backoff, then gives up naming the URL and attempts', async () => {
    const root = tempDir();
    const s = await start(archive, { statuses: [500, 500, 500, 500] });
    const err = await downloadCifar10({ root, url: s.url, md5: md5(archive), retries: 2, ...quiet }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect((err as DownloadError).attempts).toBe(3);
    expect((err as DownloadError).message).toMatch(/after 3 attempts/);
    expect((err as DownloadError).message).toContain(s.url);
    expect(s.requests).toHaveLength(3);
    expect(existsSync(join(root, 'cifar-10-binary.tar.gz'))).toBe(false);
  });

  it('recovers when a 500 is followed by success', async () => {
    const root = tempDir();
    const s = await start(archive, { statuses: [500, 503] });
    const result = await downloadCifar10({ root, url: s.url, md5: md5(archive), retries: 2, ...quiet });
    expect(result.downloaded).toBe(true);
    expect(s.requests).toHaveLength(3);
  });

  it('refuses path-traversal entries and links, extracting nothing', async () => {
    for (const bad of [
      { path: '../evil.txt', data: Buffer.from('x') },
      { path: 'cifar-10-batches-bin/../../evil.txt', data: Buffer.from('x') },
      { path: '/tmp/aug-evil-absolute.txt', data: Buffer.from('x') },
      { path: 'cifar-10-batches-bin/link', type: 'symlink' as const, linkpath: '/etc/passwd' },
      { path: 'cifar-10-batches-bin/hard', type: 'hardlink' as const, linkpath: 'cifar-10-batches-bin/readme.html' },
    ]) {
      const parent = tempDir();
      const root = join(parent, 'root');
      const evil = archiveBytes(layout, [bad]);
      const s = await start(evil);
      const err = await downloadCifar10({ root, url: s.url, md5: md5(evil), ...quiet }).catch((e: unknown) => e);
      expect(err, bad.path).toBeInstanceOf(UnsafeArchiveError);
      expect((err as UnsafeArchiveError).entry).toBe(bad.path);
      expect(existsSync(join(parent, 'evil.txt'))).toBe(false);
      expect(existsSync('/tmp/aug-evil-absolute.txt')).toBe(false);
      expect(existsSync(join(root, 'cifar-10-batches-bin'))).toBe(false);
    }
  });

  it('makes no request when the extracted files are already there and valid', async () => {
    const root = tempDir();
    const s = await start(archive);
    await downloadCifar10({ root, url: s.url, md5: md5(archive), ...quiet });
    expect(s.requests).toHaveLength(1);
    const again = await downloadCifar10({ root, url: s.url, md5: md5(archive), ...quiet });
    expect(again.downloaded).toBe(false);
    expect(s.requests).toHaveLength(1);
  });

  it('re-extracts when an extracted batch is damaged', async () => {
    const root = tempDir();
    const s = await start(archive);
    const { batchDir } = await downloadCifar10({ root, url: s.url, md5: md5(archive), ...quiet });
    writeFileSync(join(batchDir, 'data_batch_2.bin'), Buffer.alloc(100));
    const again = await downloadCifar10({ root, url: s.url, md5: md5(archive), ...quiet });
    expect(s.requests).toHaveLength(1); // the verified archive was reused
    expect(again.downloaded).toBe(false);
    expect(new Cifar10({ root, verify: 'size' }).get(3).label).toBe(label(3));
  });

  it('a cancelled download leaves only a .part file, which the next run resumes', async () => {
    const root = tempDir();
    const s = await start(archive, { chunkDelayMs: 5 });
    const controller = new AbortController();
    const err = await downloadCifar10({
      root,
      url: s.url,
      md5: md5(archive),
      signal: controller.signal,
      onProgress: (p) => {
        if (p.receivedBytes > 8192) controller.abort();
      },
      ...quiet,
    }).catch((e: unknown) => e);
    expect(err, String(err)).toBeInstanceOf(DownloadError);
    expect((err as Error).message).toMatch(/cancelled/);
    expect(readdirSync(root)).toEqual(['cifar-10-binary.tar.gz.part']);
    const s2 = await start(archive);
    await downloadCifar10({ root, url: s2.url, md5: md5(archive), ...quiet });
    expect(s2.requests[0]!.range).toMatch(/^bytes=\d+-$/);
    expect(new Cifar10({ root, verify: 'size' }).length).toBe(15);
  });

  it('prints a few plain progress lines when not on a TTY, and a bar on a TTY', async () => {
    for (const isTTY of [false, true]) {
      const root = tempDir();
      const s = await start(archive);
      let text = '';
      await downloadCifar10({ root, url: s.url, md5: md5(archive), progressOutput: { isTTY, write: (t: string) => (text += t) } });
      if (isTTY) {
        expect(text).toMatch(/\r\[#+\] 100\.0%/);
        expect(text).toMatch(/ETA/);
      } else {
        const lines = text.trim().split('\n');
        expect(lines.length).toBeGreaterThanOrEqual(2);
        expect(lines.length).toBeLessThanOrEqual(6);
        expect(lines.at(-1)).toContain('downloaded');
      }
    }
  });

  it('uses $AUG_DATA_DIR when no root is given', async () => {
    const root = tempDir();
    mkdirSync(root, { recursive: true });
    const s = await start(archive);
    const saved = process.env.AUG_DATA_DIR;
    process.env.AUG_DATA_DIR = root;
    try {
      const result = await downloadCifar10({ url: s.url, md5: md5(archive), ...quiet });
      expect(result.root).toBe(root);
      expect(new Cifar10({ verify: 'size' }).length).toBe(15);
    } finally {
      if (saved === undefined) delete process.env.AUG_DATA_DIR;
      else process.env.AUG_DATA_DIR = saved;
    }
  });
});
