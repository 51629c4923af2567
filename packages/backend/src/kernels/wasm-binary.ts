/**
 * A minimal WebAssembly binary writer: enough to assemble aug's small SIMD kernels at run time (no
 * toolchain, no `.wasm` file to ship or fetch). A module imports one memory (`env.memory`) and exports
 * functions of `i32` and `f32` parameters and no results; each body is given as instruction bytes
 * built with the helpers below (`local.get`, `v128.load`, `f32x4.mul`, ...).
 *
 * @example
 * ```ts
 * const body = [...localGet(0), ...localGet(1), 0x6a, 0x1a]; // (param i32 i32) drop(a + b)
 * const bytes = wasmModule([{ name: 'f', params: ['i32', 'i32'], locals: [], body }]);
 * ```
 */

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let n = value >>> 0;
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (i32 constants). */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let n = value | 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** The value types aug's kernels use. */
export type WasmValueType = 'i32' | 'f32' | 'v128';
const TYPE_CODE: Record<WasmValueType, number> = { i32: 0x7f, f32: 0x7d, v128: 0x7b };

/** One exported function: its parameters, extra locals (numbered after the parameters) and body. */
export interface WasmFunction {
  readonly name: string;
  readonly params: readonly WasmValueType[];
  readonly locals: readonly WasmValueType[];
  /** The instructions, without the final `end`. */
  readonly body: readonly number[];
}

const vector = (items: readonly (readonly number[])[]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: readonly number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (text: string): number[] => {
  const bytes = [...text].map((c) => c.charCodeAt(0));
  return [...uleb(bytes.length), ...bytes];
};

/** The bytes of a module that imports `env.memory` (at least one page) and exports `functions`. */
export function wasmModule(functions: readonly WasmFunction[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((p) => [TYPE_CODE[p]])), 0]);
  const bodies = functions.map((f) => {
    const locals = vector(f.locals.map((l) => [1, TYPE_CODE[l]]));
    const code = [...locals, ...f.body, 0x0b];
    return [...uleb(code.length), ...code];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(types)),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vector(bodies)),
  ]);
}

/** `local.get i`. */
export const localGet = (i: number): number[] => [0x20, ...uleb(i)];
/** `local.set i`. */
export const localSet = (i: number): number[] => [0x21, ...uleb(i)];
/** `local.tee i`. */
export const localTee = (i: number): number[] => [0x22, ...uleb(i)];
/** `i32.const v`. */
export const i32Const = (v: number): number[] => [0x41, ...sleb(v)];
/** `i32.add`. */
export const I32_ADD = 0x6a;
/** `i32.ge_u`. */
export const I32_GE_U = 0x4f;

/** A SIMD instruction (`0xfd` prefix and its opcode). */
export const simd = (opcode: number): number[] => [0xfd, ...uleb(opcode)];
/** `v128.load` of 16 bytes at the address on the stack (alignment 16, offset 0). */
export const V128_LOAD = [...simd(0x00), 4, 0];
/** `v128.store` (address, value). */
export const V128_STORE = [...simd(0x0b), 4, 0];
/** `v128.load` of 16 bytes at the address on the stack plus `offset`. */
export const v128LoadAt = (offset: number): number[] => [...simd(0x00), 4, ...uleb(offset)];
/** `v128.store` (address, value) at the address plus `offset`. */
export const v128StoreAt = (offset: number): number[] => [...simd(0x0b), 4, ...uleb(offset)];
/** `i32.shl`. */
export const I32_SHL = 0x74;
/** `select` (a, b, condition): a when the condition is non-zero. */
export const SELECT = 0x1b;
/** `i8x16.shuffle` moving lanes 2 and 3 (bytes 8-15) of the first operand to lanes 0 and 1. */
export const HIGH_HALF = [...simd(0x0d), 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];

/** `i8x16.shuffle` picking float32 lanes: `lanes[k]` 0-3 from the first operand, 4-7 from the second. */
export function shuffleF32(lanes: readonly [number, number, number, number]): number[] {
  return [...simd(0x0d), ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3])];
}

/** `v128.const` with four copies of the float32 `value`. */
export function f32x4Const(value: number): number[] {
  const bytes = new Uint8Array(16);
  new Float32Array(bytes.buffer).fill(value);
  return [...simd(0x0c), ...bytes];
}
/** The float32x4 and v128 operations aug's kernels use (IEEE-754 single precision, round to nearest). */
export const OP = {
  splat: simd(0x13),
  ne: simd(0x42),
  gt: simd(0x44),
  bitselect: simd(0x52),
  sqrt: simd(0xe3),
  add: simd(0xe4),
  sub: simd(0xe5),
  mul: simd(0xe6),
  div: simd(0xe7),
  max: simd(0xe9),
  /** `f64x2.promote_low_f32x4`: lanes 0 and 1 as float64 (exact). */
  promoteLow: simd(0x5f),
  addF64: simd(0xf0),
  mulF64: simd(0xf2),
} as const;

/**
 * A loop over `[0, bytes)` in steps of 16 bytes with the byte index in local `index`: `block loop (br_if
 * out when index >= bytes) step (index += 16) br 0 end end`.
 */
export function loop16(index: number, bytes: number, step: readonly number[]): number[] {
  return [
    0x02, 0x40, 0x03, 0x40,
    ...localGet(index), ...localGet(bytes), I32_GE_U, 0x0d, 0x01,
    ...step,
    ...localGet(index), ...i32Const(16), I32_ADD, ...localSet(index),
    0x0c, 0x00, 0x0b, 0x0b,
  ];
}
