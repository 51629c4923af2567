import { SOFTWARE_RENDERERS as SOFTWARE_NAMES } from '../software-renderers.js';

// What this package needs of WebGPU's objects, written structurally so that the public types do not
// depend on `@webgpu/types` and tests can pass a fake adapter (see test/webgpu-route.test.ts).

/** The fields of `GPUAdapterInfo` this package reads. */
export interface GpuAdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  /** Newer Dawn builds and browsers report this here... */
  readonly isFallbackAdapter?: boolean;
}

/** The parts of a `GPUAdapter` this package uses. */
export interface GpuAdapterLike {
  readonly info?: GpuAdapterInfoLike;
  /** ...older ones on the adapter itself (deprecated in the spec). */
  readonly isFallbackAdapter?: boolean;
  /** Older Dawn builds (webgpu < 0.2.x) had this instead of `info`. */
  requestAdapterInfo?(): Promise<GpuAdapterInfoLike>;
  readonly features: { has(name: string): boolean };
  readonly limits: Readonly<Record<string, number | undefined>>;
  requestDevice(descriptor?: {
    requiredFeatures?: string[];
    requiredLimits?: Record<string, number>;
  }): Promise<unknown>;
}

/** The parts of `navigator.gpu` (a `GPU`) this package uses. */
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<GpuAdapterLike | null>;
}

/** What {@link describeAdapter} reads off an adapter. */
export interface AdapterDescription {
  isSoftware: boolean;
  vendor: string;
  architecture: string;
  device: string;
  description: string;
}


/**
 * Reads an adapter's vendor, architecture, device and description, and decides whether it is a
 * software device (a CPU rasteriser such as lavapipe or SwiftShader): the fallback-adapter flag, an
 * architecture of `'software'`, or a known software name in any field.
 */
export function describeAdapter(adapter: Pick<GpuAdapterLike, 'info' | 'isFallbackAdapter'>, fallbackInfo?: GpuAdapterInfoLike): AdapterDescription {
  const info = adapter.info ?? fallbackInfo ?? {};
  const vendor = info.vendor ?? '';
  const architecture = info.architecture ?? '';
  const device = info.device ?? '';
  const description = info.description ?? '';
  const isSoftware =
    info.isFallbackAdapter === true ||
    adapter.isFallbackAdapter === true ||
    architecture.toLowerCase() === 'software' ||
    SOFTWARE_NAMES.test(`${vendor} ${architecture} ${device} ${description}`);
  return { isSoftware, vendor, architecture, device, description };
}

/** A one-line human name for an adapter, e.g. `"nvidia ampere (NVIDIA GeForce RTX 3080)"`. */
export function adapterLabel(d: AdapterDescription): string {
  const head = [d.vendor, d.architecture].filter((s) => s !== '').join(' ') || 'unknown vendor';
  const tail = d.description || d.device;
  return tail ? `${head} (${tail})` : head;
}

/** `adapter.info`, or on older implementations what `requestAdapterInfo()` gives. */
export async function readAdapterInfo(adapter: GpuAdapterLike): Promise<GpuAdapterInfoLike | undefined> {
  if (adapter.info !== undefined) return adapter.info;
  if (typeof adapter.requestAdapterInfo === 'function') return adapter.requestAdapterInfo();
  return undefined;
}
