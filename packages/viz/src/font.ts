import { createRequire } from 'node:module';

/** The family name every figure's text uses: matplotlib's default font. */
export const FONT_FAMILY = 'DejaVu Sans';

/** CSS font stack for SVG shown in a browser, where DejaVu Sans may be missing. */
export const FONT_STACK = "'DejaVu Sans', 'Bitstream Vera Sans', Arial, Helvetica, sans-serif";

let cached: string | undefined;

/**
 * Path of DejaVuSans.ttf from the `dejavu-fonts-ttf` package, so PNGs render the same text on every machine,
 * system fonts or not.
 */
export function fontFile(): string {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    cached = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
  }
  return cached;
}
