import { expect, it } from 'vitest';

/** A way to build one instance of an error class for the checks of {@link describeErrorClasses}. */
export type ErrorFactory = () => Error;

interface MarkedClass {
  readonly name: string;
  readonly prototype: object;
  readonly marker?: unknown;
  isInstance(error: unknown): boolean;
}

/**
 * The checks every package's error classes pass: `base` and every exported subclass of it (found by
 * walking `exports`, so a new class cannot be left out: it must have a factory here) declare their own
 * `Symbol.for` marker; `Sub.isInstance(x)` is true exactly for instances of `Sub` and its subclasses;
 * `Base.isInstance` for all of them; and an object from "another copy of the package" (a plain object that
 * carries the same registered markers, as a second bundled copy's instance does) passes the same checks.
 *
 * @example
 * ```ts
 * describeErrorClasses(await import('../src/index.js'), ModelsError, {
 *   ModelsError: () => new ModelsError('MODEL_CORRUPT', 'x'),
 *   ModelNotFoundError: () => new ModelNotFoundError('dir', 'x'),
 * });
 * ```
 */
export function describeErrorClasses(exports: Record<string, unknown>, base: MarkedClass, factories: Record<string, ErrorFactory>): void {
  const baseCtor = base as unknown as new () => object;
  const classes: MarkedClass[] = [];
  for (const value of Object.values(exports)) {
    if (typeof value !== 'function') continue;
    const cls = value as unknown as MarkedClass;
    if (value === baseCtor || cls.prototype instanceof baseCtor) classes.push(cls);
  }

  it('has a factory for every exported error class', () => {
    expect(classes.map((c) => c.name).sort()).toEqual(Object.keys(factories).sort());
  });

  it('gives every class its own registered marker', () => {
    const markers = classes.map((c) => {
      if (c !== base) expect(Object.prototype.hasOwnProperty.call(c, 'marker'), `${c.name} declares its own static marker`).toBe(true);
      expect(typeof c.marker).toBe('symbol');
      expect(Symbol.keyFor(c.marker as symbol), `${c.name}'s marker is registered (Symbol.for)`).toBeDefined();
      return c.marker;
    });
    expect(new Set(markers).size).toBe(markers.length);
  });

  it('answers isInstance for exactly the class and its subclasses, across copies of the package', () => {
    for (const cls of classes) {
      for (const [name, make] of Object.entries(factories)) {
        const error = make();
        const want = error instanceof (cls as unknown as new () => object);
        expect(cls.isInstance(error), `${cls.name}.isInstance(new ${name}(...))`).toBe(want);
        // A second copy of the package builds its own classes; only the registered markers are shared.
        const copy: Record<symbol, unknown> = {};
        for (const symbol of Object.getOwnPropertySymbols(error)) copy[symbol] = (error as unknown as Record<symbol, unknown>)[symbol];
        expect(cls.isInstance(copy), `${cls.name}.isInstance(a copy's ${name})`).toBe(want);
      }
      expect(cls.isInstance(new Error('x'))).toBe(false);
      expect(cls.isInstance(undefined)).toBe(false);
    }
  });
}
