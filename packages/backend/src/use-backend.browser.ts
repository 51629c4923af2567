// The browser build's useBackend: the same contract as under Node (what it chose, why, what it skipped
// and why), over the backends a page has: the browser's WebGPU and WebGL on a hardware adapter, then
// tfjs-backend-wasm with aug's training kernels, then the pure-JS cpu backend. Software adapters
// (SwiftShader, llvmpipe, a fallback adapter) are skipped by 'auto', as the Node side skips lavapipe.
import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, checkOptions, describeValue } from '@aug/internal';
import { USE_BACKEND_OPTION_KEYS } from './option-keys.js';
import { BackendUnavailableError } from './errors.js';
import { CPU_PACKAGE, startCpu } from './cpu.js';
import { installTrainingKernels } from './kernels/install.js';
import { defaultImporter } from './module-loader.js';
import { BACKEND_NAMES, type BackendInfo, type BackendName, type ModuleImporter, type SkippedBackend, type UseBackendOptions, type WebgpuRouteLike } from './types.js';
import { startWasm, WASM_PACKAGE } from './wasm.js';
import { SOFTWARE_RENDERERS } from './software-renderers.js';

type Concrete = Exclude<BackendName, 'auto'>;
type Attempt = { ok: true; info: Omit<BackendInfo, 'requested' | 'skipped'> } | { ok: false; reason: string };

/** The order `'auto'` tries in a page: hardware WebGPU, hardware WebGL, wasm with aug's kernels, cpu. */
export const AUTO_ORDER: readonly Concrete[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
const PAGE_BACKENDS: readonly Concrete[] = AUTO_ORDER;
const WEBGL_PACKAGE = '@tensorflow/tfjs-backend-webgl';

let active: BackendInfo | null = null;

/** The injectable seams of {@link useBackend} (internal). */
export interface BackendSeams {
  importModule?: ModuleImporter;
  webgpuRoute?: WebgpuRouteLike;
}

function checkName(value: unknown, source: string): BackendName {
  if (typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new TypeError(`${source} must be one of ${BACKEND_NAMES.map((n) => `'${n}'`).join(', ')}; got ${describeValue(value)}`);
}

function defaultThreads(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(8, n));
}

/** The WebGL renderer string (unmasked where the browser allows), or null without a WebGL context. */
function webglRenderer(): string | null {
  const g = globalThis as { document?: { createElement(tag: 'canvas'): HTMLCanvasLike }; OffscreenCanvas?: new (w: number, h: number) => HTMLCanvasLike };
  const canvas = g.OffscreenCanvas !== undefined ? new g.OffscreenCanvas(1, 1) : g.document?.createElement('canvas');
  const gl = canvas?.getContext('webgl2') ?? canvas?.getContext('webgl') ?? null;
  if (gl === null || gl === undefined) return null;
  const ext = gl.getExtension('WEBGL_debug_renderer_info') as { UNMASKED_RENDERER_WEBGL: number } | null;
  const renderer = gl.getParameter(ext !== null ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  gl.getExtension('WEBGL_lose_context')?.loseContext?.();
  return typeof renderer === 'string' ? renderer : 'unknown renderer';
}

interface WebglLike {
  RENDERER: number;
  getExtension(name: string): { UNMASKED_RENDERER_WEBGL?: number; loseContext?: () => void } | null;
  getParameter(name: number): unknown;
}
interface HTMLCanvasLike {
  getContext(kind: 'webgl' | 'webgl2'): WebglLike | null;
}

async function tryBackend(name: Concrete, importer: ModuleImporter, threads: number, options: UseBackendOptions, seams: BackendSeams, auto: boolean): Promise<Attempt> {
  if (!PAGE_BACKENDS.includes(name)) return { ok: false, reason: `'${name}' runs only under Node` };
  const allowSoftware = options.allowSoftwareWebgpu === true;
  switch (name) {
    case 'webgpu': {
      if ((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu === undefined && seams.webgpuRoute === undefined) {
        return { ok: false, reason: 'this browser has no WebGPU (navigator.gpu is undefined)' };
      }
      if (seams.webgpuRoute === undefined) {
        const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(o?: object): Promise<unknown> } } }).navigator?.gpu;
        const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
        if (adapter === null || adapter === undefined) {
          return { ok: false, reason: "the browser's WebGPU gives no adapter (no GPU it can use here; Chromium on Linux offers WebGPU only with --enable-unsafe-webgpu)" };
        }
      }
      const route = seams.webgpuRoute ?? (await import('./webgpu/index.js'));
      if (auto) {
        const probe = await route.probeWebgpu();
        if (!probe.available) return { ok: false, reason: probe.reason };
        if (probe.isSoftware === true && !allowSoftware) {
          return { ok: false, reason: `only a software WebGPU adapter (${probe.description || probe.vendor || 'fallback adapter'}) was found; it runs on the CPU, slower than the wasm route (pass allowSoftwareWebgpu to use it)` };
        }
      }
      try {
        const report = await route.initWebgpu({ allowSoftware });
        if (!report.available) return { ok: false, reason: report.reason };
        const what = [report.vendor, report.description].filter((s) => s !== undefined && s !== '').join(' ') || 'GPU';
        return { ok: true, info: { name, tfBackend: tf.getBackend(), package: '@tensorflow/tfjs-backend-webgpu', reason: `the browser's WebGPU adapter: ${what}${report.isSoftware === true ? ' (software)' : ' (hardware)'}`, kernels: [], description: `webgpu (${what}${report.isSoftware === true ? ', software' : ''})` } };
      } catch (error) {
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
    }
    case 'webgl': {
      let renderer: string | null;
      try {
        renderer = webglRenderer();
      } catch (error) {
        return { ok: false, reason: `WebGL failed: ${error instanceof Error ? error.message : String(error)}` };
      }
      if (renderer === null) return { ok: false, reason: 'this browser gives no WebGL context' };
      const software = SOFTWARE_RENDERERS.test(renderer);
      if (auto && software && !allowSoftware) {
        return { ok: false, reason: `WebGL renders in software (${renderer}); it runs on the CPU, slower than the wasm route (pass allowSoftwareWebgpu to use it)` };
      }
      const loaded = await importer(WEBGL_PACKAGE).then(() => null, (error: unknown) => (error instanceof Error ? error.message : String(error)));
      if (loaded !== null) return { ok: false, reason: `${WEBGL_PACKAGE} failed to load: ${loaded}` };
      if (!(await tf.setBackend('webgl').catch(() => false))) return { ok: false, reason: `${WEBGL_PACKAGE} failed to initialise` };
      return { ok: true, info: { name, tfBackend: tf.getBackend(), package: WEBGL_PACKAGE, reason: `WebGL on ${software ? 'a software renderer' : 'the GPU'}: ${renderer}`, kernels: [], description: `webgl (${renderer}${software ? ', software' : ''})` } };
    }
    case 'wasm': {
      const r = await startWasm(importer, threads, options.wasmPaths);
      if (!r.ok) return r;
      const kernels = installTrainingKernels('wasm');
      return {
        ok: true,
        info: { name, tfBackend: tf.getBackend(), package: WASM_PACKAGE, reason: auto ? 'no hardware GPU adapter: the fastest CPU route in a page (XNNPACK, aug training kernels)' : 'asked for', threads: r.threads, kernels, description: `wasm (${r.threads} thread${r.threads === 1 ? '' : 's'}, aug training kernels)` },
      };
    }
    case 'cpu': {
      const r = await startCpu(importer);
      if (!r.ok) return r;
      const kernels = installTrainingKernels('cpu');
      return { ok: true, info: { name, tfBackend: tf.getBackend(), package: CPU_PACKAGE, reason: auto ? 'the last resort: pure JavaScript' : 'asked for', kernels, description: 'cpu (pure JavaScript, aug training kernels)' } };
    }
    default:
      return { ok: false, reason: `'${name}' runs only under Node` };
  }
}

/**
 * Selects the TensorFlow.js backend in a page (the browser build of `useBackend`): `'auto'` tries
 * WebGPU and WebGL on a hardware adapter, then `@tensorflow/tfjs-backend-wasm` with aug's training
 * kernels (stock tfjs wasm lacks `Conv2DBackpropFilter`, so it cannot train without them), then the cpu
 * backend, and reports why it skipped each (software adapters such as SwiftShader are skipped).
 *
 * @example
 * ```ts
 * const info = await useBackend('auto', { wasmPaths: '/wasm/' });
 * console.log(info.description, info.reason);
 * ```
 */
export async function useBackend(name: BackendName = 'auto', options: UseBackendOptions = {}): Promise<BackendInfo> {
  checkOptions(options, USE_BACKEND_OPTION_KEYS, 'useBackend');
  return selectBackend(name, options, {});
}

/** {@link useBackend} with its seams (internal). */
export async function selectBackend(name: BackendName, options: UseBackendOptions, seams: BackendSeams): Promise<BackendInfo> {
  const override = options.env?.['AUG_BACKEND'];
  const requested = override !== undefined && override !== '' ? checkName(override, 'AUG_BACKEND') : checkName(name, 'useBackend: name');
  const threads = options.threads === undefined ? defaultThreads() : assertInteger(options.threads, 'options.threads', { min: 1, max: 8, where: 'useBackend' });
  const importer = seams.importModule ?? defaultImporter;
  const log = options.log ?? (() => {});
  if (requested !== 'auto') {
    const attempt = await tryBackend(requested, importer, threads, options, seams, false);
    if (!attempt.ok) throw new BackendUnavailableError(requested, `useBackend('${requested}'): ${attempt.reason}; call useBackend('auto') to fall back.`);
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
  throw new BackendUnavailableError('auto', `useBackend('auto'): no TensorFlow.js backend could start in this page (${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}).`);
}

/**
 * What the last successful {@link useBackend} selected, or null.
 *
 * @example
 * ```ts
 * console.log(activeBackend()?.description);
 * ```
 */
export function activeBackend(): BackendInfo | null {
  if (active === null) return null;
  return tf.getBackend() === active.tfBackend ? active : null;
}
