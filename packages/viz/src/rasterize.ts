import { Resvg } from '@resvg/resvg-js';
import { FONT_FAMILY, fontFile } from './font.js';

/**
 * Renders an SVG document to PNG with resvg, using only the shipped DejaVu Sans (no system fonts), so the
 * bytes are the same on every machine.
 *
 * @param width - output width in pixels (height follows the SVG's aspect ratio); default: the SVG's own size
 */
export function svgToPng(svg: string, width?: number): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: [fontFile()], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: width === undefined ? { mode: 'original' } : { mode: 'width', value: Math.round(width) },
    background: 'white',
  });
  return resvg.render().asPng();
}
