// The WebGPU route's decisions, with Dawn, its adapter and tfjs-backend-webgpu replaced by fakes, so
// these run on every machine (no GPU, no `webgpu` binary needed).
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';

import { describeAdapter, type GpuAdapterInfoLike, type GpuAdapterLike, type GpuLike } from '../src/webgpu/adapter.js';
import { WebgpuUnavailableError } from '../src/webgpu/errors.js';
import { WebgpuRoute, type DawnModule, type TfjsWebgpuModule, type WebgpuDeps } from '../src/webgpu/route.js';
import { BackendError } from '../src/errors.js';

const LAVAPIPE: GpuAdapterInfoLike = {
  vendor: 'mesa',
  architecture: 'software',
  device: 'llvmpipe-llvm-15-0-6-256-bits-',
  description: 'llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1',
  isFallbackAdapter: true,
};
const NVIDIA: GpuAdapterInfoLike = { vendor: 'nvidia', architecture: 'ampere', device: '', description: 'NVIDIA GeForce RTX 3080' };

function fakeAdapter(info: GpuAdapterInfoLike, requested: unknown[] = []): GpuAdapterLike {
  return {
    info,
    features: { has: (name: string) => name === 'timestamp-query' },
    limits: { maxBufferSize: 1 << 28, maxStorageBufferBindingSize: 1 << 27, maxComputeWorkgroupSizeX: 256 },
    requestDevice: async (descriptor) => {
      requested.push(descriptor);
      return { fake: 'device' };
    },
  };
}

function fakeGpu(info: GpuAdapterInfoLike | null, calls: unknown[] = []): GpuLike {
  return { requestAdapter: async () => (info === null ? null : fakeAdapter(info, calls)) };
}

const notFound = (name: string): Error =>
  Object.assign(new Error(`Cannot find package '${name}' imported from /x/webgpu.js`), { code: 'ERR_MODULE_NOT_FOUND' });

/** A stand-in for tfjs-backend-webgpu whose "WebGPU backend" is tfjs's cpu backend, recording its arguments. */
function fakeTfjsWebgpu(made: unknown[][]): TfjsWebgpuModule {
  return {
    WebGPUBackend: class extends MathBackendCPU {
      constructor(...args: unknown[]) {
        super();
        made.push(args);
      }
    } as unknown as TfjsWebgpuModule['WebGPUBackend'],
  };
}

function deps(over: Partial<WebgpuDeps> & { gpu?: GpuLike }): WebgpuDeps & { globalObject: Record<string, unknown> } {
  const gpu = over.gpu ?? fakeGpu(NVIDIA);
  const dawn: DawnModule = { create: () => gpu, globals: { GPUBufferUsage: { MAP_READ: 1 }, GPUMapMode: { READ: 1 } } };
  return {
    loadDawn: async () => dawn,
    loadTfjsWebgpu: async () => fakeTfjsWebgpu([]),
    globalObject: {},
    env: {},
    platform: 'linux-x64',
    ...over,
  };
}

afterEach(async () => {
  if (tf.findBackendFactory('webgpu') !== null) tf.removeBackend('webgpu');
  await tf.setBackend('cpu');
});

describe('describeAdapter', () => {
  it('flags lavapipe (fallback flag, architecture "software", llvmpipe name) as software', () => {
    expect(describeAdapter(fakeAdapter(LAVAPIPE)).isSoftware).toBe(true);
    expect(describeAdapter(fakeAdapter({ ...LAVAPIPE, isFallbackAdapter: undefined })).isSoftware).toBe(true);
    expect(describeAdapter(fakeAdapter({ vendor: 'mesa', description: 'llvmpipe (LLVM 19)' })).isSoftware).toBe(true);
  });

  it('flags SwiftShader and the deprecated adapter.isFallbackAdapter as software', () => {
    expect(describeAdapter(fakeAdapter({ vendor: 'google', architecture: '', description: 'SwiftShader Device (Subzero)' })).isSoftware).toBe(true);
    expect(describeAdapter({ ...fakeAdapter({ vendor: 'x' }), isFallbackAdapter: true }).isSoftware).toBe(true);
  });

  it('reads requestAdapterInfo() on implementations without adapter.info', async () => {
    const { info: _unused, ...old } = fakeAdapter(LAVAPIPE);
    const r = await new WebgpuRoute(deps({ gpu: { requestAdapter: async () => ({ ...old, requestAdapterInfo: async () => LAVAPIPE }) } })).probe();
    expect(r).toMatchObject({ available: true, isSoftware: true, vendor: 'mesa' });
  });

  it('reports a GPU as hardware with its fields', () => {
    expect(describeAdapter(fakeAdapter(NVIDIA))).toEqual({
      isSoftware: false,
      vendor: 'nvidia',
      architecture: 'ampere',
      device: '',
      description: 'NVIDIA GeForce RTX 3080',
    });
  });
});

describe('probe', () => {
  it('names the packages to install when `webgpu` is missing, without throwing', async () => {
    const route = new WebgpuRoute(deps({ loadDawn: async () => Promise.reject(notFound('webgpu')) }));
    const r = await route.probe();
    expect(r.available).toBe(false);
    expect(r.reason).toContain('npm install webgpu @tensorflow/tfjs-backend-webgpu');
  });

  it('says the binary failed (not "missing") when Dawn does not load', async () => {
    const route = new WebgpuRoute(deps({ loadDawn: async () => Promise.reject(new Error('GLIBC_2.38 not found')), platform: 'linux-x64' }));
    const r = await route.probe();
    expect(r).toMatchObject({ available: false });
    expect(r.reason).toMatch(/Dawn binary did not load on linux-x64: GLIBC_2\.38 not found/);
  });

  it('names the Vulkan/Metal/D3D12 drivers and the Debian backports package when there is no adapter', async () => {
    const r = await new WebgpuRoute(deps({ gpu: fakeGpu(null) })).probe();
    expect(r.available).toBe(false);
    expect(r.reason).toMatch(/no adapter/);
    expect(r.reason).toMatch(/Vulkan/);
    expect(r.reason).toMatch(/Metal/);
    expect(r.reason).toMatch(/D3D12/);
    expect(r.reason).toMatch(/bookworm-backports mesa-vulkan-drivers/);
  });

  it('reports a software adapter as available and software, registering nothing', async () => {
    const d = deps({ gpu: fakeGpu(LAVAPIPE) });
    const r = await new WebgpuRoute(d).probe();
    expect(r).toMatchObject({ available: true, isSoftware: true, vendor: 'mesa', architecture: 'software' });
    expect(r.reason).toMatch(/software adapter.*llvmpipe/);
    expect(tf.findBackendFactory('webgpu')).toBeNull();
    expect(d.globalObject).toEqual({});
  });

  it('reports a hardware adapter', async () => {
    const r = await new WebgpuRoute(deps({ gpu: fakeGpu(NVIDIA) })).probe();
    expect(r).toMatchObject({ available: true, isSoftware: false, vendor: 'nvidia', description: 'NVIDIA GeForce RTX 3080' });
  });
});

describe('init', () => {
  it('throws module-missing naming the install command for either package', async () => {
    const noDawn = new WebgpuRoute(deps({ loadDawn: async () => Promise.reject(notFound('webgpu')) }));
    const e1 = await noDawn.init().catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(WebgpuUnavailableError);
    expect(BackendError.isInstance(e1)).toBe(true);
    expect(e1).toMatchObject({ code: 'module-missing' });
    expect((e1 as Error).message).toContain('npm install webgpu @tensorflow/tfjs-backend-webgpu');

    const noTfjs = new WebgpuRoute(deps({ loadTfjsWebgpu: async () => Promise.reject(notFound('@tensorflow/tfjs-backend-webgpu')) }));
    const e2 = await noTfjs.init().catch((e: unknown) => e);
    expect(e2).toMatchObject({ code: 'module-missing' });
    expect((e2 as Error).message).toMatch(/'@tensorflow\/tfjs-backend-webgpu'.*npm install webgpu @tensorflow\/tfjs-backend-webgpu/);
  });

  it('throws no-adapter with the drivers to install', async () => {
    const e = await new WebgpuRoute(deps({ gpu: fakeGpu(null) })).init().catch((err: unknown) => err);
    expect(e).toMatchObject({ code: 'no-adapter' });
    expect((e as Error).message).toMatch(/Vulkan.*Metal.*D3D12.*mesa-vulkan-drivers/s);
  });

  it('refuses a software adapter unless allowSoftware, saying it is slower than wasm and how to force it', async () => {
    const d = deps({ gpu: fakeGpu(LAVAPIPE) });
    const e = await new WebgpuRoute(d).init().catch((err: unknown) => err);
    expect(e).toMatchObject({ code: 'software-adapter' });
    expect((e as Error).message).toMatch(/slower than the wasm backend/);
    expect((e as Error).message).toMatch(/allowSoftwareWebgpu: true/);
    expect((e as Error).message).toMatch(/initWebgpu\(\{ allowSoftware: true \}\)/);
    expect((e as Error).message).toMatch(/AUG_WEBGPU_ALLOW_SOFTWARE=1/);
    expect(tf.findBackendFactory('webgpu')).toBeNull();
    expect(tf.getBackend()).toBe('cpu');
    expect(d.globalObject).toEqual({});
  });

  it('uses a software adapter with allowSoftware (or AUG_WEBGPU_ALLOW_SOFTWARE=1)', async () => {
    const r = await new WebgpuRoute(deps({ gpu: fakeGpu(LAVAPIPE) })).init({ allowSoftware: true });
    expect(r).toMatchObject({ available: true, isSoftware: true });
    expect(tf.getBackend()).toBe('webgpu');
    await tf.setBackend('cpu');
    tf.removeBackend('webgpu');
    // The variable wins even over an explicit false (callers such as useBackend pass false by default).
    const viaEnv = await new WebgpuRoute(deps({ gpu: fakeGpu(LAVAPIPE), env: { AUG_WEBGPU_ALLOW_SOFTWARE: '1' } })).init({ allowSoftware: false });
    expect(viaEnv.isSoftware).toBe(true);
    expect(tf.getBackend()).toBe('webgpu');
  });

  it('on a hardware adapter: installs navigator.gpu and the GPU* globals, creates the device, selects webgpu', async () => {
    const deviceRequests: unknown[] = [];
    const made: unknown[][] = [];
    const gpu = fakeGpu(NVIDIA, deviceRequests);
    const d = deps({ gpu, loadTfjsWebgpu: async () => fakeTfjsWebgpu(made) });
    const r = await new WebgpuRoute(d).init();
    expect(r).toMatchObject({ available: true, isSoftware: false, vendor: 'nvidia', architecture: 'ampere' });
    expect(r.reason).toMatch(/hardware adapter: nvidia ampere \(NVIDIA GeForce RTX 3080\)/);
    expect(tf.getBackend()).toBe('webgpu');
    expect((d.globalObject.navigator as { gpu: unknown }).gpu).toBe(gpu);
    expect(d.globalObject.GPUBufferUsage).toEqual({ MAP_READ: 1 });
    expect(deviceRequests).toEqual([
      {
        requiredFeatures: ['timestamp-query'],
        requiredLimits: { maxBufferSize: 1 << 28, maxStorageBufferBindingSize: 1 << 27, maxComputeWorkgroupSizeX: 256 },
      },
    ]);
    expect(made).toHaveLength(1);
    expect(made[0]![0]).toEqual({ fake: 'device' });
    expect(made[0]![1]).toMatchObject({ vendor: 'nvidia' });
  });

  it('keeps an existing navigator object and existing globals, adding only gpu', async () => {
    const nav = { hardwareConcurrency: 8 };
    const d = deps({});
    d.globalObject.navigator = nav;
    d.globalObject.GPUMapMode = 'theirs';
    await new WebgpuRoute(d).init();
    expect(d.globalObject.navigator).toBe(nav);
    expect((nav as { gpu?: unknown }).gpu).toBeDefined();
    expect(d.globalObject.GPUMapMode).toBe('theirs');
  });

  it('a second init reuses the backend and re-selects it; it still refuses software without allowSoftware', async () => {
    const made: unknown[][] = [];
    const route = new WebgpuRoute(deps({ gpu: fakeGpu(LAVAPIPE), loadTfjsWebgpu: async () => fakeTfjsWebgpu(made) }));
    const first = await route.init({ allowSoftware: true });
    await tf.setBackend('cpu');
    const second = await route.init({ allowSoftware: true });
    expect(second).toBe(first);
    expect(tf.getBackend()).toBe('webgpu');
    expect(made).toHaveLength(1);
    await expect(route.init()).rejects.toMatchObject({ code: 'software-adapter' });
  });

  it('replaces a webgpu backend someone else registered', async () => {
    tf.registerBackend('webgpu', () => new MathBackendCPU(), 1);
    const theirs = tf.findBackendFactory('webgpu');
    await new WebgpuRoute(deps({})).init();
    expect(tf.findBackendFactory('webgpu')).not.toBe(theirs);
    expect(tf.getBackend()).toBe('webgpu');
  });

  it('throws device-failed with the cause when the adapter refuses a device', async () => {
    const broken: GpuLike = {
      requestAdapter: async () => ({ ...fakeAdapter(NVIDIA), requestDevice: async () => Promise.reject(new Error('device lost')) }),
    };
    const e = await new WebgpuRoute(deps({ gpu: broken })).init().catch((err: unknown) => err);
    expect(e).toMatchObject({ code: 'device-failed' });
    expect((e as Error).message).toMatch(/device lost/);
  });
});
