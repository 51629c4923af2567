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
  loadModel(buffer: ArrayBufferLike, byteOffset: number, byteLength: number, options: Record<string, unknown>): void;
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
 * Runs small ONNX graphs synchronously in onnxruntime-node: one session per graph key (a kernel and
 * its geometry), built once from the graph and reused. Inputs are passed as the tfjs buffers
 * themselves and the output is written by onnxruntime straight into a buffer that becomes the tfjs
 * tensor's, so no activation is copied on the way in or out.
 */
export class OrtEngine {
  private readonly sessions = new Map<string, OrtBindingSession>();
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

  private session(key: string, build: () => OnnxGraph): OrtBindingSession {
    if (this.disposed) throw new BackendUnavailableError('onnxruntime', '@aug/backend: the onnxruntime engine was released (its backend was removed or its kernels uninstalled); call useBackend again');
    let session = this.sessions.get(key);
    if (session === undefined) {
      const bytes = onnxModel(build());
      session = new this.modules.binding.InferenceSession();
      session.loadModel(bytes.buffer, bytes.byteOffset, bytes.byteLength, {
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
        // against each other and against JavaScript (see the README's onnxruntime route).
        extra: { session: { intra_op: { allow_spinning: '0' } } },
      });
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
    const session = this.session(key, build);
    const { Tensor } = this.modules;
    const feeds: Record<string, OrtTensorLike> = {};
    for (const [name, t] of Object.entries(inputs)) feeds[name] = new Tensor('float32', t.data, t.shape);
    const length = outputShape.reduce((a, b) => a * b, 1);
    if (into !== undefined && into.length !== length) throw new RangeError(`OrtEngine.run: into has ${into.length} elements, the output ${length}`);
    const values = into ?? new Float32Array(length);
    session.run(feeds, { [output]: new Tensor('float32', values, outputShape) }, {});
    return values;
  }

  /** Releases every session (their native memory and threads). Further runs throw. */
  dispose(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
    this.disposed = true;
  }
}
