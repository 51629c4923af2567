import * as tf from '@tensorflow/tfjs-core';
import { availableParallelism, cpus } from 'node:os';
import { BackendUnavailableError } from './errors.js';
import { CPU_PACKAGE, startCpu } from './cpu.js';
import { installTrainingKernels } from './kernels/install.js';
import { defaultImporter } from './module-loader.js';
import { CUDA_REQUIREMENT, loadNative } from './native.js';
import { ORT_BACKEND_NAME, ORT_INSTALL_HINT, ORT_PACKAGE, startOnnxruntime } from './onnxruntime.js';
import { BACKEND_NAMES, type BackendInfo, type BackendName, type ModuleImporter, type SkippedBackend, type UseBackendOptions, type WebgpuRouteLike } from './types.js';
import { startWasm, WASM_PACKAGE } from './wasm.js';
import { assertInteger, checkOptions, describeValue } from '@aug/internal';
import { USE_BACKEND_OPTION_KEYS } from './option-keys.js';

type Concrete = Exclude<BackendName, 'auto'>;
type Attempt = { ok: true; info: Omit<BackendInfo, 'requested' | 'skipped'> } | { ok: false; reason: string };


/**
 * The order `'auto'` tries: the CUDA backend, WebGPU on a hardware adapter (a GPU beats the native CPU
 * backend), the native CPU backend, then the CPU paths that install from the npm registry alone,
 * fastest first (see the README's Backends table): onnxruntime-node's native convolutions, wasm with
 * aug's kernels and threads, then the pure-JS cpu backend with aug's kernels.
 */
export const AUTO_ORDER: readonly Concrete[] = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'onnxruntime', 'wasm', 'cpu'];

const INSTALL_HINT: Record<Concrete, string> = {
  'tensorflow-gpu': `npm install @tensorflow/tfjs-node-gpu@4.22.0 (needs Linux x86-64 with ${CUDA_REQUIREMENT}, and network access to download libtensorflow at install time)`,
  tensorflow: 'npm install @tensorflow/tfjs-node@4.22.0 (its install script downloads libtensorflow; run it where that download is allowed)',
  webgpu: 'npm install @tensorflow/tfjs-backend-webgpu@4.22.0 webgpu (and a GPU driver with Vulkan, Metal or D3D12)',
  webgl: 'run in a browser: WebGL exists only there (the browser build of @aug/backend selects it)',
  onnxruntime: `${ORT_INSTALL_HINT}, and ${CPU_PACKAGE}@4.22.0`,
  wasm: `npm install ${WASM_PACKAGE}@4.22.0`,
  cpu: `npm install ${CPU_PACKAGE}@4.22.0`,
};

let active: BackendInfo | null = null;

function defaultThreads(): number {
  const n = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  return Math.max(1, Math.min(8, n));
}

function checkName(value: unknown, source: string): BackendName {
  if (typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new TypeError(`${source} must be one of ${BACKEND_NAMES.map((n) => `'${n}'`).join(', ')}; got ${describeValue(value)}`);
}

function checkThreads(threads: unknown): number {
  if (threads === undefined) return defaultThreads();
  return assertInteger(threads, 'options.threads', { min: 1, max: 8, where: 'useBackend', hint: "tfjs-backend-wasm's pool limit, also used for onnxruntime" });
}

/** The injectable seams of {@link useBackend}: tests simulate missing packages and adapters through them. */
export interface BackendSeams {
  /** Loads the optional backend packages. Default: dynamic `import()`. */
  importModule?: ModuleImporter;
  /** The WebGPU route to probe and start. Default: aug's own (`probeWebgpu` / `initWebgpu`). */
  webgpuRoute?: WebgpuRouteLike;
}

async function tryBackend(name: Concrete, importer: ModuleImporter, threads: number, options: UseBackendOptions, seams: BackendSeams, auto: boolean): Promise<Attempt> {
  switch (name) {
    case 'tensorflow-gpu': {
      const r = await loadNative(importer, '@tensorflow/tfjs-node-gpu');
      if (!r.ok) return r;
      return { ok: true, info: { name, tfBackend: tf.getBackend(), package: r.package, reason: 'native libtensorflow with a CUDA device', kernels: [], description: 'tensorflow-gpu (libtensorflow, CUDA)' } };
    }
    case 'tensorflow': {
      const r = await loadNative(importer, '@tensorflow/tfjs-node');
      if (!r.ok) return r;
      return { ok: true, info: { name, tfBackend: tf.getBackend(), package: r.package, reason: 'native libtensorflow on the CPU', kernels: [], description: 'tensorflow (libtensorflow, CPU)' } };
    }
    case 'webgl':
      return { ok: false, reason: 'WebGL exists only in a browser' };
    case 'webgpu': {
      let route: WebgpuRouteLike;
      try {
        route = seams.webgpuRoute ?? (await import('./webgpu/index.js'));
      } catch (error) {
        return { ok: false, reason: `the WebGPU route failed to load: ${error instanceof Error ? error.message : String(error)}` };
      }
      const allowSoftware = options.allowSoftwareWebgpu === true;
      if (auto) {
        const probe = await route.probeWebgpu().catch((error: unknown) => ({ available: false, reason: error instanceof Error ? error.message : String(error), isSoftware: undefined, description: undefined }));
        if (!probe.available) return { ok: false, reason: probe.reason };
        if (probe.isSoftware === true && !allowSoftware) {
          return { ok: false, reason: `only a software WebGPU adapter (${probe.description ?? 'unknown'}) was found; it is slower than the CPU paths (pass allowSoftwareWebgpu to use it)` };
        }
      }
      try {
        const report = await route.initWebgpu({ allowSoftware });
        if (!report.available) return { ok: false, reason: report.reason };
        const what = report.description ?? report.vendor ?? 'GPU';
        return { ok: true, info: { name, tfBackend: tf.getBackend(), package: '@tensorflow/tfjs-backend-webgpu', reason: `WebGPU adapter: ${what}`, kernels: [], description: `webgpu (${what}${report.isSoftware === true ? ', software' : ''})` } };
      } catch (error) {
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
    }
    case 'onnxruntime': {
      const r = await startOnnxruntime(importer, threads);
      if (!r.ok) return r;
      const kernels = installTrainingKernels(ORT_BACKEND_NAME);
      return {
        ok: true,
        info: {
          name,
          tfBackend: tf.getBackend(),
          package: ORT_PACKAGE,
          reason: auto ? 'fastest CPU path without libtensorflow (native onnxruntime convolutions from the npm package)' : 'asked for',
          threads: r.threads,
          kernels,
          description: `onnxruntime (${r.threads} thread${r.threads === 1 ? '' : 's'}, native convolutions, aug training kernels)`,
        },
      };
    }
    case 'wasm': {
      const r = await startWasm(importer, threads);
      if (!r.ok) return r;
      const kernels = installTrainingKernels('wasm');
      return {
        ok: true,
        info: { name, tfBackend: tf.getBackend(), package: WASM_PACKAGE, reason: auto ? 'fastest CPU path without native binaries (XNNPACK, threads, aug training kernels)' : 'asked for', threads: r.threads, kernels, description: `wasm (${r.threads} thread${r.threads === 1 ? '' : 's'}, aug training kernels)` },
      };
    }
    case 'cpu': {
      const r = await startCpu(importer);
      if (!r.ok) return r;
      const kernels = installTrainingKernels('cpu');
      return { ok: true, info: { name, tfBackend: tf.getBackend(), package: CPU_PACKAGE, reason: auto ? 'the last resort: pure JavaScript' : 'asked for', kernels, description: 'cpu (pure JavaScript, aug training kernels)' } };
    }
  }
}

/**
 * Selects the TensorFlow.js backend to train on and installs aug's training kernels on it. `'auto'`
 * tries, in order: `@tensorflow/tfjs-node-gpu` (native binding present and a CUDA device found),
 * `@tensorflow/tfjs-node`, WebGPU (hardware adapters only), then the CPU paths that install from the
 * npm registry alone: `onnxruntime-node` (tfjs-backend-cpu whose convolutions and their gradients run
 * in onnxruntime's native engine), `@tensorflow/tfjs-backend-wasm` with aug's `Conv2DBackpropFilter` and multi-threading
 * under Node, then `@tensorflow/tfjs-backend-cpu` with aug's fast `Conv2DBackpropFilter`. It
 * reports what it chose and why each earlier one was skipped (not installed, native binding
 * missing, no CUDA, no adapter). The `AUG_BACKEND` environment variable overrides `name`.
 *
 * An explicit choice that cannot load throws a {@link BackendUnavailableError} naming the package to
 * install (for `'tensorflow-gpu'`, also the CUDA 11.2 / cuDNN 8.1 requirement). It and `initWebgpu`
 * (which it calls for `'webgpu'`) are the public aug functions that switch tfjs's backend (the route
 * modules they start call `tf.setBackend`); no other aug package selects a backend.
 *
 * @example
 * ```ts
 * import { useBackend } from '@aug/backend';
 * const info = await useBackend('auto', { log: console.log });
 * console.log(info.description); // e.g. 'wasm (2 threads, aug training kernels)'
 * for (const s of info.skipped) console.log(`skipped ${s.name}: ${s.reason}`);
 * ```
 */
export async function useBackend(name: BackendName = 'auto', options: UseBackendOptions = {}): Promise<BackendInfo> {
  checkOptions(options, USE_BACKEND_OPTION_KEYS, 'useBackend');
  return selectBackend(name, options, {});
}

/** {@link useBackend} with its seams (internal: tests pass stand-ins for the optional packages and the WebGPU route). */
export async function selectBackend(name: BackendName, options: UseBackendOptions, seams: BackendSeams): Promise<BackendInfo> {
  const env = options.env ?? process.env;
  const override = env['AUG_BACKEND'];
  const requested = override !== undefined && override !== '' ? checkName(override, 'AUG_BACKEND') : checkName(name, 'useBackend: name');
  const threads = checkThreads(options.threads);
  const importer = seams.importModule ?? defaultImporter;
  const log = options.log ?? (() => {});
  if (override !== undefined && override !== '') log(`AUG_BACKEND=${override} overrides useBackend('${name}')`);

  if (requested !== 'auto') {
    const attempt = await tryBackend(requested, importer, threads, options, seams, false);
    if (!attempt.ok) {
      throw new BackendUnavailableError(
        requested,
        `useBackend('${requested}'): ${attempt.reason}. To use it: ${INSTALL_HINT[requested]}; or call useBackend('auto') to fall back.`,
      );
    }
    active = { ...attempt.info, requested, skipped: [] };
    log(`backend: ${active.description}`);
    return active;
  }

  const skipped: SkippedBackend[] = [];
  for (const candidate of AUTO_ORDER) {
    const attempt = await tryBackend(candidate, importer, threads, options, seams, true);
    if (attempt.ok) {
      active = { ...attempt.info, requested, skipped };
      log(`backend: ${active.description}: ${active.reason}`);
      return active;
    }
    skipped.push({ name: candidate, reason: attempt.reason });
    log(`backend: skipped ${candidate}: ${attempt.reason}`);
  }
  throw new BackendUnavailableError(
    'auto',
    `useBackend('auto'): no TensorFlow.js backend could start (${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}). Install one, e.g. ${INSTALL_HINT.wasm}.`,
  );
}

/**
 * What the last successful {@link useBackend} selected, or null before the first call (or when
 * something else has since switched tfjs to another backend).
 *
 * @example
 * ```ts
 * await useBackend();
 * console.log(activeBackend()?.description);
 * ```
 */
export function activeBackend(): BackendInfo | null {
  if (active === null) return null;
  return tf.getBackend() === active.tfBackend ? active : null;
}
