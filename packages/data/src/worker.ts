// Entry point of a DataLoader worker thread (run by piscina). Two kinds of task:
// - 'transform': untransformed pixels + the transform's JSON; the worker rebuilds the transform (cached)
//   and applies it to each image with sampleRng(seed, epoch, index);
// - 'dataset': indices only; the worker rebuilds the dataset from the spec it got once in workerData
//   (cached) and calls `await dataset.get(index, sampleRng(seed, epoch, index))` itself.
// Then it collates (the default collate, before tensors) and returns the batch with its typed arrays
// transferred, or the samples when the loader has a `collate` option.
import Piscina from 'piscina';
import type { Transform } from '@aug/transforms';
import { sampleRng } from '@aug/transforms';
import { collateHost, hostBuffers } from './collate.js';
import type { Dataset } from './dataset.js';
import { rebuildTransform } from './transform-spec.js';
import { datasetFromSpec, type WorkerDatasetSpec } from './worker-dataset.js';
import { errorInfo, taskImage, type DatasetTask, type TransformTask, type WorkerData, type WorkerFailure, type WorkerTask } from './worker-protocol.js';

const transforms = new Map<string, Transform>();
const datasets = new Map<string, Dataset<unknown>>();
const imported = new Set<string>();

async function importAll(specifiers: readonly string[]): Promise<void> {
  for (const specifier of specifiers) {
    if (imported.has(specifier)) continue;
    try {
      await import(specifier);
    } catch (cause) {
      throw new Error(`DataLoader worker: could not import workerImports entry '${specifier}': ${(cause as Error).message}`, { cause });
    }
    imported.add(specifier);
  }
}

function workerDataset(): Dataset<unknown> {
  const spec = (Piscina.workerData as WorkerData | undefined)?.datasetSpec;
  if (typeof spec !== 'string') throw new Error('DataLoader worker: a dataset task arrived but the pool was started without a dataset spec');
  let dataset = datasets.get(spec);
  if (!dataset) {
    try {
      dataset = datasetFromSpec(JSON.parse(spec) as WorkerDatasetSpec);
    } catch (cause) {
      throw new Error(`DataLoader worker: could not rebuild the dataset from its spec: ${(cause as Error).message}`, { cause });
    }
    datasets.set(spec, dataset);
  }
  return dataset;
}

function transformSamples(task: TransformTask): unknown[] | WorkerFailure {
  let transform: Transform | undefined;
  if (task.spec !== null) {
    transform = transforms.get(task.spec);
    if (!transform) {
      transform = rebuildTransform(task.spec);
      transforms.set(task.spec, transform);
    }
  }
  const samples: unknown[] = [];
  for (let k = 0; k < task.labels.length; k++) {
    const index = task.indices[k]!;
    try {
      const raw = taskImage(task, k);
      samples.push({ image: transform ? transform.apply(raw, sampleRng(task.seed, task.epoch, index)) : raw, label: task.labels[k]! });
    } catch (error) {
      return { failure: true, failedIndex: index, error: errorInfo(error) };
    }
  }
  return samples;
}

async function datasetSamples(task: DatasetTask): Promise<unknown[] | WorkerFailure> {
  const dataset = workerDataset();
  const indices = Array.from(task.indices);
  const settled = await Promise.allSettled(indices.map(async (index) => dataset.get(index, sampleRng(task.seed, task.epoch, index))));
  const samples: unknown[] = [];
  for (let k = 0; k < settled.length; k++) {
    const r = settled[k]!;
    if (r.status === 'rejected') return { failure: true, failedIndex: indices[k]!, error: errorInfo(r.reason) };
    samples.push(r.value);
  }
  return samples;
}

/**
 * Loads (or transforms) and collates one batch.
 *
 * @example
 * ```ts
 * const result = await runTask(task); // { host } | { samples } | WorkerFailure
 * ```
 */
export default async function runTask(task: WorkerTask): Promise<unknown> {
  await importAll(task.imports);
  const samples = task.mode === 'transform' ? transformSamples(task) : await datasetSamples(task);
  if (!Array.isArray(samples)) return samples;
  if (!task.collate) return { samples };
  let host;
  try {
    host = collateHost(samples, (k) => `dataset sample ${task.indices[k]!}`);
  } catch (error) {
    const failure: WorkerFailure = { failure: true, failedIndex: null, error: errorInfo(error) };
    return failure;
  }
  const result = { host };
  const transfer = hostBuffers(host);
  // piscina's Transferable: the result object travels with its typed arrays' buffers moved, not copied.
  const movable = {
    get [Piscina.transferableSymbol]() {
      return transfer;
    },
    get [Piscina.valueSymbol]() {
      return result;
    },
  };
  return Piscina.move(movable as unknown as Parameters<typeof Piscina.move>[0]);
}
