/**
 * Builds a package's base error class: `code` and `name` set, and one registered marker
 * (`Symbol.for('@aug/<pkg>.error')`, or a subclass's own `static override readonly marker`) stamped on the
 * instance for its class and every ancestor that declares one. `isInstance` is static and reads the marker
 * of the class it is called on, so `SubError.isInstance(e)` is true only for `SubError` (and its
 * subclasses) while `BaseError.isInstance(e)` is true for every error of the package, across duplicated
 * copies of the package too (vercel/ai's `hasMarker` pattern). A subclass that declares no marker of its
 * own shares its parent's (tests check each subclass).
 *
 * @example
 * ```ts
 * export class ModelsError extends errorBaseClass<'MODEL_CORRUPT'>('@aug/models', 'ModelsError') {}
 * export class ModelCorruptError extends ModelsError {
 *   static override readonly marker: symbol = Symbol.for('@aug/models.error.ModelCorruptError');
 *   constructor(message: string) { super('MODEL_CORRUPT', message); this.name = 'ModelCorruptError'; }
 * }
 * ModelCorruptError.isInstance(new ModelsError('MODEL_CORRUPT', 'x')); // false
 * ```
 */
// `Error` seen without its static members (V8's `captureStackTrace`, `prepareStackTrace`), so the d.ts
// written for each package's classes does not mention Node's types.
const PlainError: new (message?: string, options?: { cause?: unknown }) => Error = Error;

// The return type is inferred on purpose: a named type would make each package's d.ts import the private
// @aug/internal; the inferred class type is written out in full instead.
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types
export function errorBaseClass<Code extends string>(pkg: string, name: string) {
  const baseMarker = Symbol.for(`${pkg}.error`);
  return class extends PlainError {
    static readonly marker: symbol = baseMarker;
    readonly code: Code;

    constructor(code: Code, message: string, options?: { cause?: unknown }) {
      super(message, options);
      this.code = code;
      this.name = name;
      for (let c: unknown = new.target; typeof c === 'function' && c !== PlainError; c = Object.getPrototypeOf(c)) {
        if (Object.prototype.hasOwnProperty.call(c, 'marker')) {
          const marker: unknown = Reflect.get(c, 'marker');
          if (typeof marker === 'symbol') Object.defineProperty(this, marker, { value: true });
        }
      }
    }

    static isInstance<T>(this: { readonly marker: symbol; readonly prototype: T }, error: unknown): error is T {
      return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[this.marker] === true;
    }
  };
}
