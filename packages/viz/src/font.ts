import { fileURLToPath } from 'node:url';

/** The family name every figure's text uses: matplotlib's default font. */
export const FONT_FAMILY = 'DejaVu Sans';

/** CSS font stack for SVG shown in a browser, where DejaVu Sans may be missing. */
export const FONT_STACK = "'DejaVu Sans', 'Bitstream Vera Sans', Arial, Helvetica, sans-serif";

let cached: string | undefined;

/**
 * Path of the DejaVuSans.ttf this package ships in `fonts/` (DejaVu 2.37, its licence next to it), so PNGs
 * render the same text on every machine, system fonts or not. `src/` and `dist/` both sit next to `fonts/`.
 *
 * @example
 * ```ts
 * new Resvg(svg, { font: { fontFiles: [fontFile()], loadSystemFonts: false } });
 * ```
 */
export function fontFile(): string {
  cached ??= fileURLToPath(new URL('../fonts/DejaVuSans.ttf', import.meta.url));
  return cached;
}
