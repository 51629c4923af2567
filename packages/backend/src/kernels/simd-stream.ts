import {
  f32x4Const, HIGH_HALF, i32Const, I32_ADD, I32_GE_U, I32_SHL, localGet, localSet, localTee, loop16, OP, SELECT, shuffleF32, V128_LOAD, V128_STORE, v128LoadAt, v128StoreAt,
  wasmModule, type WasmFunction,
} from './wasm-binary.js';

/**
 * Element-wise kernels in WebAssembly SIMD (four float32 lanes per instruction), streamed through a small
 * scratch memory: each input is copied in a chunk at a time (a native `TypedArray.set`), the chunk is
 * computed while it sits in the core's cache, and the result is copied out into the caller's array. The
 * arrays stay ordinary JavaScript memory (tfjs tensors' buffers); the copies cost about what the loads and
 * stores of a native loop would, so a kernel runs at memory speed instead of V8's one element at a time.
 * Measured on the 2-core AVX-512 VM, 2,097,152 values, memory flushed before each call: ReLU's gradient
 * 3.4 -> 1.3-1.5 ms, `a + b` 2.9 -> 1.2 ms; Adam over 2,359,296 weights 19 -> 5 ms (onnxruntime's
 * 14-node graph: 7.5-9 ms).
 *
 * Every operation is one IEEE-754 float32 operation rounded to nearest (WebAssembly's `f32x4` arithmetic
 * does not flush subnormals), so results equal aug's JavaScript loops to the bit (those round a float64
 * result of float32 operands to float32, which gives the same value for `+ - * /` and `sqrt`), except the
 * payload bits of a NaN.
 */

/** Values per stream per chunk: 32 KiB, so Adam's seven streams (224 KiB) stay in a core's L2 cache. */
const CHUNK = 8192;
/** Streams the scratch memory holds (Adam: four inputs and three outputs). */
const STREAMS = 7;
/** The most channels the BatchNorm kernels take (their per-channel sums and coefficients fit in the scratch memory). */
export const SIMD_BATCH_NORM_MAX_CHANNELS = 8192;
/** Byte offsets of the BatchNorm accumulators (8 float64 per 4 channels) and coefficients (16 float32 per 4 channels). */
const ACC = CHUNK * STREAMS * 4;
const COEF = ACC + SIMD_BATCH_NORM_MAX_CHANNELS * 16;
const MEMORY_BYTES = COEF + SIMD_BATCH_NORM_MAX_CHANNELS * 16;

/** The binary operations {@link SimdStream.binary} runs. */
export type SimdBinaryOp = 'add' | 'sub' | 'mul' | 'div';

/** The float32 scalars of an Adam step, already rounded as tfjs rounds them (see `adamUpdate`). */
export interface SimdAdamScalars {
  readonly beta1: number;
  readonly oneMinusBeta1: number;
  readonly beta2: number;
  readonly oneMinusBeta2: number;
  readonly c1: number;
  readonly c2: number;
  readonly epsilon: number;
  readonly negLr: number;
}

/**
 * The streamed kernels. Inputs and outputs are float32 arrays of one length; an output must not be one of
 * the inputs' arrays (each chunk's inputs are copied in before its result is written, so an output that
 * aliases an input exactly is safe, but partial overlaps are not).
 *
 * @example
 * ```ts
 * const s = simdStream();
 * if (s !== null) s.binary('mul', grad, null, -0.05, out); // out = grad * -0.05
 * ```
 */
export interface SimdStream {
  /** `y = max(x, 0)` with tfjs's rules: +0 for -0 and negative values, NaN stays NaN. */
  relu(x: Float32Array, y: Float32Array): void;
  /** `dx = dy * step(x)` with tfjs's `step` (1 above zero, 0 at and below, NaN for NaN). */
  reluGrad(dy: Float32Array, x: Float32Array, dx: Float32Array): void;
  /**
   * `out = a op b`, or with `b` null `a op scalar` (`scalarFirst`: `scalar op a`), `scalar` a float32 value.
   */
  binary(op: SimdBinaryOp, a: Float32Array, b: Float32Array | null, scalar: number, out: Float32Array, scalarFirst?: boolean): void;
  /**
   * BatchNorm's training forward pass over `rows` rows of `channels` values (`batchNormForwardRows`'s
   * contract: the same float64 sums, so the same mean, variance and invStd to the bit; `y = x * a + b` in
   * float32 operations, within a rounding of that function's). Returns false, having done nothing, when
   * `channels` is not a multiple of 4 or above {@link SIMD_BATCH_NORM_MAX_CHANNELS}.
   */
  batchNormForward(
    x: Float32Array, rows: number, channels: number, scale: Float32Array, offset: Float32Array, epsilon: number,
    y: Float32Array, mean: Float32Array, variance: Float32Array, invStd: Float32Array,
  ): boolean;
  /**
   * The gradient of {@link SimdStream.batchNormForward} (`batchNormBackwardRows`'s contract: the same float64
   * sums, so `dScale` and `dOffset` to the bit; `dx` within a rounding or two). False, having done nothing,
   * for the channel counts the forward pass refuses.
   */
  batchNormBackward(
    dy: Float32Array, x: Float32Array, rows: number, channels: number, mean: Float32Array, invStd: Float32Array, scale: Float32Array,
    dx: Float32Array, dScale: Float32Array, dOffset: Float32Array,
  ): boolean;
  /**
   * `y = x * a[c] + b[c]` over rows of `channels` values, `a` and `b` rounded to float32 first, each step one
   * float32 rounding (BatchNorm in inference mode, as onnxruntime's `Mul` and `Add` compute it). False,
   * having done nothing, for the channel counts {@link SimdStream.batchNormForward} refuses.
   */
  channelAffine(x: Float32Array, channels: number, a: ArrayLike<number>, b: ArrayLike<number>, y: Float32Array): boolean;
  /** One Adam step (the arithmetic of `adamUpdate`, in its order). */
  adam(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: SimdAdamScalars, wOut: Float32Array, mOut: Float32Array, vOut: Float32Array): void;
}

// Functions of (in0, in1, out, bytes): locals 4 = byte index, 5 = a v128 temporary.
const I = 4;
const T = 5;
const at = (base: number): number[] => [...localGet(base), ...localGet(I), I32_ADD];
const load = (base: number): number[] => [...at(base), ...V128_LOAD];
const store = (base: number, value: readonly number[]): number[] => [...at(base), ...value, ...V128_STORE];
const splat = (local: number): number[] => [...localGet(local), ...OP.splat];

function streamFunction(name: string, value: readonly number[], scalar = false): WasmFunction {
  return {
    name,
    params: scalar ? ['i32', 'f32', 'i32', 'i32'] : ['i32', 'i32', 'i32', 'i32'],
    locals: ['i32', 'v128'],
    body: [...i32Const(0), ...localSet(I), ...loop16(I, 3, store(2, value))],
  };
}

/** `dy * select(x > 0: 1, x is NaN: x, else 0)`. */
const RELU_GRAD = [
  ...load(0),
  ...f32x4Const(1),
  ...load(1), ...localTee(T), ...f32x4Const(0), ...localGet(T), ...localGet(T), ...OP.ne, ...OP.bitselect,
  ...localGet(T), ...f32x4Const(0), ...OP.gt, ...OP.bitselect,
  ...OP.mul,
];

/** `max(x, 0)`: +0 for -0 and every negative value, NaN stays NaN (WebAssembly's `max` orders -0 below +0). */
const RELU = [...load(0), ...f32x4Const(0), ...OP.max];

const binaryValue = (op: SimdBinaryOp) => [...load(0), ...load(1), ...OP[op]];
const scalarValue = (op: SimdBinaryOp, scalarFirst: boolean) => (scalarFirst ? [...splat(1), ...load(0), ...OP[op]] : [...load(0), ...splat(1), ...OP[op]]);

/**
 * Adam: params w, g, m, v, wOut, mOut, vOut (byte offsets), bytes, then the eight float32 scalars
 * (8 beta1, 9 oneMinusBeta1, 10 beta2, 11 oneMinusBeta2, 12 c1, 13 c2, 14 epsilon, 15 negLr); locals
 * 16 = byte index, 17 = g, 18 = m'.
 */
function adamFunction(): WasmFunction {
  const i = 16;
  const g = 17;
  const mNew = 18;
  const addr = (base: number) => [...localGet(base), ...localGet(i), I32_ADD];
  const ld = (base: number) => [...addr(base), ...V128_LOAD];
  const step = [
    ...ld(1), ...localSet(g),
    // m' = m*b1 + g*(1-b1)
    ...addr(5), ...ld(2), ...splat(8), ...OP.mul, ...localGet(g), ...splat(9), ...OP.mul, ...OP.add, ...localTee(mNew), ...V128_STORE,
    // v' = v*b2 + (g*g)*(1-b2); g now holds v'
    ...addr(6), ...ld(3), ...splat(10), ...OP.mul, ...localGet(g), ...localGet(g), ...OP.mul, ...splat(11), ...OP.mul, ...OP.add, ...localTee(g), ...V128_STORE,
    // w' = ((m'/c1) / (sqrt(v'/c2) + eps)) * -lr + w
    ...addr(4),
    ...localGet(mNew), ...splat(12), ...OP.div,
    ...localGet(g), ...splat(13), ...OP.div, ...OP.sqrt, ...splat(14), ...OP.add,
    ...OP.div, ...splat(15), ...OP.mul, ...ld(0), ...OP.add,
    ...V128_STORE,
  ];
  return {
    name: 'adam',
    params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32'],
    locals: ['i32', 'v128', 'v128'],
    body: [...i32Const(0), ...localSet(i), ...loop16(i, 7, step)],
  };
}

/**
 * A loop over `[0, bytes)` in steps of 16 bytes (local `i`) that also walks each row's bytes (local `j`,
 * back to 0 after `rowBytes`): the per-channel position of the four values at `i`.
 */
function rowLoop(i: number, j: number, rowBytes: number, bytes: number, step: readonly number[]): number[] {
  return [
    ...i32Const(0), ...localSet(i), ...i32Const(0), ...localSet(j),
    0x02, 0x40, 0x03, 0x40,
    ...localGet(i), ...localGet(bytes), I32_GE_U, 0x0d, 0x01,
    ...step,
    ...localGet(i), ...i32Const(16), I32_ADD, ...localSet(i),
    // j = j + 16 >= rowBytes ? 0 : j + 16
    ...i32Const(0), ...localGet(j), ...i32Const(16), I32_ADD, ...localTee(j), ...localGet(j), ...localGet(rowBytes), I32_GE_U, SELECT, ...localSet(j),
    0x0c, 0x00, 0x0b, 0x0b,
  ];
}

/** `local = base + (j << 2)`: the 64 bytes of accumulators or coefficients of the four channels at `j`. */
const slot = (base: number, j: number, local: number): number[] => [...localGet(base), ...localGet(j), ...i32Const(2), I32_SHL, I32_ADD, ...localSet(local)];
/** `acc[offset] += value` (float64x2), `value` given as instructions. */
const accumulate = (a: number, offset: number, value: readonly number[]): number[] => [...localGet(a), ...localGet(a), ...v128LoadAt(offset), ...value, ...OP.addF64, ...v128StoreAt(offset)];
/** The float64 lanes of the low and high halves of the float32x4 in `local`. */
const low = (local: number): number[] => [...localGet(local), ...OP.promoteLow];
const high = (local: number): number[] => [...localGet(local), ...localGet(local), ...HIGH_HALF, ...OP.promoteLow];

/** `bn_stats(x, acc, rowBytes, bytes)`: per channel, float64 sums of x and x*x (exact products), row by row. */
function batchNormStatsFunction(): WasmFunction {
  const [i, j, a, v] = [4, 5, 6, 7];
  return {
    name: 'bn_stats',
    params: ['i32', 'i32', 'i32', 'i32'],
    locals: ['i32', 'i32', 'i32', 'v128'],
    body: rowLoop(i, j, 2, 3, [
      ...localGet(0), ...localGet(i), I32_ADD, ...V128_LOAD, ...localSet(v),
      ...slot(1, j, a),
      ...accumulate(a, 0, low(v)), ...accumulate(a, 16, high(v)),
      ...accumulate(a, 32, [...low(v), ...low(v), ...OP.mulF64]), ...accumulate(a, 48, [...high(v), ...high(v), ...OP.mulF64]),
    ]),
  };
}

/** `bn_grad_sums(dy, x, acc, rowBytes, bytes)`: per channel, float64 sums of dy and dy*x. */
function batchNormGradSumsFunction(): WasmFunction {
  const [i, j, a, g, x] = [5, 6, 7, 8, 9];
  return {
    name: 'bn_grad_sums',
    params: ['i32', 'i32', 'i32', 'i32', 'i32'],
    locals: ['i32', 'i32', 'i32', 'v128', 'v128'],
    body: rowLoop(i, j, 3, 4, [
      ...localGet(0), ...localGet(i), I32_ADD, ...V128_LOAD, ...localSet(g),
      ...localGet(1), ...localGet(i), I32_ADD, ...V128_LOAD, ...localSet(x),
      ...slot(2, j, a),
      ...accumulate(a, 0, low(g)), ...accumulate(a, 16, high(g)),
      ...accumulate(a, 32, [...low(g), ...low(x), ...OP.mulF64]), ...accumulate(a, 48, [...high(g), ...high(x), ...OP.mulF64]),
    ]),
  };
}

/** `bn_apply(x, coef, y, rowBytes, bytes)`: `y = x * a + b`, per channel `a`, `b` at coef slots 0, 16. */
function batchNormApplyFunction(): WasmFunction {
  const [i, j, c] = [5, 6, 7];
  return {
    name: 'bn_apply',
    params: ['i32', 'i32', 'i32', 'i32', 'i32'],
    locals: ['i32', 'i32', 'i32'],
    body: rowLoop(i, j, 3, 4, [
      ...slot(1, j, c),
      ...localGet(2), ...localGet(i), I32_ADD,
      ...localGet(0), ...localGet(i), I32_ADD, ...V128_LOAD, ...localGet(c), ...v128LoadAt(0), ...OP.mul,
      ...localGet(c), ...v128LoadAt(16), ...OP.add,
      ...V128_STORE,
    ]),
  };
}

/** `bn_grad_apply(dy, x, coef, dx, rowBytes, bytes)`: `dx = dy * a + x * b + k`, `a`, `b`, `k` at coef slots 0, 16, 32. */
function batchNormGradApplyFunction(): WasmFunction {
  const [i, j, c] = [6, 7, 8];
  return {
    name: 'bn_grad_apply',
    params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
    locals: ['i32', 'i32', 'i32'],
    body: rowLoop(i, j, 4, 5, [
      ...slot(2, j, c),
      ...localGet(3), ...localGet(i), I32_ADD,
      ...localGet(0), ...localGet(i), I32_ADD, ...V128_LOAD, ...localGet(c), ...v128LoadAt(0), ...OP.mul,
      ...localGet(1), ...localGet(i), I32_ADD, ...V128_LOAD, ...localGet(c), ...v128LoadAt(16), ...OP.mul,
      ...OP.add, ...localGet(c), ...v128LoadAt(32), ...OP.add,
      ...V128_STORE,
    ]),
  };
}

/**
 * `frames_gather(x, frames, images, H, rowBytes, C4, Q4, W4, FW4, image4)`: the channel-frame transpose of an
 * NHWC input (channels and width multiples of 4; all sizes in bytes): for each image row, every 4 pixels x 4
 * channels are transposed (two rounds of shuffles) and stored as 4 values of 4 channel frames, channel `c` of
 * image row `h` of image `n` at `frames + c * Q4 + n * image4 + h * FW4` (`frames` already offset to the first
 * data position). `image4` is one image's frame and `FW4` one frame row.
 */
function framesGatherFunction(): WasmFunction {
  const [x, frames, images, height, rowBytes, c4, q4, w4, fw4, image4] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [n, h, src, dst, c, w, pix, dstC, q2, q3, c8, c12] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
  const [a, b, cv, d, lo, hi] = [22, 23, 24, 25, 26, 27];
  const add = (p: number, q: number) => [...localGet(p), ...localGet(q), I32_ADD];
  const inc = (local: number, by: readonly number[]) => [...localGet(local), ...by, I32_ADD, ...localSet(local)];
  const loop = (index: number, end: number, body: readonly number[], step: readonly number[]) => [
    ...i32Const(0), ...localSet(index),
    0x02, 0x40, 0x03, 0x40,
    ...localGet(index), ...localGet(end), I32_GE_U, 0x0d, 0x01,
    ...body,
    ...step,
    0x0c, 0x00, 0x0b, 0x0b,
  ];
  const store = (address: readonly number[], value: number, lanes: readonly [number, number, number, number], other: number) => [
    ...address, ...localGet(value), ...localGet(other), ...shuffleF32(lanes), ...V128_STORE,
  ];
  const pixels = [
    ...localGet(pix), ...V128_LOAD, ...localSet(a),
    ...add(pix, c4), ...V128_LOAD, ...localSet(b),
    ...add(pix, c8), ...V128_LOAD, ...localSet(cv),
    ...add(pix, c12), ...V128_LOAD, ...localSet(d),
    // a0 b0 a1 b1 | a2 b2 a3 b3, then c/d the same; the rows of the transpose pair them up.
    ...localGet(a), ...localGet(b), ...shuffleF32([0, 4, 1, 5]), ...localSet(lo),
    ...localGet(a), ...localGet(b), ...shuffleF32([2, 6, 3, 7]), ...localSet(hi),
    ...localGet(cv), ...localGet(d), ...shuffleF32([0, 4, 1, 5]), ...localSet(a),
    ...localGet(cv), ...localGet(d), ...shuffleF32([2, 6, 3, 7]), ...localSet(b),
    ...store(add(dstC, w), lo, [0, 1, 4, 5], a),
    ...store([...add(dstC, w), ...localGet(q4), I32_ADD], lo, [2, 3, 6, 7], a),
    ...store([...add(dstC, w), ...localGet(q2), I32_ADD], hi, [0, 1, 4, 5], b),
    ...store([...add(dstC, w), ...localGet(q3), I32_ADD], hi, [2, 3, 6, 7], b),
  ];
  const channels = loop(c, c4, [
    ...add(src, c), ...localSet(pix),
    ...loop(w, w4, pixels, [...inc(pix, [...localGet(c4), ...localGet(c4), I32_ADD, ...localGet(c8), I32_ADD]), ...inc(w, i32Const(16))]),
  ], [...inc(c, i32Const(16)), ...inc(dstC, [...localGet(q2), ...localGet(q2), I32_ADD])]);
  const rows = loop(h, height, [
    ...localGet(dst), ...localSet(dstC),
    ...channels,
  ], [...inc(src, localGet(rowBytes)), ...inc(dst, localGet(fw4)), ...inc(h, i32Const(1))]);
  const body = [
    ...localGet(q4), ...localGet(q4), I32_ADD, ...localSet(q2),
    ...localGet(q2), ...localGet(q4), I32_ADD, ...localSet(q3),
    ...localGet(c4), ...localGet(c4), I32_ADD, ...localSet(c8),
    ...localGet(c8), ...localGet(c4), I32_ADD, ...localSet(c12),
    ...localGet(x), ...localSet(src),
    ...loop(n, images, [
      // dst: this image's first data position
      ...localGet(frames), ...localSet(dst),
      ...rows,
    ], [...inc(frames, localGet(image4)), ...inc(n, i32Const(1))]),
  ];
  return {
    name: 'frames_gather',
    params: Array<'i32'>(10).fill('i32'),
    locals: [...Array<'i32'>(12).fill('i32'), ...Array<'v128'>(6).fill('v128')],
    body,
  };
}

const OPS: readonly SimdBinaryOp[] = ['add', 'sub', 'mul', 'div'];

/** The module's bytes (exported for tests). */
export function simdStreamModule(): Uint8Array {
  return wasmModule([
    streamFunction('relu_grad', RELU_GRAD),
    streamFunction('relu', RELU),
    ...OPS.map((op) => streamFunction(op, binaryValue(op))),
    ...OPS.map((op) => streamFunction(`${op}_s`, scalarValue(op, false), true)),
    ...OPS.map((op) => streamFunction(`s_${op}`, scalarValue(op, true), true)),
    adamFunction(),
    batchNormStatsFunction(),
    batchNormGradSumsFunction(),
    batchNormApplyFunction(),
    batchNormGradApplyFunction(),
    framesGatherFunction(),
  ]);
}

/** The part of the WebAssembly JS API used here (the ES2022 lib has no WebAssembly types). */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, (...args: number[]) => void> };
}

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

type Exports = Record<string, (...args: number[]) => void>;

let compiled: { api: WebAssemblyApi; module: object } | null | undefined;

/** The compiled module (once per process), or null where WebAssembly or its SIMD instructions are missing. */
function compiledModule(): { api: WebAssemblyApi; module: object } | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  const api = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (api === undefined) return null;
  try {
    const bytes = simdStreamModule();
    if (api.validate(bytes)) compiled = { api, module: new api.Module(bytes) };
  } catch {
    compiled = null; // e.g. a page whose content security policy forbids compiling WebAssembly
  }
  return compiled;
}

/** Whether the per-channel kernels take `channels`: whole vectors of 4, and room for their sums and coefficients. */
const takesChannels = (channels: number): boolean => channels > 0 && channels % 4 === 0 && channels <= SIMD_BATCH_NORM_MAX_CHANNELS;
/** Values per chunk of whole rows of `channels` values. */
const rowsPerChunk = (channels: number): number => Math.floor(CHUNK / channels) * channels;

class StreamedKernels implements SimdStream {
  private readonly heap: Float32Array;
  private readonly acc: Float64Array;
  private readonly coef: Float32Array;

  constructor(private readonly fns: Exports, buffer: ArrayBuffer) {
    this.heap = new Float32Array(buffer, 0, CHUNK * STREAMS);
    this.acc = new Float64Array(buffer, ACC, SIMD_BATCH_NORM_MAX_CHANNELS * 2);
    this.coef = new Float32Array(buffer, COEF, SIMD_BATCH_NORM_MAX_CHANNELS * 4);
  }

  /**
   * Sums per channel over all rows with `fn` (chunks of whole rows; `inputs` copied into streams 0..),
   * returning each channel's two float64 sums through `use(channel, first, second)`.
   */
  private channelSums(inputs: readonly Float32Array[], channels: number, fn: (rowBytes: number, bytes: number) => void, use: (c: number, first: number, second: number) => void): void {
    this.acc.fill(0, 0, channels * 2);
    this.stream(inputs, [], 0, (bytes) => fn(channels * 4, bytes), rowsPerChunk(channels));
    // Per 4 channels: first sums of lanes 0-1, 2-3, then second sums of lanes 0-1, 2-3.
    for (let c = 0; c < channels; c++) {
      const base = (c >> 2) * 8 + (c & 3);
      use(c, this.acc[base]!, this.acc[base + 4]!);
    }
  }

  /** Coefficient `slot` (0, 1, 2) of channel `c` in the coefficient block. */
  private setCoef(c: number, slotIndex: number, value: number): void {
    this.coef[(c >> 2) * 16 + slotIndex * 4 + (c & 3)] = value;
  }

  batchNormForward(
    x: Float32Array, rows: number, channels: number, scale: Float32Array, offset: Float32Array, epsilon: number,
    y: Float32Array, mean: Float32Array, variance: Float32Array, invStd: Float32Array,
  ): boolean {
    if (!takesChannels(channels)) return false;
    const stats = this.fns['bn_stats']!;
    this.channelSums([x], channels, (rowBytes, bytes) => stats(0, ACC, rowBytes, bytes), (c, sum, sq) => {
      // batchNormForwardRows' arithmetic, on the same float64 sums.
      const m = sum / rows;
      const v = Math.max(0, sq / rows - m * m);
      const inv = 1 / Math.sqrt(v + epsilon);
      mean[c] = m;
      variance[c] = v;
      invStd[c] = inv;
      this.setCoef(c, 0, scale[c]! * inv);
      this.setCoef(c, 1, offset[c]! - m * scale[c]! * inv);
    });
    const apply = this.fns['bn_apply']!;
    this.stream([x], [y], 1, (bytes) => apply(0, COEF, CHUNK * 4, channels * 4, bytes), rowsPerChunk(channels));
    return true;
  }

  channelAffine(x: Float32Array, channels: number, a: ArrayLike<number>, b: ArrayLike<number>, y: Float32Array): boolean {
    if (!takesChannels(channels)) return false;
    for (let c = 0; c < channels; c++) {
      this.setCoef(c, 0, a[c]!);
      this.setCoef(c, 1, b[c]!);
    }
    const apply = this.fns['bn_apply']!;
    this.stream([x], [y], 1, (bytes) => apply(0, COEF, CHUNK * 4, channels * 4, bytes), rowsPerChunk(channels));
    return true;
  }

  batchNormBackward(
    dy: Float32Array, x: Float32Array, rows: number, channels: number, mean: Float32Array, invStd: Float32Array, scale: Float32Array,
    dx: Float32Array, dScale: Float32Array, dOffset: Float32Array,
  ): boolean {
    if (!takesChannels(channels)) return false;
    const sums = this.fns['bn_grad_sums']!;
    this.channelSums([dy, x], channels, (rowBytes, bytes) => sums(0, CHUNK * 4, ACC, rowBytes, bytes), (c, sumDy, sumDyX) => {
      // batchNormBackwardRows' arithmetic, on the same float64 sums.
      const inv = invStd[c]!;
      const dyCentered = sumDyX - mean[c]! * sumDy;
      const ac = scale[c]! * inv;
      const bc = (-ac * inv * inv * dyCentered) / rows;
      const cc = (-ac * sumDy) / rows;
      dOffset[c] = sumDy;
      dScale[c] = dyCentered * inv;
      this.setCoef(c, 0, ac);
      this.setCoef(c, 1, bc);
      this.setCoef(c, 2, cc - mean[c]! * bc);
    });
    const apply = this.fns['bn_grad_apply']!;
    this.stream([dy, x], [dx], 2, (bytes) => apply(0, CHUNK * 4, COEF, 2 * CHUNK * 4, channels * 4, bytes), rowsPerChunk(channels));
    return true;
  }

  /**
   * Runs `fn(bytes)` per chunk of `step` values (the last one shorter; `bytes` rounded up to whole vectors)
   * after copying `inputs` into streams 0.., then copies streams `outFrom`.. into `outputs`.
   */
  private stream(inputs: readonly Float32Array[], outputs: readonly Float32Array[], outFrom: number, fn: (bytes: number) => void, step = CHUNK): void {
    const n = inputs[0]!.length;
    const heap = this.heap;
    for (let s = 0; s < n; s += step) {
      const e = Math.min(n, s + step);
      for (let k = 0; k < inputs.length; k++) heap.set(inputs[k]!.subarray(s, e), k * CHUNK);
      fn(((e - s + 3) >> 2) * 16);
      for (let k = 0; k < outputs.length; k++) {
        const from = (outFrom + k) * CHUNK;
        outputs[k]!.set(heap.subarray(from, from + e - s), s);
      }
    }
  }

  relu(x: Float32Array, y: Float32Array): void {
    const f = this.fns['relu']!;
    this.stream([x], [y], 1, (bytes) => f(0, 0, CHUNK * 4, bytes));
  }

  reluGrad(dy: Float32Array, x: Float32Array, dx: Float32Array): void {
    const f = this.fns['relu_grad']!;
    this.stream([dy, x], [dx], 2, (bytes) => f(0, CHUNK * 4, 2 * CHUNK * 4, bytes));
  }

  binary(op: SimdBinaryOp, a: Float32Array, b: Float32Array | null, scalar: number, out: Float32Array, scalarFirst = false): void {
    if (b !== null) {
      const f = this.fns[op]!;
      this.stream([a, b], [out], 2, (bytes) => f(0, CHUNK * 4, 2 * CHUNK * 4, bytes));
      return;
    }
    const f = this.fns[scalarFirst ? `s_${op}` : `${op}_s`]!;
    this.stream([a], [out], 1, (bytes) => f(0, scalar, CHUNK * 4, bytes));
  }

  adam(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: SimdAdamScalars, wOut: Float32Array, mOut: Float32Array, vOut: Float32Array): void {
    const f = this.fns['adam']!;
    const c = CHUNK * 4;
    this.stream([w, g, m, v], [wOut, mOut, vOut], 4, (bytes) =>
      f(0, c, 2 * c, 3 * c, 4 * c, 5 * c, 6 * c, bytes, s.beta1, s.oneMinusBeta1, s.beta2, s.oneMinusBeta2, s.c1, s.c2, s.epsilon, s.negLr),
    );
  }
}

let instance: SimdStream | null | undefined;
let enabled = true;

/**
 * The streamed SIMD kernels, or null where WebAssembly or its SIMD instructions are missing (the callers
 * then run their JavaScript loops) or after {@link setSimdStreamEnabled}(false). Built on the first call
 * (a ~2 KB module compiled synchronously) and shared by every backend of the process.
 *
 * @example
 * ```ts
 * const s = simdStream();
 * if (s !== null && n >= SIMD_STREAM_MIN_LENGTH) s.reluGrad(dy, x, dx); else reluGradLoop(dy, x, dx);
 * ```
 */
export function simdStream(): SimdStream | null {
  if (!enabled) return null;
  if (instance !== undefined) return instance;
  const c = compiledModule();
  if (c === null) return (instance = null);
  const memory = new c.api.Memory({ initial: Math.ceil(MEMORY_BYTES / 65536) });
  instance = new StreamedKernels(new c.api.Instance(c.module, { env: { memory } }).exports, memory.buffer);
  return instance;
}

/**
 * A growable WebAssembly memory holding an NHWC input and its channel frames (`channel-frames.ts`), with the
 * SIMD transpose that writes the frames: the frames are a scratch buffer onnxruntime reads directly, so the
 * transpose writes them in place. One per filter-gradient kernel; its memory grows to the largest geometry
 * and is released with the kernel.
 *
 * @example
 * ```ts
 * const ws = channelFrameWorkspace();
 * const views = ws?.views(x.length, layout.length); // null: write the frames in JavaScript
 * ```
 */
export interface ChannelFrameWorkspace {
  /**
   * Views of `xLength` values for the input and `framesLength` for the frames (contents unspecified; valid until
   * the next call), or null when they do not fit a WebAssembly memory (4 GiB) or it cannot grow (then use the
   * JavaScript frames).
   */
  views(xLength: number, framesLength: number): { x: Float32Array; frames: Float32Array } | null;
  /**
   * Transposes the input view (`images` x `height` x `width` x `channels`; channels and width multiples of 4)
   * into channel frames of `positions` values each (channel `c` at `c * positions`), image `n`'s row `h` at
   * `firstData + n * imageFrame + h * frameWidth` of each channel's frame. Writes the data positions only.
   */
  gather(images: number, height: number, width: number, channels: number, positions: number, frameWidth: number, imageFrame: number, firstData: number): void;
}

/** The most a frame workspace holds: a 32-bit WebAssembly memory's 65,536 pages of 64 KiB. */
const MAX_WORKSPACE_BYTES = 65536 * 65536;

class FrameWorkspace implements ChannelFrameWorkspace {
  private readonly memory: WasmMemory;
  private readonly gatherFn: (...args: number[]) => void;
  private xBytes = 0;

  constructor(api: WebAssemblyApi, module: object) {
    this.memory = new api.Memory({ initial: 1, maximum: 65536 });
    this.gatherFn = new api.Instance(module, { env: { memory: this.memory } }).exports['frames_gather']!;
  }

  views(xLength: number, framesLength: number): { x: Float32Array; frames: Float32Array } | null {
    const xBytes = Math.ceil((xLength * 4) / 64) * 64;
    const need = xBytes + framesLength * 4;
    if (need > MAX_WORKSPACE_BYTES) return null;
    const have = this.memory.buffer.byteLength;
    if (need > have) {
      try {
        this.memory.grow(Math.ceil((need - have) / 65536));
      } catch {
        return null; // the address space or the engine refused the growth
      }
    }
    this.xBytes = xBytes;
    return { x: new Float32Array(this.memory.buffer, 0, xLength), frames: new Float32Array(this.memory.buffer, this.xBytes, framesLength) };
  }

  gather(images: number, height: number, width: number, channels: number, positions: number, frameWidth: number, imageFrame: number, firstData: number): void {
    if (channels % 4 !== 0 || width % 4 !== 0) throw new RangeError(`ChannelFrameWorkspace.gather: channels (${channels}) and width (${width}) must be multiples of 4`);
    this.gatherFn(0, this.xBytes + firstData * 4, images, height, width * channels * 4, channels * 4, positions * 4, width * 4, frameWidth * 4, imageFrame * 4);
  }
}

/** A new {@link ChannelFrameWorkspace}, or null where the streamed SIMD kernels are off or missing. */
export function channelFrameWorkspace(): ChannelFrameWorkspace | null {
  if (!enabled) return null;
  const c = compiledModule();
  return c === null ? null : new FrameWorkspace(c.api, c.module);
}

/**
 * Turns the streamed kernels off (every caller runs its JavaScript loop) or back on: for comparisons and
 * tests. Not part of the package's public API.
 */
export function setSimdStreamEnabled(on: boolean): void {
  enabled = on;
}

/** Arrays shorter than this keep the JavaScript loops (the chunk copies' fixed cost is more than the loop). */
export const SIMD_STREAM_MIN_LENGTH = 1024;
