/**
 * True when `error` is an object carrying `marker` set to `true`: the check behind each package's
 * `<Pkg>Error.isInstance`, which works across duplicated copies of a package (the marker is a
 * `Symbol.for` registered symbol, not a prototype).
 *
 * @example
 * ```ts
 * const MARKER = Symbol.for('@aug/models.error');
 * hasErrorMarker(err, MARKER);
 * ```
 */
export function hasErrorMarker(error: unknown, marker: symbol): boolean {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
}
