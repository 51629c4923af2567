import { describe, expect, it } from 'vitest';
import { errorBaseClass } from '../src/index.js';

class PkgError extends errorBaseClass<'A' | 'B'>('@aug/test-pkg', 'PkgError') {}
class AError extends PkgError {
  static override readonly marker: symbol = Symbol.for('@aug/test-pkg.error.AError');
  constructor(message: string) {
    super('A', message);
    this.name = 'AError';
  }
}
class BError extends PkgError {
  static override readonly marker: symbol = Symbol.for('@aug/test-pkg.error.BError');
  constructor() {
    super('B', 'b');
    this.name = 'BError';
  }
}
class SubAError extends AError {
  static override readonly marker: symbol = Symbol.for('@aug/test-pkg.error.SubAError');
}

describe('errorBaseClass', () => {
  it('sets code, name, message and cause', () => {
    const cause = new Error('root');
    const e = new PkgError('B', 'msg', { cause });
    expect(e).toBeInstanceOf(Error);
    expect([e.code, e.name, e.message, e.cause]).toEqual(['B', 'PkgError', 'msg', cause]);
    expect(new AError('x').name).toBe('AError');
  });

  it('answers isInstance per class: the base for all, a subclass only for itself and below', () => {
    const a = new AError('x');
    const b = new BError();
    const sub = new SubAError('y');
    expect([PkgError.isInstance(a), PkgError.isInstance(b), PkgError.isInstance(sub)]).toEqual([true, true, true]);
    expect([AError.isInstance(a), AError.isInstance(b), AError.isInstance(sub)]).toEqual([true, false, true]);
    expect([BError.isInstance(a), BError.isInstance(b)]).toEqual([false, true]);
    expect(SubAError.isInstance(a)).toBe(false);
    expect(AError.isInstance(new PkgError('A', 'x'))).toBe(false);
    expect(PkgError.isInstance(new Error('x'))).toBe(false);
    expect(PkgError.isInstance(null)).toBe(false);
  });

  it('works across two copies of a package (registered markers, not prototypes)', () => {
    class OtherCopyBase extends errorBaseClass<'A'>('@aug/test-pkg', 'PkgError') {}
    class OtherCopyA extends OtherCopyBase {
      static override readonly marker: symbol = Symbol.for('@aug/test-pkg.error.AError');
    }
    const fromOtherCopy = new OtherCopyA('A', 'x');
    expect(fromOtherCopy instanceof AError).toBe(false);
    expect(AError.isInstance(fromOtherCopy)).toBe(true);
    expect(PkgError.isInstance(fromOtherCopy)).toBe(true);
    expect(BError.isInstance(fromOtherCopy)).toBe(false);
  });

  it('narrows the type to the class it is called on', () => {
    const e: unknown = new AError('x');
    if (AError.isInstance(e)) expect(e.code).toBe('A');
    else throw new Error('expected an AError');
  });
});
