import { transformFromJSON, type Transform, type TransformSpec } from '@aug/transforms';

/**
 * Rebuilds a transform from the JSON text of its spec (in a worker thread).
 *
 * @example
 * ```ts
 * const t = rebuildTransform(JSON.stringify(pipeline.toJSON()));
 * ```
 */
export function rebuildTransform(specJson: string): Transform {
  return transformFromJSON(JSON.parse(specJson) as TransformSpec);
}

/**
 * The transform serialised for worker threads, with a clear error when it cannot be.
 *
 * @example
 * ```ts
 * serialiseTransform(new RandomHorizontalFlip()); // '{"type":"RandomHorizontalFlip","options":{"p":0.5}}'
 * ```
 */
export function serialiseTransform(transform: Transform | undefined): string | null {
  if (transform === undefined) return null;
  if (typeof transform.toJSON !== 'function') {
    throw new TypeError('DataLoader: numWorkers > 0 needs a transform with toJSON() (all @aug/transforms classes have it); use numWorkers: 0 for this transform');
  }
  return JSON.stringify(transform.toJSON());
}
