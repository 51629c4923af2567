import * as tf from '@tensorflow/tfjs-core';
import { CPU_PACKAGE } from './cpu.js';
import { totalmem } from 'node:os';
import { attachBufferPool, Float32BufferPool } from './kernels/buffer-pool.js';
import { tryImport } from './module-loader.js';
import { ORT_BACKEND_NAME } from './onnxruntime/conv-kernels.js';
import { ORT_PACKAGE, OrtEngine, type OrtModules } from './onnxruntime/ort-engine.js';
import type { ModuleImporter } from './types.js';
import { BackendUnavailableError } from './errors.js';

export { ORT_BACKEND_NAME, ORT_PACKAGE };

/** How to install onnxruntime-node where its install script cannot download its optional CUDA files. */
export const ORT_INSTALL_HINT = `npm install ${ORT_PACKAGE} --onnxruntime-node-install=skip (the flag, or ONNXRUNTIME_NODE_INSTALL=skip, skips the download of its optional CUDA libraries; the CPU engine ships inside the npm package)`;

interface CpuBackendPackage {
  MathBackendCPU: new () => tf.KernelBackend;
}

let engine: OrtEngine | null = null;

/**
 * The onnxruntime engine behind the active `'onnxruntime'` kernels, or null before
 * {@link startOnnxruntime} (and after the backend was removed or its kernels uninstalled).
 */
export function currentOrtEngine(): OrtEngine | null {
  return engine;
}

/** Releases the engine's sessions (their native memory and threads). */
export function releaseOrtEngine(): void {
  engine?.dispose();
  engine = null;
}

function unwrap(module: unknown): unknown {
  const m = module as { default?: unknown } | null;
  return m !== null && typeof m === 'object' && m.default !== undefined && typeof m.default === 'object' ? m.default : module;
}

async function loadOrt(importer: ModuleImporter): Promise<{ ok: true; modules: OrtModules } | { ok: false; reason: string }> {
  const main = await tryImport(importer, ORT_PACKAGE);
  if (!main.ok) return { ok: false, reason: main.reason };
  const bindingModule = await tryImport(importer, `${ORT_PACKAGE}/dist/binding.js`);
  if (!bindingModule.ok) {
    return { ok: false, reason: `${ORT_PACKAGE} is installed but its native binding did not load (${bindingModule.reason}); reinstall it for this platform` };
  }
  const tensor = (unwrap(main.module) as { Tensor?: unknown }).Tensor;
  const b = unwrap(bindingModule.module) as { binding?: { InferenceSession?: unknown }; initOrt?: unknown };
  if (typeof tensor !== 'function' || typeof b.initOrt !== 'function' || typeof b.binding?.InferenceSession !== 'function') {
    return { ok: false, reason: `${ORT_PACKAGE} loaded but does not have the layout aug uses (Tensor, dist/binding.js with InferenceSession and initOrt; versions 1.20 to 1.x)` };
  }
  return { ok: true, modules: { Tensor: tensor as OrtModules['Tensor'], binding: b.binding as OrtModules['binding'], initOrt: b.initOrt as () => void } };
}

/** The outcome of starting the onnxruntime route. */
export type OnnxruntimeOutcome = { ok: true; threads: number } | { ok: false; reason: string };

/**
 * Starts the onnxruntime route: loads tfjs-backend-cpu and onnxruntime-node, checks that the native
 * engine runs (one tiny convolution), registers a tfjs backend named `'onnxruntime'` (a
 * tfjs-backend-cpu instance that has every cpu kernel) and selects it. The convolution kernels are
 * installed by `installTrainingKernels('onnxruntime')`. Asking again with another thread count
 * replaces the engine; removing the backend (`tf.removeBackend('onnxruntime')`) releases it.
 */
export async function startOnnxruntime(importer: ModuleImporter, threads: number): Promise<OnnxruntimeOutcome> {
  const ort = await loadOrt(importer);
  if (!ort.ok) return ort;
  const cpu = await tryImport(importer, CPU_PACKAGE);
  if (!cpu.ok) return { ok: false, reason: `${cpu.reason} (the onnxruntime route runs everything but convolutions on it)` };
  const cpuPackage = unwrap(cpu.module) as Partial<CpuBackendPackage>;
  if (typeof cpuPackage.MathBackendCPU !== 'function') return { ok: false, reason: `${CPU_PACKAGE} loaded but does not export MathBackendCPU (expected version 4.x)` };

  if (engine === null || engine.threads !== threads) {
    let fresh: OrtEngine;
    try {
      ort.modules.initOrt();
      fresh = new OrtEngine(ort.modules, threads);
      const probe = fresh.run(
        'probe',
        () => ({
          nodes: [{ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], attrs: { pads: [1, 1, 1, 1] } }],
          inputs: [{ name: 'x', shape: [1, 1, 2, 2] }, { name: 'w', shape: [1, 1, 3, 3] }],
          outputs: [{ name: 'y', shape: [1, 1, 2, 2] }],
        }),
        { x: { data: new Float32Array([1, 2, 3, 4]), shape: [1, 1, 2, 2] }, w: { data: new Float32Array(9).fill(1), shape: [1, 1, 3, 3] } },
        'y',
        [1, 1, 2, 2],
      );
      if (probe.some((v) => v !== 10)) throw new BackendUnavailableError('onnxruntime', `a 3x3 test convolution returned [${probe.join(', ')}] instead of [10, 10, 10, 10]`);
    } catch (error) {
      return { ok: false, reason: `${ORT_PACKAGE} failed to run: ${error instanceof Error ? error.message : String(error)}` };
    }
    releaseOrtEngine();
    engine = fresh;
    const Backend = cpuPackage.MathBackendCPU;
    if (tf.findBackendFactory(ORT_BACKEND_NAME) !== null) tf.removeBackend(ORT_BACKEND_NAME);
    const owned = fresh;
    tf.registerBackend(
      ORT_BACKEND_NAME,
      () => {
        const backend = new Backend();
        // tfjs-backend-cpu's first-use notice advises installing tfjs-node, which does not apply here.
        (backend as unknown as { firstUse?: boolean }).firstUse = false;
        attachBufferPool(backend, new Float32BufferPool(poolBytes()));
        const dispose = backend.dispose.bind(backend);
        backend.dispose = () => {
          dispose();
          if (engine === owned) releaseOrtEngine();
        };
        return backend;
      },
      0,
    );
    for (const config of tf.getKernelsForBackend('cpu')) {
      if (tf.getKernel(config.kernelName, ORT_BACKEND_NAME) === undefined) tf.registerKernel({ ...config, backendName: ORT_BACKEND_NAME });
    }
  }
  if (!(await tf.setBackend(ORT_BACKEND_NAME))) return { ok: false, reason: `the '${ORT_BACKEND_NAME}' tfjs backend failed to initialise` };
  return { ok: true, threads };
}

/** The most bytes of released kernel outputs the route keeps for reuse: an eighth of memory, at most 4 GiB. */
function poolBytes(): number {
  return Math.min(4 * 2 ** 30, Math.floor(totalmem() / 8));
}
