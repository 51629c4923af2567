import { GLYPH_HEIGHT, GLYPH_PAD, GLYPH_SIZE, GLYPHS } from './glyph-atlas.js';
import { point, type Canvas, type Rgb } from './draw-canvas.js';
import { DEJAVU_SANS_ADVANCE } from './font-metrics.js';

const decoded = new Map<number, Uint8Array>();

function glyphAlpha(code: number): { width: number; alpha: Uint8Array } | undefined {
  const g = GLYPHS.get(code);
  if (!g) return undefined;
  let a = decoded.get(code);
  if (!a) {
    const bin = atob(g.alpha);
    a = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) a[i] = bin.charCodeAt(i);
    decoded.set(code, a);
  }
  return { width: g.width, alpha: a };
}

/**
 * Writes `text` into the canvas with viz's own font (DejaVu Sans at 10 px, pre-rendered glyphs from
 * `glyph-atlas.ts`), its top-left corner at `(x, y)` as PIL's `ImageDraw.text`: each glyph's coverage blends
 * `ink` over the pixels (`out = out + (ink - out) * coverage`, rounded). Characters outside printable ASCII
 * are drawn as '?'. Returns the pen's end x.
 *
 * @example
 * ```ts
 * drawText(canvas, 'cat', 3, 3, [255, 0, 0]);
 * ```
 */
export function drawText(c: Canvas, text: string, x: number, y: number, ink: Rgb): number {
  let pen = x;
  for (const ch of text) {
    let code = ch.codePointAt(0) ?? 63;
    if (!GLYPHS.has(code)) code = 63;
    const g = glyphAlpha(code)!;
    const left = Math.round(pen) - GLYPH_PAD;
    for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
      for (let gx = 0; gx < g.width; gx++) {
        const a = g.alpha[gy * g.width + gx]!;
        if (a > 0) point(c, left + gx, y + gy, ink, a);
      }
    }
    pen += (DEJAVU_SANS_ADVANCE.get(code) ?? 0.62) * GLYPH_SIZE;
  }
  return pen;
}
