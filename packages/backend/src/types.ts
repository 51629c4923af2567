/** The backends {@link useBackend} can select, fastest first in `'auto'` order. */
export const BACKEND_NAMES = ['auto', 'tensorflow-gpu', 'webgpu', 'webgl', 'tensorflow', 'onnxruntime', 'wasm', 'cpu'] as const;

/**
 * A backend choice: `'tensorflow-gpu'` (@tensorflow/tfjs-node-gpu, CUDA), `'webgpu'`
 * (@tensorflow/tfjs-backend-webgpu through Dawn, or the browser's own WebGPU in a page), `'webgl'`
 * (@tensorflow/tfjs-backend-webgl: browsers only), `'tensorflow'` (@tensorflow/tfjs-node),
 * `'onnxruntime'` (@tensorflow/tfjs-backend-cpu whose convolution kernels run in onnxruntime-node's
 * native engine), `'wasm'` (@tensorflow/tfjs-backend-wasm with aug's training kernels and threads), `'cpu'`
 * (@tensorflow/tfjs-backend-cpu with aug's fast filter-gradient kernel), or `'auto'`.
 */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** A backend that `'auto'` tried and passed over, and why. */
export interface SkippedBackend {
  /** The backend choice that was skipped. */
  name: Exclude<BackendName, 'auto'>;
  /** Why, e.g. `'@tensorflow/tfjs-node is not installed'` or `'native binding missing'`. */
  reason: string;
}

/** What {@link useBackend} selected. */
export interface BackendInfo {
  /** The choice that is now active (never `'auto'`). */
  name: Exclude<BackendName, 'auto'>;
  /** What was asked for: the argument, or `AUG_BACKEND` when that is set. */
  requested: BackendName;
  /** `tf.getBackend()` after selection: `'tensorflow'`, `'webgpu'`, `'onnxruntime'`, `'wasm'` or `'cpu'`. */
  tfBackend: string;
  /** The npm package that provides the backend. */
  package: string;
  /** Why this backend was chosen, in one sentence. */
  reason: string;
  /** The backends `'auto'` tried first and skipped (empty for an explicit choice). */
  skipped: SkippedBackend[];
  /** Worker threads the backend computes with, when it says (wasm: XNNPACK's thread pool; onnxruntime: its intra-op threads). */
  threads?: number;
  /** The kernels aug registered on this backend (e.g. `['Conv2DBackpropFilter', 'AugBatchNormTraining', 'AugBatchNormTrainingGrad']` on cpu). */
  kernels: string[];
  /** One human line, e.g. `'wasm (2 threads, aug training kernels)'`. */
  description: string;
}

/** Loads a module by specifier; injectable so tests can simulate missing packages (internal). */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

/** Options of {@link useBackend}. */
export interface UseBackendOptions {
  /**
   * Threads for the wasm backend (XNNPACK's thread pool, workers under Node) and for onnxruntime's
   * intra-op pool. Default: the number of logical CPUs (`os.availableParallelism()`), at most 8. `1`
   * runs single-threaded.
   */
  threads?: number;
  /** Receives one line per decision (what was tried, skipped, chosen). Default: silent. */
  log?: (line: string) => void;
  /** Let `'webgpu'` (and `'auto'`) use a software WebGPU adapter (lavapipe, SwiftShader). Default false. */
  allowSoftwareWebgpu?: boolean;
  /** Environment read for `AUG_BACKEND`. Default: `process.env` (in a browser: none). */
  env?: Record<string, string | undefined>;
  /**
   * Browser only: where the page serves tfjs-backend-wasm's `.wasm` files, passed to its
   * `setWasmPaths` (a folder prefix ending in `/`, or a map from file name to URL, e.g. from a bundler's
   * `?url` imports). Default: the package's own lookup (next to the script). Ignored under Node, where aug
   * reads the files from the installed package.
   */
  wasmPaths?: string | Record<string, string>;
}

/** What the WebGPU route reports (see `probeWebgpu`). */
export interface WebgpuRouteReport {
  available: boolean;
  reason: string;
  isSoftware?: boolean;
  description?: string;
  vendor?: string;
}

/** The WebGPU route {@link useBackend} drives: `probeWebgpu` and `initWebgpu` (internal seam). */
export interface WebgpuRouteLike {
  probeWebgpu: () => Promise<WebgpuRouteReport>;
  initWebgpu: (options?: { allowSoftware?: boolean }) => Promise<WebgpuRouteReport>;
}
