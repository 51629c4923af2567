import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The Emscripten module of tfjs-backend-wasm, as far as `BackendWasm` and aug's kernels use it. */
export interface WasmModule {
  cwrap: (name: string, returnType: string | null, argTypes: string[]) => (...args: number[]) => number;
  HEAPF32: Float32Array;
  _malloc: (bytes: number) => number;
  _free: (pointer: number) => void;
  tfjs?: Record<string, (...args: number[]) => number>;
  /** Emscripten's pthread bookkeeping (threaded build only). */
  PThread?: { runningWorkers?: NodeWorkerLike[]; unusedWorkers?: NodeWorkerLike[] };
}

/** The part of a Node `worker_threads` Worker used here. */
interface NodeWorkerLike {
  unref?: () => void;
}

/**
 * Lets the process exit while the wasm backend's pthreads sit idle. Emscripten `ref()`s the Node
 * worker of every running pthread, and XNNPACK's thread pool never ends its threads, so a script
 * that trained and returned would otherwise stay alive (seen here: a benchmark that finished its
 * work and never exited). Work is unaffected: the main thread waits for the pool synchronously.
 * Call after the backend has started its pool.
 */
export function releaseWasmWorkers(module: WasmModule): void {
  for (const worker of [...(module.PThread?.runningWorkers ?? []), ...(module.PThread?.unusedWorkers ?? [])]) {
    worker.unref?.();
  }
}

type EmscriptenFactory = (config: Record<string, unknown>) => Promise<WasmModule>;
/** The part of the WebAssembly JS API used here (the ES2022 lib has no WebAssembly types). */
interface WebAssemblyApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: object; module: object }>;
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
interface WasmImports {
  env: Record<string, unknown>;
}

/**
 * Instantiates tfjs-backend-wasm's Emscripten module ourselves instead of through the package's
 * `init()`, for two reasons found in its source (4.22):
 *
 * 1. Under Node the package switches threads off (`WASM_HAS_MULTITHREAD_SUPPORT` is false when
 *    `IS_NODE`), and its threaded init passes the pthread worker script as a `blob:` URL, which
 *    Node's `worker_threads` cannot start. We write the worker script (shipped as a string in
 *    `wasm-out/*.worker.js`) to a file and pass file paths instead.
 * 2. Its C++ `init_with_threads_count` caps the pool at `emscripten_num_logical_cores() / 2` (it
 *    assumes hyper-threading), so a 2-core machine always gets 1 thread. We answer that import with
 *    `2 * threads`, so the pool gets exactly the threads asked for (the package still caps at 8).
 *
 * With `threads === 1` the plain SIMD build is used (no workers at all).
 */
export async function instantiateWasmModule(packageRoot: string, threads: number): Promise<WasmModule> {
  const requireHere = createRequire(join(packageRoot, 'package.json'));
  const distDir = join(packageRoot, 'dist');
  let module: WasmModule;
  if (threads > 1) {
    const factoryPath = join(packageRoot, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js');
    const factory = requireHere(factoryPath) as EmscriptenFactory;
    const workerSource = (requireHere(join(packageRoot, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string }).wasmWorkerContents;
    const workerPath = writeWorkerScript(workerSource.replace(/\n/g, '\\n'));
    const binary = readFileSync(join(distDir, 'tfjs-backend-wasm-threaded-simd.wasm'));
    let fail: (error: unknown) => void = () => {};
    const failed = new Promise<never>((_, reject) => {
      fail = reject;
    });
    module = await Promise.race([failed, factory({
      locateFile: (file: string) => (file.endsWith('.worker.js') ? workerPath : join(distDir, file)),
      mainScriptUrlOrBlob: factoryPath,
      instantiateWasm: (imports: WasmImports, receive: (instance: object, module: object) => void) => {
        imports.env['emscripten_num_logical_cores'] = () => 2 * threads;
        void webAssembly.instantiate(binary, imports).then((result) =>
          receive(result.instance, result.module), fail);
        return {};
      },
    })]);
  } else {
    const factory = requireHere(join(packageRoot, 'wasm-out', 'tfjs-backend-wasm.js')) as EmscriptenFactory;
    module = await factory({
      locateFile: (file: string) => join(distDir, file.endsWith('.wasm') ? 'tfjs-backend-wasm-simd.wasm' : file),
    });
  }
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  return module;
}

function writeWorkerScript(source: string): string {
  let hash = 0;
  for (let i = 0; i < source.length; i++) hash = (hash * 31 + source.charCodeAt(i)) | 0;
  const path = join(tmpdir(), `aug-tfjs-wasm-worker-${(hash >>> 0).toString(16)}.js`);
  if (!existsSync(path) || readFileSync(path, 'utf8') !== source) {
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, source);
    renameSync(partial, path);
  }
  return path;
}
