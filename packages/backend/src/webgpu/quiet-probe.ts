import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

import type { GpuAdapterInfoLike } from './adapter.js';
import { WEBGPU_DRIVER_HELP, WEBGPU_INSTALL, WebgpuUnavailableError } from './errors.js';
import { isNotInstalled, messageOf } from '../module-loader-core.js';

// Dawn writes to the process's stderr from native code when it looks for adapters (Vulkan loader
// warnings, "error: XDG_RUNTIME_DIR is invalid or not set", "... artificially reduced ..." limits).
// Node cannot redirect its own fd 2 around a native call, so the probe runs in a child process whose
// stderr is a pipe: the child asks Dawn for an adapter, prints what it found as one JSON line, and its
// native noise stays in the pipe (kept only to explain a crash).

/** What the out-of-process probe learned about the adapter: the fields `describeAdapter` reads. */
export interface AdapterSnapshot {
  readonly info?: GpuAdapterInfoLike;
  readonly isFallbackAdapter?: boolean;
}

/** How long the child may take before the probe gives up (Dawn's Vulkan start-up takes well under a second). */
export const QUIET_PROBE_TIMEOUT_MS = 30_000;

// The child: loads Dawn from the URL in AUG_WEBGPU_PROBE_URL, asks for an adapter and prints one JSON line.
const CHILD_SOURCE = `
const say = (o) => { process.stdout.write(JSON.stringify(o) + '\\n'); process.exit(0); };
const msg = (e) => (e instanceof Error ? e.message : String(e));
let dawn, gpu, adapter;
try { dawn = await import(process.env.AUG_WEBGPU_PROBE_URL); } catch (e) { say({ stage: 'load', message: msg(e) }); }
try { gpu = dawn.create([]); } catch (e) { say({ stage: 'create', message: msg(e) }); }
try { adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }); } catch (e) { say({ stage: 'adapter', message: msg(e) }); }
if (adapter === null || adapter === undefined) say({ stage: 'none' });
let info = adapter.info;
if (info === undefined && typeof adapter.requestAdapterInfo === 'function') info = await adapter.requestAdapterInfo();
const pick = (i) => i === undefined ? undefined : { vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description, isFallbackAdapter: i.isFallbackAdapter };
say({ stage: 'ok', info: pick(info), isFallbackAdapter: adapter.isFallbackAdapter });
`;

type ChildAnswer =
  | { stage: 'ok'; info?: GpuAdapterInfoLike; isFallbackAdapter?: boolean }
  | { stage: 'none' }
  | { stage: 'load' | 'create' | 'adapter'; message: string };

/** What a child process printed and how it ended. */
export interface ChildRun {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: string | null;
  timedOut: boolean;
}

/** Runs `node --input-type=module -e source` with `env`, collecting its output (never throws for a failing child). */
export function runNodeChild(source: string, env: Readonly<Record<string, string | undefined>>, timeoutMs: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, signal, timedOut });
    });
  });
}

/** The last non-empty line of a child's stderr, for a message (empty when it printed nothing). */
function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.length === 0 ? '' : lines[lines.length - 1]!;
}

/** Where the `webgpu` package's entry file is, resolved from this package, as a `file:` URL. */
function dawnEntryUrl(from: string): string {
  try {
    return pathToFileURL(createRequire(from).resolve('webgpu')).href;
  } catch (e) {
    if (isNotInstalled(e, 'webgpu')) {
      throw new WebgpuUnavailableError('module-missing', `the WebGPU route needs the optional package 'webgpu' (Dawn for Node): ${WEBGPU_INSTALL}`, { cause: e });
    }
    throw new WebgpuUnavailableError('binary-failed', `the 'webgpu' package could not be resolved: ${messageOf(e)}`, { cause: e });
  }
}

/** Turns the child's run into the adapter it found, or the {@link WebgpuUnavailableError} that says why not. */
export function readProbeAnswer(run: ChildRun, platform: string): AdapterSnapshot {
  const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
  if (line === undefined) {
    const how = run.timedOut
      ? `did not answer within ${QUIET_PROBE_TIMEOUT_MS / 1000} s`
      : `ended ${run.signal !== null ? `on signal ${run.signal}` : `with exit code ${String(run.code)}`} without an answer`;
    const said = lastLine(run.stderr);
    throw new WebgpuUnavailableError('binary-failed', `the WebGPU adapter probe (a child process running Dawn on ${platform}) ${how}${said === '' ? '' : `; its last line: ${said}`}`);
  }
  const answer = JSON.parse(line) as ChildAnswer;
  switch (answer.stage) {
    case 'ok':
      return { info: answer.info, isFallbackAdapter: answer.isFallbackAdapter };
    case 'none':
      throw new WebgpuUnavailableError('no-adapter', `WebGPU found no adapter. ${WEBGPU_DRIVER_HELP}`);
    case 'adapter':
      throw new WebgpuUnavailableError('no-adapter', `WebGPU's requestAdapter failed (${answer.message}). ${WEBGPU_DRIVER_HELP}`);
    case 'create':
      throw new WebgpuUnavailableError('binary-failed', `Dawn's create([]) failed: ${answer.message}`);
    case 'load':
      throw new WebgpuUnavailableError(
        'binary-failed',
        `the 'webgpu' package is installed but its Dawn binary did not load on ${platform}: ${answer.message}. ` +
          `It ships prebuilt binaries for linux-x64, linux-arm64, darwin and win32 (x64, arm64); reinstall it (${WEBGPU_INSTALL}) or use another backend`,
      );
  }
}

/**
 * Asks Dawn for a high-performance adapter in a child process, so that the native messages Dawn
 * prints while it looks (Vulkan loader warnings, `XDG_RUNTIME_DIR`, reduced limits) never reach this
 * process's terminal. `from` is the file or URL `webgpu` is resolved from. Throws a
 * {@link WebgpuUnavailableError} (`'module-missing'`, `'binary-failed'`, `'no-adapter'`) when there
 * is no adapter; the child's stderr is quoted only when it crashed.
 *
 * @example
 * ```ts
 * const adapter = await probeAdapterQuietly(import.meta.url, process.env, 'linux-x64');
 * console.log(adapter.info?.description); // e.g. 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)'
 * ```
 */
export async function probeAdapterQuietly(from: string, env: Readonly<Record<string, string | undefined>>, platform: string): Promise<AdapterSnapshot> {
  const url = dawnEntryUrl(from);
  const run = await runNodeChild(CHILD_SOURCE, { ...env, AUG_WEBGPU_PROBE_URL: url }, QUIET_PROBE_TIMEOUT_MS);
  return readProbeAnswer(run, platform);
}
