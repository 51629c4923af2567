// The browser build's font module: the page's own fonts draw SVG text (FONT_STACK); the shipped
// DejaVuSans.ttf is only read by the Node PNG rasteriser.

/** The family name every figure's text uses: matplotlib's default font. */
export const FONT_FAMILY = 'DejaVu Sans';

/** CSS font stack for SVG shown in a browser, where DejaVu Sans may be missing. */
export const FONT_STACK = "'DejaVu Sans', 'Bitstream Vera Sans', Arial, Helvetica, sans-serif";

/** Not available in a browser (the font file is read from disk); throws. */
export function fontFile(): string {
  throw new Error("fontFile(): the shipped DejaVuSans.ttf is read from disk, which needs Node; in a browser the SVG's FONT_STACK is used");
}
