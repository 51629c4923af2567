import * as transforms from '@aug/transforms';
import type { Transform, TransformSpec } from '@aug/transforms';

type FromJSON = (spec: TransformSpec) => Transform;

/**
 * `@aug/transforms`' `transformFromJSON`, looked up at run time so a clear error names what is missing.
 *
 * @example
 * ```ts
 * const t = rebuildTransform(JSON.stringify(pipeline.toJSON()));
 * ```
 */
export function rebuildTransform(specJson: string): Transform {
  const fromJSON = (transforms as unknown as { transformFromJSON?: FromJSON }).transformFromJSON;
  if (typeof fromJSON !== 'function') {
    throw new TypeError('DataLoader workers need transformFromJSON from @aug/transforms, which this version does not export; use numWorkers: 0 or upgrade @aug/transforms');
  }
  return fromJSON(JSON.parse(specJson) as TransformSpec);
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
