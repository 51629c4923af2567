// The browser build's useBackend (src/use-backend.browser.ts) under Node, with stand-ins for what a page
// has: a WebGPU route, a WebGL context (OffscreenCanvas) naming its renderer, the backend packages.
// 'auto' skips software adapters with the reason, prefers hardware WebGPU, then hardware WebGL, then wasm
// with aug's training kernels; the Node-only routes say so. Under Node, 'webgl' says it needs a browser.
// (Under vitest the wasm route is the Node one: the build's .browser.ts substitution does not apply here;
// examples/browser's end-to-end test runs the real browser route in Chromium.)
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { afterEach, describe, expect, it } from 'vitest';
import { BackendUnavailableError, useBackend as nodeUseBackend } from '../src/index.js';
import { AUTO_ORDER, selectBackend } from '../src/use-backend.browser.js';
import type { ModuleImporter, WebgpuRouteLike } from '../src/types.js';

const SWIFTSHADER = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
const HARDWARE = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0)';

/** A page's OffscreenCanvas whose WebGL context reports `renderer` (null: no WebGL at all). */
function fakeCanvas(renderer: string | null): void {
  (globalThis as Record<string, unknown>)['OffscreenCanvas'] = class {
    getContext(): object | null {
      if (renderer === null) return null;
      return {
        RENDERER: 0x1f01,
        getExtension: (name: string) => (name === 'WEBGL_debug_renderer_info' ? { UNMASKED_RENDERER_WEBGL: 0x9246 } : null),
        getParameter: (p: number) => (p === 0x9246 ? renderer : 'WebKit WebGL'),
      };
    }
  };
}

function route(report: { available: boolean; isSoftware?: boolean; description?: string }): WebgpuRouteLike {
  return {
    probeWebgpu: async () => ({ reason: report.available ? 'adapter' : 'WebGPU found no adapter', ...report }),
    initWebgpu: async () => {
      if (tf.findBackendFactory('webgpu') === null) tf.registerBackend('webgpu', () => new MathBackendCPU(), 1);
      await tf.setBackend('webgpu');
      return { reason: 'started', vendor: 'nvidia', ...report };
    },
  };
}

/** Loads the real wasm and cpu packages; 'webgl' registers a stand-in backend as the real package would. */
const importer: ModuleImporter = async (specifier) => {
  if (specifier === '@tensorflow/tfjs-backend-webgl') {
    if (tf.findBackendFactory('webgl') === null) tf.registerBackend('webgl', () => new MathBackendCPU(), 1);
    return {};
  }
  return import(specifier);
};

afterEach(() => {
  delete (globalThis as Record<string, unknown>)['OffscreenCanvas'];
});

describe('useBackend in a page (browser build)', () => {
  it("'auto' order: hardware WebGPU, hardware WebGL, wasm, cpu", () => {
    expect(AUTO_ORDER).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });

  it("'auto' skips SwiftShader WebGPU and WebGL, saying why, and trains on wasm with aug's kernels", async () => {
    fakeCanvas(SWIFTSHADER);
    const info = await selectBackend('auto', { threads: 1 }, { importModule: importer, webgpuRoute: route({ available: true, isSoftware: true, description: 'SwiftShader' }) });
    expect(info.name).toBe('wasm');
    expect(info.kernels).toContain('Conv2DBackpropFilter');
    expect(info.skipped.map((s) => s.name)).toEqual(['webgpu', 'webgl']);
    expect(info.skipped[0]!.reason).toMatch(/software WebGPU adapter \(SwiftShader\)/);
    expect(info.skipped[1]!.reason).toMatch(/WebGL renders in software \(.*SwiftShader/);
  });

  it("'auto' takes a hardware WebGL renderer when WebGPU has no adapter", async () => {
    fakeCanvas(HARDWARE);
    const info = await selectBackend('auto', {}, { importModule: importer, webgpuRoute: route({ available: false }) });
    expect(info.name).toBe('webgl');
    expect(tf.getBackend()).toBe('webgl');
    expect(info.reason).toContain('NVIDIA GeForce RTX 3080');
    expect(info.skipped).toEqual([{ name: 'webgpu', reason: 'WebGPU found no adapter' }]);
  });

  it("'auto' takes a hardware WebGPU adapter first", async () => {
    fakeCanvas(HARDWARE);
    const info = await selectBackend('auto', {}, { importModule: importer, webgpuRoute: route({ available: true, isSoftware: false, description: 'RTX 3080' }) });
    expect(info.name).toBe('webgpu');
    expect(info.reason).toMatch(/hardware/);
  });

  it('a page without WebGL says so; an explicit software WebGL is used when asked for', async () => {
    fakeCanvas(null);
    let info = await selectBackend('auto', { threads: 1 }, { importModule: importer, webgpuRoute: route({ available: false }) });
    expect(info.skipped[1]).toEqual({ name: 'webgl', reason: 'this browser gives no WebGL context' });
    fakeCanvas(SWIFTSHADER);
    info = await selectBackend('webgl', {}, { importModule: importer });
    expect(info.description).toMatch(/software/);
  });

  it('the Node-only routes say they run only under Node', async () => {
    for (const name of ['onnxruntime', 'tensorflow', 'tensorflow-gpu'] as const) {
      const error = await selectBackend(name, {}, { importModule: importer }).catch((e: unknown) => e);
      expect(BackendUnavailableError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(`'${name}' runs only under Node`);
    }
  });

  it("under Node, useBackend('webgl') says WebGL needs a browser", async () => {
    const error = await nodeUseBackend('webgl').catch((e: unknown) => e);
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/WebGL exists only in a browser/);
  });
});
