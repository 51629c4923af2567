import { DEJAVU_SANS_ADVANCE } from './font-metrics.js';

/** Average DejaVu Sans advance (em) for characters outside the metrics table. */
const FALLBACK_ADVANCE = 0.62;

/** Width of `text` set in DejaVu Sans at `fontSize` (same unit as `fontSize`). */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += DEJAVU_SANS_ADVANCE.get(ch.codePointAt(0) ?? 32) ?? FALLBACK_ADVANCE;
  return em * fontSize;
}

/** Cuts `text` with an ellipsis so that it fits `maxWidth` at `fontSize`. */
export function fitText(text: string, fontSize: number, maxWidth: number): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 0 && textWidth(chars.join('') + '…', fontSize) > maxWidth) chars.pop();
  return chars.join('') + '…';
}

/** Escapes text for SVG/HTML element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Formats a number for an SVG attribute: at most 2 decimals, no trailing zeros. */
export function num(v: number): string {
  return String(Math.round(v * 100) / 100);
}
