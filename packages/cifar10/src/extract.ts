import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, posix, win32 } from 'node:path';
import { extract as tarExtract, list as tarList, type ReadEntry } from 'tar';
import { CorruptDataError, UnsafeArchiveError } from './errors.js';
import { BATCH_DIR } from './layout.js';
import { md5FileSync } from './md5.js';
import { MANIFEST_FILE } from './verify.js';

/** Why an entry may not be extracted, or undefined when it is safe. */
export function unsafeReason(path: string, type: string): string | undefined {
  if (type !== 'File' && type !== 'OldFile' && type !== 'Directory') return `it is a ${type} entry (only files and folders are allowed)`;
  if (isAbsolute(path) || posix.isAbsolute(path) || win32.isAbsolute(path)) return 'it has an absolute path';
  if (path.split(/[\\/]+/).includes('..')) return "it contains a '..' segment";
  return undefined;
}

/**
 * Extracts the CIFAR-10 archive into `root` safely: every entry is checked first and the whole archive
 * is refused ({@link UnsafeArchiveError}) when one would land outside `root` (`..`, absolute paths) or
 * is a link; then it is unpacked into a temporary folder inside `root` and `cifar-10-batches-bin/` is
 * renamed into place, so a half-extracted folder never passes for a complete one. When `recordMd5` is
 * set, a manifest of each file's MD5 is written next to the batches.
 *
 * @example
 * ```ts
 * await extractArchive('data/CIFAR/cifar-10-binary.tar.gz', 'data/CIFAR', { recordMd5: true });
 * ```
 */
export async function extractArchive(archive: string, root: string, options: { recordMd5?: boolean } = {}): Promise<string> {
  let offender: { path: string; reason: string } | undefined;
  const corrupt = (error: unknown): CorruptDataError =>
    new CorruptDataError(
      archive,
      `${archive} is not a complete .tar.gz (${(error as Error)?.message ?? String(error)}); it is truncated or corrupt. Delete it and download again.`,
    );
  try {
    await tarList({
      file: archive,
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        const reason = unsafeReason(entry.path, entry.type);
        if (reason && !offender) offender = { path: entry.path, reason };
        entry.resume();
      },
    });
  } catch (error) {
    throw corrupt(error);
  }
  if (offender) {
    throw new UnsafeArchiveError(
      archive,
      offender.path,
      `${archive}: refusing to extract entry '${offender.path}' because ${offender.reason}; nothing was extracted. The archive is not a genuine CIFAR-10 download: delete it and download again.`,
    );
  }
  const tmp = await mkdtemp(join(root, '.extract-'));
  try {
    try {
      await tarExtract({
        file: archive,
        cwd: tmp,
        strict: true,
        preservePaths: false,
        filter: (path, entry) => unsafeReason(path, (entry as ReadEntry).type) === undefined,
      });
    } catch (error) {
      throw corrupt(error);
    }
    const extracted = join(tmp, BATCH_DIR);
    if (!existsSync(extracted)) {
      throw new CorruptDataError(archive, `${archive} holds no ${BATCH_DIR}/ folder; it is not the CIFAR-10 binary version. Delete it and download again.`);
    }
    if (options.recordMd5) {
      const manifest: Record<string, string> = {};
      for (const name of (await readdir(extracted)).sort()) {
        if (name.endsWith('.bin') || name.endsWith('.txt')) manifest[name] = md5FileSync(join(extracted, name));
      }
      await writeFile(join(extracted, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    }
    const dest = join(root, BATCH_DIR);
    await rm(dest, { recursive: true, force: true });
    await rename(extracted, dest);
    return dest;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
