import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { CorruptDataError } from './errors.js';
import { NUM_CLASSES, OFFICIAL_RECORDS_PER_FILE, PIXELS_PER_IMAGE, RECORD_BYTES } from './layout.js';

/** Decoded batches: `images` holds `count` HWC uint8 images back to back; `labels` one byte each. */
export interface DecodedBatches {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

/**
 * How batch file sizes are checked before decoding: `'official'` wants exactly 10,000 records per file
 * (30,730,000 bytes); `'records'` wants a whole, non-zero number of 3,073-byte records.
 */
export type SizeCheck = 'official' | 'records';

/**
 * The number of records in a batch file of `size` bytes, or a {@link CorruptDataError} naming the file,
 * the expected and the actual size.
 *
 * @example
 * ```ts
 * recordCount('data_batch_1.bin', 30_730_000, 'official'); // 10000
 * ```
 */
export function recordCount(file: string, size: number, check: SizeCheck): number {
  if (check === 'official') {
    const expected = OFFICIAL_RECORDS_PER_FILE * RECORD_BYTES;
    if (size !== expected) {
      throw new CorruptDataError(
        file,
        `${file} has ${size} bytes, expected ${expected} (${OFFICIAL_RECORDS_PER_FILE} records of ${RECORD_BYTES} bytes)` +
          `${size < expected ? ': the file is truncated' : ''}. Delete it and download again, or pass verify: 'size' for a non-official copy.`,
      );
    }
    return OFFICIAL_RECORDS_PER_FILE;
  }
  if (size === 0 || size % RECORD_BYTES !== 0) {
    const whole = Math.floor(size / RECORD_BYTES);
    throw new CorruptDataError(
      file,
      `${file} has ${size} bytes, expected a non-zero multiple of ${RECORD_BYTES} (1 label byte + ${PIXELS_PER_IMAGE} pixel bytes per record), ` +
        `e.g. ${Math.max(1, whole) * RECORD_BYTES}; it holds ${whole} whole records and ${size - whole * RECORD_BYTES} stray bytes, so it is truncated or not a CIFAR-10 batch. Delete it and download again.`,
    );
  }
  return size / RECORD_BYTES;
}

/**
 * The size in bytes of the batch file `file`, after checking that it is a file: a folder (or anything else)
 * standing where a batch file should be is a {@link CorruptDataError} saying so, not a size mismatch.
 *
 * @example
 * ```ts
 * recordCount(file, batchFileSize(file), 'records');
 * ```
 */
export function batchFileSize(file: string): number {
  const stats = statSync(file);
  if (!stats.isFile()) {
    const what = stats.isDirectory() ? 'a directory' : 'not a regular file';
    throw new CorruptDataError(file, `${file} is ${what}, not a CIFAR-10 batch file; remove it and download or extract the archive again.`);
  }
  return stats.size;
}

/**
 * Decodes CIFAR-10 binary batch files into one contiguous HWC buffer. Each record's three 1,024-byte
 * planes (R, G, B, each row-major) are interleaved into HWC order; labels are checked to be in 0..9.
 * Files are read through one reused buffer, so memory is the output plus one file.
 *
 * @example
 * ```ts
 * const { images, labels, count } = decodeBatches(['/data/cifar-10-batches-bin/test_batch.bin'], 'official');
 * // pixel (y, x, c) of image i: images[i * 3072 + (y * 32 + x) * 3 + c]
 * ```
 */
export function decodeBatches(files: readonly string[], check: SizeCheck): DecodedBatches {
  const counts = files.map((f) => recordCount(f, batchFileSize(f), check));
  const count = counts.reduce((a, b) => a + b, 0);
  const images = new Uint8Array(count * PIXELS_PER_IMAGE);
  const labels = new Uint8Array(count);
  const maxBytes = Math.max(...counts) * RECORD_BYTES;
  const raw = Buffer.allocUnsafe(maxBytes);
  const plane = PIXELS_PER_IMAGE / 3;
  let image = 0;
  files.forEach((file, f) => {
    const bytes = counts[f]! * RECORD_BYTES;
    readFully(file, raw, bytes);
    for (let r = 0; r < counts[f]!; r++) {
      const src = r * RECORD_BYTES;
      const label = raw[src]!;
      if (label >= NUM_CLASSES) {
        throw new CorruptDataError(
          file,
          `${file}: record ${r} (byte offset ${src}) has label ${label}, expected 0..${NUM_CLASSES - 1}. The file is corrupt; delete it and download again.`,
        );
      }
      labels[image] = label;
      const dst = image * PIXELS_PER_IMAGE;
      const r0 = src + 1;
      const g0 = r0 + plane;
      const b0 = g0 + plane;
      for (let p = 0, o = dst; p < plane; p++, o += 3) {
        images[o] = raw[r0 + p]!;
        images[o + 1] = raw[g0 + p]!;
        images[o + 2] = raw[b0 + p]!;
      }
      image++;
    }
  });
  return { images, labels, count };
}

function readFully(file: string, into: Buffer, bytes: number): void {
  const fd = openSync(file, 'r');
  try {
    let done = 0;
    while (done < bytes) {
      const n = readSync(fd, into, done, bytes - done, done);
      if (n === 0) {
        throw new CorruptDataError(file, `${file} ended after ${done} bytes while reading ${bytes}; it changed while being read.`);
      }
      done += n;
    }
  } finally {
    closeSync(fd);
  }
}
