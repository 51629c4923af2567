/**
 * Derives a non-zero 32-bit seed from a user seed and a label (FNV-1a), so
 * every layer gets its own reproducible stream. Non-zero matters: tfjs treats
 * a seed of 0 as "unseeded".
 */
export function deriveSeed(seed: number, label: string): number {
  const text = `${seed}|${label}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h === 0 ? 1 : h;
}
