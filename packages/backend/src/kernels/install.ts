import type { KernelConfig } from '@tensorflow/tfjs-core';
import { cpuBatchNormKernels, wasmBatchNormKernels } from './batch-norm.js';
import { cpuFilterGradKernel } from './filter-grad-cpu.js';
import { wasmFilterGradKernel } from './filter-grad-wasm.js';
import { wasmIdentityKernel } from './identity-wasm.js';
import { wasmInputGradKernel } from './input-grad-wasm.js';
import { wasmChannelReduceKernel } from './reduce-wasm.js';
import { wasmTileKernel } from './tile-wasm.js';
import { cpuPadKernel, cpuSliceKernel } from './pad-slice-cpu.js';
import { cpuChannelReduceKernel } from './reduce-cpu.js';
import { cpuBatchNormInferenceKernel } from './batch-norm-inference-cpu.js';
import { cpuFastBinaryKernel, cpuFastUnaryKernel, type FastBinaryKernel, type FastUnaryKernel } from './elementwise-cpu.js';
import { describeValue } from '@aug/internal';
import { BackendUnavailableError } from '../errors.js';
import { currentOrtEngine, releaseOrtEngine } from '../onnxruntime.js';
import { ORT_BACKEND_NAME, ortConvKernels } from '../onnxruntime/conv-kernels.js';
import { kernels } from './registry.js';
import type { FusedAdamOptimizer } from '../fused-adam.js';
import { cpuAdamKernel, wasmAdamKernel } from './adam.js';
import { ortAdamKernel } from '../onnxruntime/adam-kernel.js';
import { ortBatchNormKernels, withOrtBatchNormInference } from '../onnxruntime/batch-norm-kernels.js';
import { withOrtElementwise } from '../onnxruntime/elementwise-kernels.js';
import { withOrtChannelSum } from '../onnxruntime/channel-sum-kernel.js';
import { cpuReluGradKernel, hookReluGradient, wasmReluGradKernel } from './relu-grad.js';

/** The tfjs backends aug has training kernels for. */
export type KernelBackendName = 'cpu' | 'wasm' | 'onnxruntime';

/** tfjs's own kernel, even when aug's is installed. */
function original(kernelName: string, backend: KernelBackendName): KernelConfig | undefined {
  return kernels.original(kernelName, backend);
}

function configsFor(backend: KernelBackendName): KernelConfig[] {
  if (backend === ORT_BACKEND_NAME) {
    const engine = currentOrtEngine();
    if (engine === null) throw new BackendUnavailableError('onnxruntime', `installTrainingKernels('onnxruntime'): the onnxruntime engine is not running; call useBackend('onnxruntime') (which installs these kernels)`);
    const stockFunc = (name: string) => original(name, backend)?.kernelFunc ?? null;
    const filterGradFallback = cpuFilterGradKernel(stockFunc('Conv2DBackpropFilter')).kernelFunc;
    return [
      ...ortConvKernels(engine, (name) => (name === 'Conv2DBackpropFilter' ? filterGradFallback : stockFunc(name))),
      withOrtChannelSum(engine, 'Sum', cpuChannelReduceKernel('Sum', ORT_BACKEND_NAME, stockFunc('Sum'))),
      withOrtChannelSum(engine, 'Mean', cpuChannelReduceKernel('Mean', ORT_BACKEND_NAME, stockFunc('Mean'))),
      cpuSliceKernel(ORT_BACKEND_NAME, stockFunc('Slice')),
      cpuPadKernel(ORT_BACKEND_NAME, stockFunc('PadV2')),
      withOrtBatchNormInference(engine, cpuBatchNormInferenceKernel(ORT_BACKEND_NAME, stockFunc('FusedBatchNorm'))),
      ...(['Add', 'Sub', 'Multiply', 'RealDiv'] as FastBinaryKernel[]).map((k) => cpuFastBinaryKernel(k, ORT_BACKEND_NAME, stockFunc(k))).map((c) => (c.kernelName === 'Add' ? withOrtElementwise(engine, 'Add', c) : c)),
      ...(['Relu', 'Step', 'Sqrt', 'Square'] as FastUnaryKernel[]).map((k) => cpuFastUnaryKernel(k, ORT_BACKEND_NAME, stockFunc(k))).map((c) => (c.kernelName === 'Relu' ? withOrtElementwise(engine, 'Relu', c) : c)),
      ...ortBatchNormKernels(engine),
      ortAdamKernel(engine),
      { ...cpuReluGradKernel(), backendName: ORT_BACKEND_NAME },
    ];
  }
  if (backend === 'cpu') return [cpuFilterGradKernel(original('Conv2DBackpropFilter', 'cpu')?.kernelFunc ?? null), ...cpuBatchNormKernels(), cpuAdamKernel('cpu'), cpuReluGradKernel()];
  return [
    wasmFilterGradKernel(),
    wasmInputGradKernel(),
    wasmTileKernel(original('Tile', 'wasm')?.kernelFunc ?? null),
    wasmChannelReduceKernel('Sum', original('Sum', 'wasm')?.kernelFunc ?? null),
    wasmChannelReduceKernel('Mean', original('Mean', 'wasm')?.kernelFunc ?? null),
    wasmIdentityKernel(original('Identity', 'wasm')?.kernelFunc ?? null),
    ...wasmBatchNormKernels(),
    wasmAdamKernel(),
    wasmReluGradKernel(),
  ];
}

/**
 * Registers aug's training kernels on a tfjs backend, replacing tfjs's own where it has one, and
 * returns their names. `cpu`: a fast `Conv2DBackpropFilter` (the stock one dominates a ResNet
 * training step). `wasm`: `Conv2DBackpropFilter`, which tfjs-backend-wasm 4.22 lacks, an XNNPACK-based
 * `Conv2DBackpropInput` in place of its plain C++ loop, `Tile`, `Sum` and `Mean` kernels that are
 * fast for the per-channel shapes of BatchNorm and its gradient (other shapes go to tfjs's own), and
 * an `Identity` that shares the input's buffer instead of copying it. `onnxruntime` (the tfjs-backend-cpu
 * instance that `useBackend('onnxruntime')` registers): `Conv2D`, `FusedConv2D`, `Conv2DBackpropInput` and
 * `Conv2DBackpropFilter` run in onnxruntime-node; uninstalling them also releases its sessions. All three:
 * `@aug/models`' fused
 * BatchNorm training kernels (`AugBatchNormTraining`, `AugBatchNormTrainingGrad`), the fused Adam
 * update of {@link FusedAdamOptimizer} (`AugAdamUpdate`) and ReLU's gradient in one pass (`AugReluGrad`; the
 * first call routes tfjs's `Relu` gradient through it wherever a backend has it, and through tfjs's own
 * `Step` and `Multiply` elsewhere, as before).
 * Calling it
 * again is harmless. {@link useBackend} calls it for you.
 *
 * @example
 * ```ts
 * import { installTrainingKernels } from '@aug/backend';
 * await tf.setBackend('cpu');
 * installTrainingKernels('cpu'); // ['Conv2DBackpropFilter', 'AugBatchNormTraining', 'AugBatchNormTrainingGrad', 'AugAdamUpdate', 'AugReluGrad']
 * ```
 */
export function installTrainingKernels(backend: KernelBackendName): string[] {
  if (backend !== 'cpu' && backend !== 'wasm' && backend !== ORT_BACKEND_NAME) {
    throw new TypeError(`installTrainingKernels: backend must be 'cpu', 'wasm' or 'onnxruntime', got ${describeValue(backend)}; pass one of those names (the tfjs backend the kernels are for)`);
  }
  const installed = kernels.install(backend, configsFor(backend));
  hookReluGradient();
  return installed;
}

/**
 * Puts tfjs's own kernels back (removes aug's where tfjs had none), e.g. to measure the stock
 * backend. Returns the kernel names restored.
 *
 * @example
 * ```ts
 * uninstallTrainingKernels('cpu'); // the stock, slow Conv2DBackpropFilter again
 * ```
 */
export function uninstallTrainingKernels(backend: KernelBackendName): string[] {
  const names = kernels.uninstall(backend);
  if (backend === ORT_BACKEND_NAME) releaseOrtEngine();
  return names;
}
