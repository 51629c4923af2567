import * as tf from '@tensorflow/tfjs-core';

import { adapterLabel, describeAdapter, readAdapterInfo, type AdapterDescription, type GpuAdapterLike, type GpuLike } from './adapter.js';
import { WEBGPU_DRIVER_HELP, WEBGPU_INSTALL, WebgpuUnavailableError } from './errors.js';
import { installWebgpuKernels } from './kernels.js';
import { BackendError } from '../errors.js';
import { isNotInstalled, messageOf } from '../module-loader.js';
import type { AdapterSnapshot } from './quiet-probe.js';

/**
 * What `probeWebgpu` and `initWebgpu` report about the WebGPU route. `available` says whether an
 * adapter exists (for `probeWebgpu`) or the backend is running (for `initWebgpu`); `reason` says why
 * in a sentence. The adapter fields come from `GPUAdapter.info` when an adapter was found.
 */
export interface WebgpuReport {
  available: boolean;
  reason: string;
  /** A CPU rasteriser (lavapipe/llvmpipe, SwiftShader, WARP) rather than a GPU. */
  isSoftware?: boolean;
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}

/** Options of `initWebgpu`. */
export interface WebgpuInitOptions {
  /**
   * Use a software adapter (lavapipe, SwiftShader) when no GPU is present. Such a device runs on the
   * CPU and is slower than the wasm backend, so it is refused unless asked for: good for checking
   * correctness on a machine without a GPU. Default `false`. The environment variable
   * `AUG_WEBGPU_ALLOW_SOFTWARE=1` allows it whatever this says (so a CLI user can force it).
   */
  allowSoftware?: boolean;
}

/** The `webgpu` package (Dawn's Node bindings) as this module uses it. */
export interface DawnModule {
  create(options: string[]): GpuLike;
  globals: object;
}

/** `@tensorflow/tfjs-backend-webgpu` as this module uses it. */
export interface TfjsWebgpuModule {
  WebGPUBackend: new (device: never, adapterInfo?: never) => tf.KernelBackend;
}

/** Everything the route takes from the outside world; tests replace it with fakes. */
export interface WebgpuDeps {
  loadDawn(): Promise<DawnModule>;
  loadTfjsWebgpu(): Promise<TfjsWebgpuModule>;
  /** Where `navigator.gpu` and the `GPUBufferUsage`-style constants go (the real one: `globalThis`). */
  globalObject: Record<string, unknown>;
  env: Readonly<Record<string, string | undefined>>;
  platform: string;
  /**
   * Finds the adapter for {@link WebgpuRoute.probe} without loading Dawn into this process (Node: a
   * child process, so Dawn's native stderr noise stays out of the terminal). Default: ask the Dawn
   * instance in this process.
   */
  probeAdapter?(): Promise<AdapterSnapshot>;
}

const BACKEND = 'webgpu';
const ADAPTER_OPTIONS = { powerPreference: 'high-performance' } as const;

/**
 * The WebGPU route: loads Dawn, finds an adapter, installs `navigator.gpu`, registers tfjs's webgpu
 * backend (with this package's kernel fixes) and selects it. One instance per process holds the one
 * Dawn instance; `webgpu/index.ts` exports the default one.
 */
export class WebgpuRoute {
  private gpu: GpuLike | null = null;
  private factory: (() => Promise<tf.KernelBackend>) | null = null;
  private lastDeviceError: unknown = null;
  private active: WebgpuReport | null = null;

  constructor(private readonly deps: WebgpuDeps) {}

  /** Never throws; registers nothing; reports whether an adapter exists and what it is. */
  async probe(): Promise<WebgpuReport> {
    try {
      const d = await this.describeProbed();
      const kind = d.isSoftware ? 'a software adapter' : 'a hardware adapter';
      const note = d.isSoftware ? '; slower than the wasm backend, used only with allowSoftware' : '';
      return { available: true, reason: `WebGPU has ${kind}: ${adapterLabel(d)}${note}`, ...d };
    } catch (e) {
      return { available: false, reason: messageOf(e) };
    }
  }

  /** Selects tfjs's 'webgpu' backend on Dawn's adapter; throws a {@link WebgpuUnavailableError} when it cannot. */
  async init(options: WebgpuInitOptions = {}): Promise<WebgpuReport> {
    const allowSoftware = options.allowSoftware === true || this.deps.env.AUG_WEBGPU_ALLOW_SOFTWARE === '1';
    if (this.active !== null && this.factory !== null && tf.findBackendFactory(BACKEND) === this.factory) {
      if (this.active.isSoftware === true && !allowSoftware) throw this.softwareError(this.active);
      if (tf.getBackend() !== BACKEND) await this.select();
      return this.active;
    }
    const gpu = await this.loadGpu();
    const tfjsWebgpu = await this.loadTfjsWebgpu();
    const adapter = await this.requestAdapter(gpu);
    const d = describeAdapter(adapter, await readAdapterInfo(adapter));
    if (d.isSoftware && !allowSoftware) throw this.softwareError(d);

    this.installGlobals(gpu);
    const factory = async (): Promise<tf.KernelBackend> => {
      try {
        const fresh = await this.requestAdapter(gpu);
        const device = await fresh.requestDevice(deviceDescriptor(fresh));
        return new (nodeBackendClass(tfjsWebgpu.WebGPUBackend))(device as never, (await readAdapterInfo(fresh)) as never);
      } catch (e) {
        this.lastDeviceError = e;
        throw e;
      }
    };
    if (tf.findBackendFactory(BACKEND) !== null) tf.removeBackend(BACKEND);
    tf.registerBackend(BACKEND, factory, 3);
    this.factory = factory;
    installWebgpuKernels();
    await this.select();
    const kind = d.isSoftware ? 'a software adapter (allowSoftware)' : 'a hardware adapter';
    this.active = { available: true, reason: `tfjs backend 'webgpu' on ${kind}: ${adapterLabel(d)}`, ...d };
    return this.active;
  }

  private async describeProbed(): Promise<AdapterDescription> {
    // Out of process unless Dawn already runs here (nothing left to keep quiet), or the child cannot
    // find the 'webgpu' package on disk although this process can load it (an app bundled with
    // esbuild, such as the device kit: the package is inside the bundle, not in node_modules).
    if (this.deps.probeAdapter !== undefined && this.gpu === null) {
      try {
        return describeAdapter(await this.deps.probeAdapter());
      } catch (e) {
        if (!(e instanceof WebgpuUnavailableError && e.code === 'module-missing')) throw e;
      }
    }
    const adapter = await this.requestAdapter(await this.loadGpu());
    return describeAdapter(adapter, await readAdapterInfo(adapter));
  }

  private async select(): Promise<void> {
    this.lastDeviceError = null;
    const ok = await tf.setBackend(BACKEND);
    if (!ok) {
      const cause = this.lastDeviceError;
      throw new WebgpuUnavailableError(
        'device-failed',
        `tfjs could not start its 'webgpu' backend: ${cause === null ? 'the backend factory failed' : messageOf(cause)}`,
        { cause },
      );
    }
    await tf.ready();
  }

  private softwareError(d: { description?: string; device?: string; vendor?: string; architecture?: string }) {
    const label = adapterLabel({
      isSoftware: true,
      vendor: d.vendor ?? '',
      architecture: d.architecture ?? '',
      device: d.device ?? '',
      description: d.description ?? '',
    });
    return new WebgpuUnavailableError(
      'software-adapter',
      `WebGPU's only adapter is a software device (${label}): it runs on the CPU and is slower than the ` +
        `wasm backend (useBackend('wasm')), so it is used only when asked for. To use it anyway, e.g. to ` +
        `check correctness without a GPU, pass useBackend('webgpu', { allowSoftwareWebgpu: true }) or ` +
        `initWebgpu({ allowSoftware: true }), or set AUG_WEBGPU_ALLOW_SOFTWARE=1`,
    );
  }

  private async loadGpu(): Promise<GpuLike> {
    if (this.gpu !== null) return this.gpu;
    let dawn: DawnModule;
    try {
      dawn = await this.deps.loadDawn();
    } catch (e) {
      if (isNotInstalled(e, 'webgpu')) {
        throw new WebgpuUnavailableError(
          'module-missing',
          `the WebGPU route needs the optional package 'webgpu' (Dawn for Node): ${WEBGPU_INSTALL}`,
          { cause: e },
        );
      }
      throw new WebgpuUnavailableError(
        'binary-failed',
        `the 'webgpu' package is installed but its Dawn binary did not load on ${this.deps.platform}: ` +
          `${messageOf(e)}. It ships prebuilt binaries for linux-x64, linux-arm64, darwin and win32 ` +
          `(x64, arm64); reinstall it (${WEBGPU_INSTALL}) or use another backend`,
        { cause: e },
      );
    }
    try {
      this.gpu = dawn.create([]);
    } catch (e) {
      throw new WebgpuUnavailableError('binary-failed', `Dawn's create([]) failed: ${messageOf(e)}`, { cause: e });
    }
    this.globalsSource = dawn.globals;
    return this.gpu;
  }

  private globalsSource: object = {};

  private async loadTfjsWebgpu(): Promise<TfjsWebgpuModule> {
    try {
      return await this.deps.loadTfjsWebgpu();
    } catch (e) {
      if (isNotInstalled(e, '@tensorflow/tfjs-backend-webgpu')) {
        throw new WebgpuUnavailableError(
          'module-missing',
          `the WebGPU route needs the optional package '@tensorflow/tfjs-backend-webgpu' (same version as ` +
            `@tensorflow/tfjs-core): ${WEBGPU_INSTALL}`,
          { cause: e },
        );
      }
      throw e;
    }
  }

  private async requestAdapter(gpu: GpuLike): Promise<GpuAdapterLike> {
    let adapter: GpuAdapterLike | null;
    try {
      adapter = await gpu.requestAdapter(ADAPTER_OPTIONS);
    } catch (e) {
      throw new WebgpuUnavailableError('no-adapter', `WebGPU's requestAdapter failed (${messageOf(e)}). ${WEBGPU_DRIVER_HELP}`, {
        cause: e,
      });
    }
    if (adapter === null || adapter === undefined) {
      throw new WebgpuUnavailableError('no-adapter', `WebGPU found no adapter. ${WEBGPU_DRIVER_HELP}`);
    }
    return adapter;
  }

  /** `navigator.gpu` and the `GPUBufferUsage`/`GPUMapMode`/... constants tfjs-backend-webgpu reads as globals. */
  private installGlobals(gpu: GpuLike): void {
    const g = this.deps.globalObject;
    for (const [name, value] of Object.entries(this.globalsSource)) {
      if (!(name in g)) g[name] = value;
    }
    const nav = g.navigator;
    if (typeof nav === 'object' && nav !== null) {
      if ((nav as { gpu?: unknown }).gpu !== gpu) {
        Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true, enumerable: true, writable: true });
      }
    } else {
      Object.defineProperty(g, 'navigator', { value: { gpu }, configurable: true, enumerable: true, writable: true });
    }
  }
}

/** The device tfjs-backend-webgpu asks for (its own registration's features and limits). */
function deviceDescriptor(adapter: GpuAdapterLike): { requiredFeatures: string[]; requiredLimits: Record<string, number> } {
  const requiredFeatures = ['timestamp-query', 'bgra8unorm-storage'].filter((f) => adapter.features.has(f));
  const requiredLimits: Record<string, number> = {};
  for (const name of [
    'maxComputeWorkgroupStorageSize',
    'maxComputeWorkgroupsPerDimension',
    'maxStorageBufferBindingSize',
    'maxBufferSize',
    'maxComputeWorkgroupSizeX',
    'maxComputeInvocationsPerWorkgroup',
  ]) {
    const v = adapter.limits[name];
    if (typeof v === 'number') requiredLimits[name] = v;
  }
  return { requiredFeatures, requiredLimits };
}

/** What `dataSync()`/`arraySync()` say on the webgpu backend in Node instead of "OffscreenCanvas is not defined". */
export const READ_SYNC_MESSAGE =
  "dataSync()/arraySync() cannot read a GPU tensor on tfjs's webgpu backend in Node: tfjs-backend-webgpu " +
  "reads synchronously through a browser's OffscreenCanvas, which Node lacks. Use `await tensor.data()` " +
  'or `await tensor.array()` instead';

type BackendClass = TfjsWebgpuModule['WebGPUBackend'];
const nodeClasses = new WeakMap<BackendClass, BackendClass>();

/**
 * tfjs-backend-webgpu's backend class with `readSync` failing clearly in Node (see
 * {@link READ_SYNC_MESSAGE}) rather than with a ReferenceError; reads that tfjs serves from its CPU
 * copy (tensors not yet uploaded) still work.
 */
function nodeBackendClass(Base: BackendClass): BackendClass {
  const cached = nodeClasses.get(Base);
  if (cached !== undefined) return cached;
  class NodeWebGPUBackend extends Base {
    override readSync(dataId: object): tf.backend_util.BackendValues {
      try {
        return super.readSync(dataId);
      } catch (e) {
        if (e instanceof ReferenceError && /OffscreenCanvas/.test(e.message)) {
          throw new BackendError('READ_SYNC_UNSUPPORTED', READ_SYNC_MESSAGE, { cause: e });
        }
        throw e;
      }
    }
  }
  nodeClasses.set(Base, NodeWebGPUBackend);
  return NodeWebGPUBackend;
}
