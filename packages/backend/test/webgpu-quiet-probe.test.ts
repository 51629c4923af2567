// The quiet adapter probe: Dawn runs in a child process whose stderr is a pipe, so its native warnings
// never reach the terminal of the process that calls useBackend('auto') / probeWebgpu().
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

import { describeAdapter } from '../src/webgpu/adapter.js';
import { WebgpuUnavailableError } from '../src/webgpu/errors.js';
import { probeAdapterQuietly, readProbeAnswer, runNodeChild, type ChildRun } from '../src/webgpu/quiet-probe.js';
import { WebgpuRoute } from '../src/webgpu/route.js';

const run = (over: Partial<ChildRun>): ChildRun => ({ stdout: '', stderr: '', code: 0, signal: null, timedOut: false, ...over });

function failure(f: () => unknown): WebgpuUnavailableError {
  try {
    f();
  } catch (e) {
    if (e instanceof WebgpuUnavailableError) return e;
    throw e;
  }
  throw new Error('expected a WebgpuUnavailableError');
}

describe('runNodeChild', () => {
  it("keeps a child's native stderr (fd 2) in a pipe and returns it with stdout", async () => {
    const source = "import { writeSync } from 'node:fs'; writeSync(2, 'Warning: artificially reduced\\n'); console.log('{\"stage\":\"none\"}');";
    const r = await runNodeChild(source, process.env, 60_000);
    expect(r.stderr).toBe('Warning: artificially reduced\n');
    expect(r.stdout.trim()).toBe('{"stage":"none"}');
    expect(r.code).toBe(0);
  });

  it('kills a child that does not answer in time', async () => {
    const r = await runNodeChild('setInterval(() => {}, 1000);', process.env, 300);
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGKILL');
  });
});

describe('readProbeAnswer', () => {
  it("returns the adapter's info and fallback flag", () => {
    const info = { vendor: 'mesa', architecture: 'software', device: 'llvmpipe', description: 'llvmpipe (LLVM 15)', isFallbackAdapter: true };
    const snap = readProbeAnswer(run({ stdout: `${JSON.stringify({ stage: 'ok', info })}\n`, stderr: 'Warning: noise\n' }), 'linux-x64');
    expect(snap.info).toEqual(info);
    expect(describeAdapter(snap).isSoftware).toBe(true);
  });

  it('turns each failure stage into the code and message the in-process route gives', () => {
    expect(failure(() => readProbeAnswer(run({ stdout: '{"stage":"none"}\n' }), 'linux-x64')).code).toBe('no-adapter');
    const adapter = failure(() => readProbeAnswer(run({ stdout: '{"stage":"adapter","message":"vkCreateInstance failed"}\n' }), 'linux-x64'));
    expect(adapter.code).toBe('no-adapter');
    expect(adapter.message).toContain('vkCreateInstance failed');
    expect(adapter.message).toContain('Vulkan');
    const load = failure(() => readProbeAnswer(run({ stdout: '{"stage":"load","message":"dawn.node: invalid ELF header"}\n' }), 'linux-arm64'));
    expect(load.code).toBe('binary-failed');
    expect(load.message).toContain('linux-arm64');
    expect(load.message).toContain('invalid ELF header');
    expect(failure(() => readProbeAnswer(run({ stdout: '{"stage":"create","message":"boom"}\n' }), 'x')).code).toBe('binary-failed');
  });

  it("quotes the last line of a crashed child's stderr, and says when it timed out", () => {
    const crashed = failure(() => readProbeAnswer(run({ code: null, signal: 'SIGSEGV', stderr: 'Warning: a\nSegmentation fault in vkEnumerate\n\n' }), 'linux-x64'));
    expect(crashed.code).toBe('binary-failed');
    expect(crashed.message).toMatch(/ended on signal SIGSEGV without an answer; its last line: Segmentation fault in vkEnumerate$/);
    const slow = failure(() => readProbeAnswer(run({ code: null, signal: 'SIGKILL', timedOut: true }), 'linux-x64'));
    expect(slow.message).toMatch(/did not answer within 30 s$/);
  });
});

type RouteSeams = ConstructorParameters<typeof WebgpuRoute>[0];

/** A route on linux-x64 with no globals or env, tfjs-backend-webgpu never loaded, and the given Dawn and probe seams. */
function routeWith(probeAdapter: RouteSeams['probeAdapter'], loadDawn: RouteSeams['loadDawn'] = async () => {
  throw new Error('not used');
}): WebgpuRoute {
  return new WebgpuRoute({
    loadDawn,
    loadTfjsWebgpu: async () => {
      throw new Error('not used');
    },
    globalObject: {},
    env: {},
    platform: 'linux-x64',
    probeAdapter,
  });
}

describe('WebgpuRoute with probeAdapter', () => {
  it('probes through the seam without loading Dawn in this process', async () => {
    let dawnLoads = 0;
    const route = routeWith(
      async () => ({ info: { vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA GeForce RTX 3080' } }),
      async () => {
        dawnLoads += 1;
        throw new Error('Dawn must not load for a probe');
      },
    );
    const r = await route.probe();
    expect(r).toMatchObject({ available: true, isSoftware: false, vendor: 'nvidia' });
    expect(r.reason).toBe('WebGPU has a hardware adapter: nvidia ampere (NVIDIA GeForce RTX 3080)');
    expect(dawnLoads).toBe(0);
  });

  it("reports the seam's WebgpuUnavailableError as the reason", async () => {
    const route = routeWith(async () => {
      throw new WebgpuUnavailableError('no-adapter', 'WebGPU found no adapter. Install a driver');
    });
    expect(await route.probe()).toEqual({ available: false, reason: 'WebGPU found no adapter. Install a driver' });
  });

  it("asks this process's Dawn when the child cannot find 'webgpu' on disk (an esbuild bundle: the device kit)", async () => {
    const adapter = { info: { vendor: 'mesa', architecture: 'software', description: 'llvmpipe', isFallbackAdapter: false }, requestDevice: async () => ({}) };
    let childProbes = 0;
    const route = routeWith(
      async () => {
        childProbes += 1;
        throw new WebgpuUnavailableError('module-missing', "the WebGPU route needs the optional package 'webgpu'");
      },
      async () => ({ create: () => ({ requestAdapter: async () => adapter }), globals: {} }) as never,
    );
    expect(await route.probe()).toMatchObject({ available: true, isSoftware: true, vendor: 'mesa' });
    expect(childProbes).toBe(1);
    // Dawn now runs in this process: later probes ask it directly (no child).
    expect(await route.probe()).toMatchObject({ available: true, isSoftware: true });
    expect(childProbes).toBe(1);
  });
});

let dawnInstalled = true;
try {
  createRequire(import.meta.url).resolve('webgpu');
} catch {
  dawnInstalled = false;
}

describe.runIf(dawnInstalled)('probeAdapterQuietly with the installed Dawn', () => {
  it('finds the adapter an in-process Dawn finds (or none when it finds none)', async () => {
    const quiet = await probeAdapterQuietly(import.meta.url, process.env, 'here').catch((e: unknown) => e);
    const { create } = (await import('webgpu')) as unknown as { create(o: string[]): { requestAdapter(o: object): Promise<{ info?: { description?: string; vendor?: string } } | null> } };
    const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
    if (adapter === null) {
      expect(quiet).toBeInstanceOf(WebgpuUnavailableError);
      expect((quiet as WebgpuUnavailableError).code).toBe('no-adapter');
    } else {
      expect(quiet).not.toBeInstanceOf(Error);
      expect((quiet as { info?: { description?: string } }).info?.description).toBe(adapter.info?.description);
      expect((quiet as { info?: { vendor?: string } }).info?.vendor).toBe(adapter.info?.vendor);
    }
  });
});
