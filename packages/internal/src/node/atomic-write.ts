import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/**
 * Writes `data` to `file` and flushes it to disk (fsync) before closing: the building block of the atomic
 * writes below, and of a folder of files that is renamed into place as a whole (a checkpoint).
 *
 * @example
 * ```ts
 * await writeFileSynced('runs/a/ckpt.tmp/model.bin', bytes);
 * ```
 */
export async function writeFileSynced(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `file` with `data` atomically: written to a temporary file in the same folder and flushed
 * ({@link writeFileSynced}), then renamed over `file`, then the folder itself is flushed where the platform
 * allows it (so the rename survives a power cut). A reader sees the old file or the new one, never half of
 * one; a failure leaves the old file in place and removes the temporary one.
 *
 * @example
 * ```ts
 * await writeFileAtomic('runs/a/model/model.json', JSON.stringify(modelJSON));
 * ```
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  counter += 1;
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${counter}.tmp`);
  try {
    await writeFileSynced(tmp, data);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncFolder(dirname(file));
}

/** fsync of a folder, so a rename in it is durable; a no-op where folders cannot be opened (Windows). */
async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Windows and some file systems refuse to open or sync a folder: the rename is still atomic.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
