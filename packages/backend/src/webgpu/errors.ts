import { BackendError } from '../errors.js';

/**
 * Why the WebGPU route cannot run:
 * - `'module-missing'`: the optional packages `webgpu` or `@tensorflow/tfjs-backend-webgpu` are not installed;
 * - `'binary-failed'`: `webgpu` is installed but its prebuilt Dawn binary did not load on this platform;
 * - `'no-adapter'`: Dawn found no GPU adapter (no Vulkan, Metal or D3D12 driver);
 * - `'software-adapter'`: the only adapter is a CPU rasteriser and `allowSoftware` was not given;
 * - `'device-failed'`: the adapter refused to create a device, or tfjs could not start its backend on it.
 */
export type WebgpuFailure = 'module-missing' | 'binary-failed' | 'no-adapter' | 'software-adapter' | 'device-failed';

/**
 * Thrown by `initWebgpu` (and so by `useBackend('webgpu')`) when the WebGPU route cannot run. The
 * message says what to install or which option to pass; `code` says which case it is.
 *
 * @example
 * ```ts
 * import { initWebgpu, WebgpuUnavailableError } from '@aug/backend';
 * try {
 *   await initWebgpu();
 * } catch (e) {
 *   if (e instanceof WebgpuUnavailableError && e.code === 'software-adapter') await initWebgpu({ allowSoftware: true });
 *   else throw e;
 * }
 * ```
 */
export class WebgpuUnavailableError extends BackendError {
  /** This class's own marker: `WebgpuUnavailableError.isInstance(e)` is true only for this failure. */
  static override readonly marker: symbol = Symbol.for('@aug/backend.error.WebgpuUnavailableError');
  /** Which failure this is. */
  declare readonly code: WebgpuFailure;

  constructor(code: WebgpuFailure, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'WebgpuUnavailableError';
  }
}

/** The command that installs both optional packages of the WebGPU route. */
export const WEBGPU_INSTALL = 'npm install webgpu @tensorflow/tfjs-backend-webgpu';

/** What to install when Dawn finds no adapter, per platform. */
export const WEBGPU_DRIVER_HELP =
  'Install a GPU driver that Dawn can use: Vulkan on Linux (your GPU vendor driver plus the Vulkan ' +
  'loader, libvulkan1), Metal on macOS (built in), D3D12 on Windows 10 or later. On a machine without a ' +
  'GPU, a software Vulkan device (Mesa >= 25 lavapipe; for correctness checks, it is slow) comes on ' +
  "Debian 12 from bookworm-backports: echo 'deb http://deb.debian.org/debian bookworm-backports main' " +
  '> /etc/apt/sources.list.d/backports.list && apt-get update && apt-get install -y -t bookworm-backports ' +
  "mesa-vulkan-drivers libvulkan1 (bookworm's own Mesa 22.3 lavapipe gives no adapter); the aug " +
  'repository has this as scripts/install-lavapipe.sh';
