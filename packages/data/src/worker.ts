// Entry point of a DataLoader worker thread (run by piscina): rebuilds the transform from its JSON
// spec, applies it to each untransformed sample with sampleRng(seed, epoch, index), and returns the
// collated batch as one transferred buffer.
import Piscina from 'piscina';
import type { Transform } from '@aug/transforms';
import { sampleRng } from '@aug/transforms';
import { BatchCollector } from './collate.js';
import { rebuildTransform } from './transform-spec.js';
import { taskImage, type WorkerFailure, type WorkerTask } from './worker-protocol.js';

const cache = new Map<string, Transform>();
const imported = new Set<string>();

/**
 * Transforms and collates one batch.
 *
 * @example
 * ```ts
 * const buffer = await runTask(task); // header + NHWC float32 + int32 labels
 * ```
 * A sample whose transform throws yields a {@link WorkerFailure} naming its index instead.
 */
export default async function runTask(task: WorkerTask): Promise<unknown> {
  for (const specifier of task.imports) {
    if (imported.has(specifier)) continue;
    try {
      await import(specifier);
    } catch (cause) {
      throw new Error(`DataLoader worker: could not import workerImports entry '${specifier}': ${(cause as Error).message}`, { cause });
    }
    imported.add(specifier);
  }
  let transform: Transform | undefined;
  if (task.spec !== null) {
    transform = cache.get(task.spec);
    if (!transform) {
      transform = rebuildTransform(task.spec);
      cache.set(task.spec, transform);
    }
  }
  const n = task.labels.length;
  const collector = new BatchCollector(n);
  for (let k = 0; k < n; k++) {
    const index = task.indices[k]!;
    try {
      const raw = taskImage(task, k);
      const image = transform ? transform.apply(raw, sampleRng(task.seed, task.epoch, index)) : raw;
      collector.add(k, image, task.labels[k]!, () => `dataset sample ${index}`);
    } catch (error) {
      const failure: WorkerFailure = { failedIndex: index, message: error instanceof Error ? error.message : String(error) };
      return failure;
    }
  }
  return Piscina.move(collector.packed().buffer);
}
