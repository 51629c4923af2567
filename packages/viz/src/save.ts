import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { OutputWriteError } from './errors.js';
import { describeValue, fsAdvice } from '@aug/internal';

/** What a figure can be written as. */
export type FigureFormat = 'svg' | 'png';

/**
 * The format for `path` by its extension; throws a RangeError for anything but `.svg` and `.png`.
 */
export function formatOf(path: string): FigureFormat {
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(`path must be a non-empty file name ending in .svg or .png, got ${describeValue(path)}`);
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.svg') return 'svg';
  if (ext === '.png') return 'png';
  throw new RangeError(`path '${path}' must end in .svg or .png (got extension '${ext || '(none)'}')`);
}

/**
 * Writes `data` to `path`, creating missing parent folders; a failure becomes an {@link OutputWriteError}
 * naming the path and why.
 */
export function writeOutput(path: string, data: string | Uint8Array, what = 'figure'): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
  } catch (err) {
    throw new OutputWriteError(path, `cannot write ${what} to '${path}': ${fsAdvice(err, 'a path')}; choose a path in a folder you can write to`, {
      cause: err,
    });
  }
}
