// The browser build's WebGPU route: the page's own `navigator.gpu` in place of Dawn's Node bindings;
// the same adapter checks (software adapters refused unless asked) and kernel fixes as under Node.
import { checkOptions } from '@aug/internal';
import { WEBGPU_INIT_OPTION_KEYS } from '../option-keys.js';
import { WebgpuRoute, type DawnModule, type TfjsWebgpuModule, type WebgpuInitOptions, type WebgpuReport } from './route.js';
import type { GpuLike } from './adapter.js';

export type { WebgpuInitOptions, WebgpuReport } from './route.js';
export { WebgpuUnavailableError, type WebgpuFailure } from './errors.js';
export { installWebgpuKernels, uninstallWebgpuKernels } from './kernels.js';

/** The page's `navigator.gpu`, or undefined where the browser has no WebGPU. */
export function browserGpu(): GpuLike | undefined {
  return (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
}

const route = new WebgpuRoute({
  loadDawn: async (): Promise<DawnModule> => {
    const gpu = browserGpu();
    if (gpu === undefined) throw new Error('this browser has no WebGPU (navigator.gpu is undefined: it needs a secure context, and on Linux Chromium --enable-unsafe-webgpu)');
    return { create: () => gpu, globals: {} };
  },
  loadTfjsWebgpu: async () => (await import('@tensorflow/tfjs-backend-webgpu')) as unknown as TfjsWebgpuModule,
  globalObject: globalThis as unknown as Record<string, unknown>,
  env: {},
  platform: 'browser',
});

/**
 * Whether the page's WebGPU has an adapter and what it is (never throws, registers nothing).
 *
 * @example
 * ```ts
 * console.log((await probeWebgpu()).reason);
 * ```
 */
export function probeWebgpu(): Promise<WebgpuReport> {
  return route.probe();
}

/**
 * Selects tfjs's 'webgpu' backend on the page's adapter (software adapters only with `allowSoftware`).
 *
 * @example
 * ```ts
 * await initWebgpu();
 * ```
 */
export async function initWebgpu(options?: WebgpuInitOptions): Promise<WebgpuReport> {
  checkOptions(options, WEBGPU_INIT_OPTION_KEYS, 'initWebgpu');
  return route.init(options);
}
