/**
 * What a failed file operation means for the user and how to fix it, for the errno codes worth
 * explaining (full disk, quota, permissions, read-only file system, a file where a folder should be);
 * other errors give their own message. `target` names what the user should pass instead, e.g.
 * `'a checkpointDir'` or `'a folder'`.
 *
 * @example
 * ```ts
 * fsAdvice(Object.assign(new Error('x'), { code: 'ENOSPC' }), 'a folder');
 * // 'the disk is full (ENOSPC): free some space or use a folder on another disk'
 * ```
 */
export function fsAdvice(error: unknown, target: string): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOSPC':
      return `the disk is full (ENOSPC): free some space or use ${target} on another disk`;
    case 'EDQUOT':
      return `the disk quota is exhausted (EDQUOT): free some space or use ${target} on another disk`;
    case 'EACCES':
    case 'EPERM':
      return `no permission to write there (${code}): use ${target} you can write to`;
    case 'EROFS':
      return `the file system is read-only (EROFS): use ${target} on a writable disk`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `a file stands where a folder is needed (${code}): use ${target} that is a folder (or does not exist yet)`;
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * What a failed read means and how to fix it (the reading counterpart of {@link fsAdvice}): a missing file,
 * no read permission, a folder where a file should be, a disk error, too many open files; other errors give
 * their own message.
 *
 * @example
 * ```ts
 * fsReadAdvice(Object.assign(new Error('x'), { code: 'EACCES' }));
 * // 'no permission to read it (EACCES): give your user read access (chmod / chown) or copy it somewhere you can read'
 * ```
 */
export function fsReadAdvice(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'it does not exist (ENOENT)';
    case 'EACCES':
    case 'EPERM':
      return `no permission to read it (${code}): give your user read access (chmod / chown) or copy it somewhere you can read`;
    case 'EISDIR':
      return 'a folder stands where a file is needed (EISDIR)';
    case 'ENOTDIR':
      return 'a file stands where a folder is needed on its path (ENOTDIR)';
    case 'EIO':
      return 'the disk reported a read error (EIO): the disk may be failing; copy the files from a backup';
    case 'EMFILE':
    case 'ENFILE':
      return `too many open files (${code}): close other programs or raise the limit (ulimit -n)`;
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
