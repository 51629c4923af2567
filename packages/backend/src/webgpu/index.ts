import { checkOptions } from '@aug/internal';
import { WEBGPU_INIT_OPTION_KEYS } from '../option-keys.js';
import { WebgpuRoute, type DawnModule, type TfjsWebgpuModule, type WebgpuInitOptions, type WebgpuReport } from './route.js';

import { probeAdapterQuietly } from './quiet-probe.js';

export type { WebgpuInitOptions, WebgpuReport } from './route.js';
export { WebgpuUnavailableError, type WebgpuFailure } from './errors.js';
export { installWebgpuKernels, uninstallWebgpuKernels } from './kernels.js';

// Works in both builds: CJS has __filename, ESM has import.meta.url.
const here = typeof __filename === 'string' ? __filename : import.meta.url;
const platform = `${process.platform}-${process.arch}`;

const route = new WebgpuRoute({
  loadDawn: async () => (await import('webgpu')) as unknown as DawnModule,
  loadTfjsWebgpu: async () => (await import('@tensorflow/tfjs-backend-webgpu')) as unknown as TfjsWebgpuModule,
  globalObject: globalThis as unknown as Record<string, unknown>,
  env: process.env,
  platform,
  // The probe runs Dawn in a child process: its native warnings (Vulkan, XDG_RUNTIME_DIR, reduced
  // limits) would otherwise be printed before the backend line on every machine without a GPU.
  probeAdapter: () => probeAdapterQuietly(here, process.env, platform),
});

/**
 * Says whether the WebGPU route could run here and on what: loads the optional `webgpu` package
 * (Dawn's Node bindings), asks it for a high-performance adapter and reports the adapter's vendor,
 * architecture, device, description and whether it is a software device (lavapipe/llvmpipe,
 * SwiftShader, WARP). Dawn runs in a child process for the probe, so its native warnings (Vulkan loader,
 * `XDG_RUNTIME_DIR`, reduced limits) stay out of this process's terminal. Never throws: a missing package or adapter gives `available: false` and the
 * reason, naming what to install. Registers no backend and changes no global.
 *
 * @example
 * ```ts
 * import { probeWebgpu } from '@aug/backend';
 * const r = await probeWebgpu();
 * console.log(r.available ? `${r.vendor} ${r.architecture} software=${r.isSoftware}` : r.reason);
 * ```
 */
export function probeWebgpu(): Promise<WebgpuReport> {
  return route.probe();
}

/**
 * Runs TensorFlow.js on the GPU through WebGPU in Node: creates Dawn's `GPU` with the `webgpu`
 * package's `create([])`, installs `navigator.gpu` and the `GPUBufferUsage`-style globals that
 * `@tensorflow/tfjs-backend-webgpu` expects, registers the 'webgpu' tfjs backend with this package's
 * kernel fixes, and selects it (`tf.setBackend('webgpu')`). Dawn uses Vulkan on Linux, Metal on macOS
 * and D3D12 on Windows. A software adapter (lavapipe, SwiftShader) is refused unless
 * `allowSoftware` is set, because it is slower than the wasm backend. Calling it again reuses the
 * backend. Read tensors with `await t.data()`: tfjs-backend-webgpu's synchronous `dataSync()` needs a
 * browser's OffscreenCanvas.
 *
 * @throws {WebgpuUnavailableError} with `code` `'module-missing'` (run
 *   `npm install webgpu @tensorflow/tfjs-backend-webgpu`), `'binary-failed'`, `'no-adapter'` (the
 *   message names the Vulkan/Metal/D3D12 drivers to install), `'software-adapter'` or `'device-failed'`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { initWebgpu } from '@aug/backend';
 * const report = await initWebgpu();            // or initWebgpu({ allowSoftware: true }) on lavapipe
 * console.log(tf.getBackend(), report.description); // 'webgpu', e.g. 'NVIDIA GeForce RTX 4090'
 * ```
 */
export async function initWebgpu(options?: WebgpuInitOptions): Promise<WebgpuReport> {
  checkOptions(options, WEBGPU_INIT_OPTION_KEYS, 'initWebgpu');
  return route.init(options);
}
