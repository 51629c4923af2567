// The browser build's rasteriser: resvg is a native Node addon, so a page shows figures as SVG.
import { OutputWriteError } from './errors.js';

/** Not available in a browser: throws an {@link OutputWriteError} (use the figure's SVG). */
export function svgToPng(_svg: string, _width?: number): Uint8Array {
  throw new OutputWriteError('figure.png', "PNG output renders with @resvg/resvg-js, a native Node addon; in a browser use the figure's SVG (fig.svg) or draw it on a canvas");
}
