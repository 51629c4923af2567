import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChecksumError, CorruptDataError } from './errors.js';
import { META_FILE, TEST_FILES, TRAIN_FILES } from './layout.js';
import { md5FileSync } from './md5.js';
import { batchFileSize, recordCount } from './decode.js';

/**
 * How {@link Cifar10} checks the extracted files:
 * - `'md5'` (default): official sizes (10,000 records per batch) and, when the files were extracted by
 *   {@link downloadCifar10} from an archive that matched the official MD5, each file's MD5 against the
 *   manifest written at extraction. The CIFAR page publishes only the archive's MD5, not per-batch
 *   digests of the binary version (torchvision's per-file digests are for the pickled python version).
 * - `'size'`: every batch a whole, non-zero number of 3,073-byte records (for other copies of the same
 *   layout, such as a reduced dev set).
 * - `false`: no checks beyond what decoding needs (whole records, labels in 0..9).
 */
export type Verify = 'md5' | 'size' | false;

/** Name of the manifest of per-file MD5s written next to the batches after a verified extraction. */
export const MANIFEST_FILE = '.aug-md5.json';

/** The files of one split, as absolute paths. @example `splitFiles(dir, true)` */
export function splitFiles(batchDir: string, train: boolean): string[] {
  return (train ? TRAIN_FILES : TEST_FILES).map((f) => join(batchDir, f));
}

/** Every file of the layout (both splits and the class names). @example `layoutFiles(dir).length // 7` */
export function layoutFiles(batchDir: string): string[] {
  return [...splitFiles(batchDir, true), ...splitFiles(batchDir, false), join(batchDir, META_FILE)];
}

/** The manifest's digests, or undefined when there is none. */
export function readManifest(batchDir: string): Record<string, string> | undefined {
  const path = join(batchDir, MANIFEST_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (parsed && typeof parsed === 'object') return parsed as Record<string, string>;
  } catch {
    // an unreadable manifest verifies nothing; fall through
  }
  throw new CorruptDataError(path, `${path} is not a valid JSON manifest of MD5s; delete it (and re-extract) or pass verify: 'size'.`);
}

/**
 * Checks the batch files of `files` as `verify` asks; throws {@link CorruptDataError} (size) or
 * {@link ChecksumError} (digest) naming the file.
 *
 * @example
 * ```ts
 * verifyFiles(dir, splitFiles(dir, true), 'size');
 * ```
 */
export function verifyFiles(batchDir: string, files: readonly string[], verify: Verify): void {
  if (verify === false) return;
  for (const file of files) {
    if (file.endsWith('.bin')) recordCount(file, batchFileSize(file), verify === 'md5' ? 'official' : 'records');
  }
  if (verify === 'md5') checkManifest(batchDir, files);
}

/**
 * Compares `files` with the MD5 manifest written at extraction, when there is one; throws
 * {@link ChecksumError} on a mismatch.
 *
 * @example
 * ```ts
 * checkManifest(dir, splitFiles(dir, false));
 * ```
 */
export function checkManifest(batchDir: string, files: readonly string[]): void {
  const manifest = readManifest(batchDir);
  if (!manifest) return;
  for (const file of files) {
    const name = file.slice(batchDir.length + 1);
    const expected = manifest[name];
    if (expected === undefined) continue;
    const actual = md5FileSync(file);
    if (actual !== expected) {
      throw new ChecksumError(
        file,
        expected,
        actual,
        `${file} has MD5 ${actual}, expected ${expected} (recorded when the verified archive was extracted). The file changed on disk; delete ${batchDir} and download again.`,
      );
    }
  }
}
