/** One entry of a tar archive built by {@link tarBytes}. */
export interface TarEntry {
  path: string;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink';
  data?: Buffer;
  linkpath?: string;
}

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

/**
 * A minimal ustar writer, so tests can build archives a normal tar tool would refuse to make (paths with
 * `..`, links out of the folder).
 *
 * @example
 * ```ts
 * const tar = tarBytes([{ path: 'a/../../evil.txt', data: Buffer.from('x') }]);
 * ```
 */
export function tarBytes(entries: readonly TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = e.data ?? Buffer.alloc(0);
    const h = Buffer.alloc(512);
    h.write(e.path, 0, 100, 'utf8');
    h.write(octal(e.type === 'dir' ? 0o755 : 0o644, 8), 100);
    h.write(octal(0, 8), 108);
    h.write(octal(0, 8), 116);
    h.write(octal(e.type === 'file' || e.type === undefined ? data.length : 0, 12), 124);
    h.write(octal(0, 12), 136);
    h.write('        ', 148);
    h.write({ file: '0', dir: '5', symlink: '2', hardlink: '1' }[e.type ?? 'file'], 156);
    if (e.linkpath) h.write(e.linkpath, 157, 100);
    h.write('ustar\u000000', 257);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h);
    if (e.type === 'file' || e.type === undefined) {
      blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}
