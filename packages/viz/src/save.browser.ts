// The browser build's output module: a page cannot write files; figures stay SVG strings.
import { describeValue } from '@aug/internal';
import { OutputWriteError } from './errors.js';

/** What a figure can be written as. */
export type FigureFormat = 'svg' | 'png';

/** The format for `path` by its extension; throws a RangeError for anything but `.svg` and `.png`. */
export function formatOf(path: string): FigureFormat {
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(`path must be a non-empty file name ending in .svg or .png, got ${describeValue(path)}`);
  }
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  const ext = dot <= 0 ? '' : base.slice(dot).toLowerCase();
  if (ext === '.svg') return 'svg';
  if (ext === '.png') return 'png';
  throw new RangeError(`path '${path}' must end in .svg or .png (got extension '${ext || '(none)'}')`);
}

/** Not available in a browser: throws an {@link OutputWriteError} naming the path. */
export function writeOutput(path: string, _data: string | Uint8Array, what = 'figure'): void {
  throw new OutputWriteError(path, `cannot write ${what} to '${path}': a page has no file system; use the figure's SVG (fig.svg) in the page instead`);
}
