import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';

/**
 * The hex MD5 of a file, streamed (constant memory).
 *
 * @example
 * ```ts
 * await md5File('data/CIFAR/cifar-10-binary.tar.gz'); // 'c32a1d4ab5d03f1284b67883e8d87530'
 * ```
 */
export async function md5File(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The hex MD5 of a file, read synchronously in 4 MiB chunks through one buffer.
 *
 * @example
 * ```ts
 * md5FileSync('data/CIFAR/cifar-10-batches-bin/test_batch.bin');
 * ```
 */
export function md5FileSync(path: string): string {
  const hash = createHash('md5');
  const buf = Buffer.allocUnsafe(1 << 22);
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
