import { BackendUnavailableError } from '../errors.js';
import { onnxModel, type OnnxGraph } from './onnx-model.js';

/** The npm package of the native engine. */
export const ORT_PACKAGE = 'onnxruntime-node';

/** What aug needs of `onnxruntime-common`'s `Tensor` (the class the binding creates and reads). */
export interface OrtTensorLike {
  readonly data: unknown;
  readonly dims: readonly number[];
  readonly type: string;
}
/** `new Tensor('float32', data, dims)` of onnxruntime-common. */
export type OrtTensorConstructor = new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensorLike;

/** The native session object of onnxruntime-node's binding (its synchronous API). */
export interface OrtBindingSession {
  /** Throws on failure up to onnxruntime-node 1.30; from 1.31 returns a promise, rejected on failure. */
  loadModel(buffer: ArrayBufferLike, byteOffset: number, byteLength: number, options: Record<string, unknown>): void | PromiseLike<void>;
  run(feeds: Record<string, OrtTensorLike>, fetches: Record<string, OrtTensorLike | null>, options: Record<string, unknown>): Record<string, OrtTensorLike>;
  dispose(): void;
}

/** The two modules of onnxruntime-node the route loads. */
export interface OrtModules {
  /** `onnxruntime-node`: its `Tensor`. */
  Tensor: OrtTensorConstructor;
  /** `onnxruntime-node/dist/binding.js`: the native binding, whose `run` is synchronous as tfjs kernels must be. */
  binding: { InferenceSession: new () => OrtBindingSession };
  initOrt: () => void;
}

/** A float32 input or output of a run: the data and its shape. */
export interface OrtFloatTensor {
  data: Float32Array;
  shape: readonly number[];
}

/**
 * How one session runs, where it differs from the engine's defaults.
 *
 * @example
 * ```ts
 * engine.runInto('adam', adamGraph, inputs, outputs, { spinMicroseconds: 100 });
 * ```
 */
export interface SessionTuning {
  /**
   * Microseconds an intra-op worker spins waiting for the next parallel section before it blocks; default 0
   * (block at once). Graphs of many short element-wise nodes need it: on these VMs a blocked worker takes
   * up to a scheduler slice to wake, and each node waits for it (a 14-node Adam update over 2.4M weights:
   * 7.5-9 ms spinning for 100 us, 8-54 ms not spinning).
   */
  readonly spinMicroseconds?: number;
}

/**
 * The tuning of aug's element-wise graphs (BatchNorm, Adam, `Relu`/`Add`): many short nodes, so workers
 * spin 100 us between nodes. (Keeping their intermediates in onnxruntime's arena was measured too: no gain
 * with glibc's malloc tuned or not, 28-30 images/s either way, for its RSS.)
 */
export const ELEMENTWISE_TUNING: SessionTuning = { spinMicroseconds: 100 };

/**
 * Runs small ONNX graphs synchronously in onnxruntime-node: one session per graph key (a kernel and
 * its geometry), built once from the graph and reused. Inputs are passed as the tfjs buffers
 * themselves (no copy) and each output is written by onnxruntime straight into a buffer that becomes the
 * tfjs tensor's. onnxruntime-node (1.30, 1.31) then also copies every output into a new `ArrayBuffer`
 * for the result object `run` returns, which this engine drops: a zeroed allocation and a copy per
 * output that no option of the binding avoids (631 MB per width-64 ResNet-18 step at batch 32, and
 * most of the step's garbage collections; see the README's onnxruntime route).
 */
export class OrtEngine {
  private readonly sessions = new Map<string, OrtBindingSession>();
  /** Sessions whose `loadModel` returned a promise (onnxruntime-node 1.31 and later). */
  private readonly promisedLoads = new WeakSet<OrtBindingSession>();
  private disposed = false;

  /**
   * @param modules - the loaded onnxruntime-node modules
   * @param threads - onnxruntime's intra-op threads per session
   */
  constructor(
    private readonly modules: OrtModules,
    readonly threads: number,
  ) {}

  /** Sessions created so far (one per kernel geometry). */
  get sessionCount(): number {
    return this.sessions.size;
  }

  private session(key: string, build: () => OnnxGraph, tuning: SessionTuning): OrtBindingSession {
    if (this.disposed) throw new BackendUnavailableError('onnxruntime', '@aug/backend: the onnxruntime engine was released (its backend was removed or its kernels uninstalled); call useBackend again');
    let session = this.sessions.get(key);
    if (session === undefined) {
      const bytes = onnxModel(build());
      const spin = tuning.spinMicroseconds ?? 0;
      session = new this.modules.binding.InferenceSession();
      const loading = session.loadModel(bytes.buffer, bytes.byteOffset, bytes.byteLength, {
        intraOpNumThreads: this.threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        executionMode: 'sequential',
        // Per-session arenas each keep their peak (patch matrices of every geometry; the README has the
        // RSS it costs). Freed buffers go back to malloc instead.
        enableCpuMemArena: false,
        enableMemPattern: true,
        logSeverityLevel: 3,
        // Every session has its own intra-op pool (the binding offers no global one) whose workers by
        // default spin after each run; with one session per geometry, a step's dozens of pools spin
        // against each other and against JavaScript (see the README's onnxruntime route). A session
        // that asks for it spins a bounded time instead (SessionTuning.spinMicroseconds).
        extra: { session: { intra_op: spin > 0 ? { allow_spinning: '1', spin_duration_us: String(spin) } : { allow_spinning: '0' } } },
      });
      // onnxruntime-node 1.31 and later return a promise, settled by the time loadModel returns (it loads on
      // the calling thread unless a session registers JavaScript callbacks, which aug's never do), and report
      // a failed load as its rejection, not as a throw. Unhandled, that rejection would end the process (a
      // graph this build cannot load, such as the NCHWc probe's on a build without contrib operators); the
      // session's first run then says what failed (runInto).
      if (loading !== undefined && typeof loading.then === 'function') {
        loading.then(undefined, () => undefined);
        this.promisedLoads.add(session);
      }
      this.sessions.set(key, session);
    }
    return session;
  }

  /**
   * Runs the graph named `key` (built by `build` the first time) on `inputs` and returns its one float32
   * output `output` of `outputShape`, written into `into` (every element) or a new buffer.
   */
  run(
    key: string,
    build: () => OnnxGraph,
    inputs: Record<string, OrtFloatTensor>,
    output: string,
    outputShape: readonly number[],
    into?: Float32Array,
  ): Float32Array {
    const length = outputShape.reduce((a, b) => a * b, 1);
    if (into !== undefined && into.length !== length) throw new RangeError(`OrtEngine.run: into has ${into.length} elements, the output ${length}`);
    const values = into ?? new Float32Array(length);
    this.runInto(key, build, inputs, { [output]: { data: values, shape: outputShape } });
    return values;
  }

  /**
   * Runs the graph named `key` (built by `build` the first time, with `tuning`) on `inputs`, writing each
   * float32 output named in `outputs` into its buffer (every element; the buffer's length must be its
   * shape's size).
   */
  runInto(key: string, build: () => OnnxGraph, inputs: Record<string, OrtFloatTensor>, outputs: Record<string, OrtFloatTensor>, tuning: SessionTuning = {}): void {
    const session = this.session(key, build, tuning);
    const { Tensor } = this.modules;
    const feeds: Record<string, OrtTensorLike> = {};
    for (const [name, t] of Object.entries(inputs)) feeds[name] = new Tensor('float32', t.data, t.shape);
    const fetches: Record<string, OrtTensorLike> = {};
    for (const [name, t] of Object.entries(outputs)) {
      const length = t.shape.reduce((a, b) => a * b, 1);
      if (t.data.length !== length) throw new RangeError(`OrtEngine.runInto: the buffer of ${name} has ${t.data.length} elements, its shape [${t.shape.join(', ')}] ${length}`);
      fetches[name] = new Tensor('float32', t.data, t.shape);
    }
    try {
      session.run(feeds, fetches, {});
    } catch (error) {
      if (!this.promisedLoads.has(session)) throw error;
      const said = error instanceof Error ? error.message : String(error);
      throw new BackendUnavailableError('onnxruntime', `@aug/backend: onnxruntime-node could not run aug's graph '${key}' (${said}); with onnxruntime-node 1.31 and later this usually means the graph failed to load (loadModel reports that as a rejected promise); try onnxruntime-node 1.30, or AUG_BACKEND=wasm`, { cause: error });
    }
  }

  /** Releases every session (their native memory and threads). Further runs throw. */
  dispose(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
    this.disposed = true;
  }
}
