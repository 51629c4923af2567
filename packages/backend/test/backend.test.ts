import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers tfjs's gradient functions
import { afterEach, describe, expect, it } from 'vitest';
import { activeBackend, BackendError, BackendUnavailableError, type BackendInfo, type BackendName, type UseBackendOptions } from '../src/index.js';
import type { ModuleImporter } from '../src/types.js';
import { selectBackend, type BackendSeams } from '../src/use-backend.js';
import { uninstallTrainingKernels } from '../src/kernels/install.js';
import { classifyLoadError } from '../src/module-loader.js';

/** useBackend with the internal seams (stand-ins for the optional packages and the WebGPU route). */
function useBackend(name: BackendName, { importModule, webgpuRoute, ...options }: UseBackendOptions & BackendSeams = {}): Promise<BackendInfo> {
  return selectBackend(name, options, { importModule, webgpuRoute });
}

// Errors shaped exactly like Node's when a package is absent, and like tfjs-node's when it was
// installed with --ignore-scripts (checked by hand: `npm i --ignore-scripts @tensorflow/tfjs-node`).
function notInstalled(specifier: string): Error {
  return Object.assign(new Error(`Cannot find package '${specifier}' imported from /app/index.js`), { code: 'ERR_MODULE_NOT_FOUND' });
}
function bindingMissing(): Error {
  // The message tfjs-node 4.22 throws (verbatim up to the path) when its install script did not run.
  return new Error(
    'The Node.js native addon module (tfjs_binding.node) can not be found at path: /app/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node. \n' +
      "Please run command 'npm rebuild @tensorflow/tfjs-node --build-addon-from-source' to rebuild the native addon module.",
  );
}

/** A stand-in 'tensorflow' backend: the JS cpu backend, optionally claiming a CUDA device. */
function fakeNative(gpu: boolean): () => Promise<unknown> {
  return async () => {
    class FakeNativeBackend extends MathBackendCPU {
      isUsingGpuDevice(): boolean {
        return gpu;
      }
    }
    if (tf.findBackendFactory('tensorflow') === null) tf.registerBackend('tensorflow', () => new FakeNativeBackend(), 3);
    return {};
  };
}

interface Scenario {
  [specifier: string]: (() => Promise<unknown>) | Error;
}
function importer(scenario: Scenario, real: string[] = []): ModuleImporter {
  return async (specifier) => {
    if (real.includes(specifier)) return import(specifier);
    const entry = scenario[specifier];
    if (entry === undefined) throw notInstalled(specifier);
    if (entry instanceof Error) throw entry;
    return entry();
  };
}
const noWebgpu = {
  probeWebgpu: async () => ({ available: false, reason: 'the optional package webgpu is not installed' }),
  initWebgpu: async () => {
    throw new Error('no adapter');
  },
};
const quiet = { env: {} };

afterEach(async () => {
  uninstallTrainingKernels('cpu');
  await tf.setBackend('cpu');
  if (tf.findBackendFactory('tensorflow') !== null) tf.removeBackend('tensorflow');
});

describe('useBackend(auto) on a machine without native binaries', () => {
  it('skips tfjs-node-gpu (not installed), tfjs-node (binding missing), webgpu (no adapter) and picks wasm with the kernels', async () => {
    const lines: string[] = [];
    const info = await useBackend('auto', {
      ...quiet,
      threads: 2,
      log: (l) => lines.push(l),
      importModule: importer({ '@tensorflow/tfjs-node': bindingMissing() }, ['@tensorflow/tfjs-backend-wasm']),
      webgpuRoute: noWebgpu,
    });
    expect(info.name).toBe('wasm');
    expect(info.tfBackend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.package).toBe('@tensorflow/tfjs-backend-wasm');
    expect(info.threads).toBe(2);
    expect(info.kernels).toContain('Conv2DBackpropFilter');
    expect(info.description).toBe('wasm (2 threads, aug training kernels)');
    expect(info.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'onnxruntime']);
    expect(info.skipped[0]!.reason).toBe('@tensorflow/tfjs-node-gpu is not installed');
    expect(info.skipped[1]!.reason).toMatch(/webgpu is not installed/);
    expect(info.skipped[2]!.reason).toMatch(/native binding is missing/);
    expect(info.skipped[3]!.reason).toBe('onnxruntime-node is not installed');
    expect(lines.some((l) => l.includes('skipped tensorflow:'))).toBe(true);
    expect(activeBackend()).toBe(info);
    // The wasm backend can now compute a filter gradient, which stock tfjs-backend-wasm cannot.
    const dw = tf.tidy(() => tf.grad((w) => tf.sum(tf.conv2d(tf.ones([1, 4, 4, 2]) as tf.Tensor4D, w as tf.Tensor4D, 1, 'same')))(tf.ones([3, 3, 2, 1])));
    // Each tap sees 3x3 (corner), 3x4 (edge) or 4x4 (centre) valid positions of the 4x4 input.
    expect(Array.from(await dw.data())).toEqual([9, 9, 12, 12, 9, 9, 12, 12, 16, 16, 12, 12, 9, 9, 12, 12, 9, 9]);
    dw.dispose();
  });

  it('falls back to cpu with the fast kernel when wasm is not installed either', async () => {
    const info = await useBackend('auto', { ...quiet, importModule: importer({}, ['@tensorflow/tfjs-backend-cpu']), webgpuRoute: noWebgpu });
    expect(info.name).toBe('cpu');
    expect(info.kernels).toEqual(['Conv2DBackpropFilter', 'AugBatchNormTraining', 'AugBatchNormTrainingGrad', 'AugAdamUpdate', 'AugReluGrad']);
    expect(info.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'onnxruntime', 'wasm']);
    expect(info.skipped[4]!.reason).toBe('@tensorflow/tfjs-backend-wasm is not installed');
    expect(activeBackend()?.name).toBe('cpu');
  });

  it('skips a software WebGPU adapter unless allowed', async () => {
    let initCalls = 0;
    const softwareWebgpu = {
      probeWebgpu: async () => ({ available: true, reason: 'adapter found', isSoftware: true, description: 'llvmpipe' }),
      initWebgpu: async () => {
        initCalls++;
        return { available: false, reason: 'refused' };
      },
    };
    const info = await useBackend('auto', { ...quiet, importModule: importer({}, ['@tensorflow/tfjs-backend-cpu']), webgpuRoute: softwareWebgpu });
    expect(info.skipped.find((s) => s.name === 'webgpu')?.reason).toMatch(/software WebGPU adapter \(llvmpipe\)/);
    expect(initCalls).toBe(0);
  });
});

describe('useBackend(auto) with native packages present', () => {
  it('takes tfjs-node-gpu only with a CUDA device, else tfjs-node', async () => {
    const info = await useBackend('auto', { ...quiet, importModule: importer({ '@tensorflow/tfjs-node-gpu': fakeNative(false), '@tensorflow/tfjs-node': fakeNative(false) }), webgpuRoute: noWebgpu });
    expect(info.name).toBe('tensorflow');
    expect(info.package).toBe('@tensorflow/tfjs-node');
    expect(info.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'webgpu']);
    expect(info.skipped[0]).toEqual({ name: 'tensorflow-gpu', reason: expect.stringMatching(/no CUDA device found .*CUDA 11\.2 and cuDNN 8\.1/) });
  });

  it('takes tfjs-node-gpu when a CUDA device is in use', async () => {
    const info = await useBackend('auto', { ...quiet, importModule: importer({ '@tensorflow/tfjs-node-gpu': fakeNative(true) }) });
    expect(info).toMatchObject({ name: 'tensorflow-gpu', tfBackend: 'tensorflow', package: '@tensorflow/tfjs-node-gpu', skipped: [] });
  });
});

describe('useBackend(explicit)', () => {
  it('names the package to install when tfjs-node is missing', async () => {
    const call = useBackend('tensorflow', { ...quiet, importModule: importer({}) });
    await expect(call).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(call).rejects.toThrow(/useBackend\('tensorflow'\): @tensorflow\/tfjs-node is not installed\. To use it: npm install @tensorflow\/tfjs-node@4\.22\.0/);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('names CUDA 11.2 / cuDNN 8.1 for tensorflow-gpu with a missing binding', async () => {
    const error = await useBackend('tensorflow-gpu', { ...quiet, importModule: importer({ '@tensorflow/tfjs-node-gpu': bindingMissing() }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as BackendUnavailableError).backend).toBe('tensorflow-gpu');
    expect(BackendError.isInstance(error)).toBe(true);
    expect((error as BackendError).code).toBe('BACKEND_UNAVAILABLE');
    expect(error).toBeInstanceOf(BackendError);
    expect((error as Error).message).toMatch(/native binding is missing/);
    expect((error as Error).message).toMatch(/npm install @tensorflow\/tfjs-node-gpu@4\.22\.0.*CUDA 11\.2 and cuDNN 8\.1/);
  });

  it('fails for webgpu with the route reason and the packages to install', async () => {
    await expect(useBackend('webgpu', { ...quiet, webgpuRoute: noWebgpu })).rejects.toThrow(/no adapter\. To use it: npm install @tensorflow\/tfjs-backend-webgpu/);
  });

  it('lets AUG_BACKEND override the argument, and rejects bad names and thread counts', async () => {
    const info = await useBackend('tensorflow', { env: { AUG_BACKEND: 'cpu' }, importModule: importer({}, ['@tensorflow/tfjs-backend-cpu']) });
    expect(info).toMatchObject({ name: 'cpu', requested: 'cpu', tfBackend: 'cpu' });
    await expect(useBackend('auto', { env: { AUG_BACKEND: 'tpu' } })).rejects.toThrow(/AUG_BACKEND must be one of 'auto', 'tensorflow-gpu'.*got "tpu"/);
    await expect(useBackend('gpu' as never, quiet)).rejects.toThrow(TypeError);
    await expect(useBackend('cpu', { ...quiet, threads: 0 })).rejects.toThrow(/options\.threads must be an integer in \[1, 8\], got 0/);
  });

  it('switches the wasm thread count on request and reports it', async () => {
    const one = await useBackend('wasm', { ...quiet, threads: 1 });
    expect(one.threads).toBe(1);
    expect(one.description).toBe('wasm (1 thread, aug training kernels)');
    const y = tf.tidy(() => tf.conv2d(tf.ones([1, 3, 3, 1]) as tf.Tensor4D, tf.ones([3, 3, 1, 1]) as tf.Tensor4D, 1, 'valid'));
    expect(Array.from(await y.data())).toEqual([9]);
    y.dispose();
  });
});

describe('classifyLoadError', () => {
  it('tells not-installed, binding-missing and other failures apart', async () => {
    const real = await import('@aug/this-package-does-not-exist' as string).catch((e: unknown) => e);
    expect(classifyLoadError('@aug/this-package-does-not-exist', real).kind).toBe('not-installed');
    expect(classifyLoadError('@tensorflow/tfjs-node', bindingMissing()).kind).toBe('native-binding-missing');
    // A missing dependency of the package is not "the package is not installed".
    expect(classifyLoadError('@tensorflow/tfjs-node', notInstalled('@mapbox/node-pre-gyp'))).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/failed to load: Cannot find package '@mapbox\/node-pre-gyp'/) });
  });
});
