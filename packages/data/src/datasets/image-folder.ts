import { describeValue } from '@aug/internal';
import { transformFromJSON } from '@aug/transforms';
import type { Image, JsonValue, Rng, Transform, TransformSpec } from '@aug/transforms';
import { checkIndex } from '../dataset.js';
import { readImage } from '../io/read-image.js';
import type { WorkerDataset, WorkerDatasetSpec } from '../worker-dataset.js';
import { findClasses, IMG_EXTENSIONS, makeDataset } from './scan-folder.js';
import { checkOptionKeys } from '../option-keys.js';

/** Options of {@link ImageFolder} (torchvision's `ImageFolder`/`DatasetFolder` arguments in camelCase). */
export interface ImageFolderOptions {
  /** Applied to each decoded image with the sample's `rng` (runs in the workers when the loader has them). */
  transform?: Transform | undefined;
  /**
   * Applied to each label. A function cannot be sent to worker threads: a {@link DataLoader} with
   * `numWorkers > 0` rejects a dataset that has one (`toWorkerSpec` throws a `TypeError`).
   */
  targetTransform?: ((label: number) => number) | undefined;
  /**
   * File endings to accept, compared case-insensitively (default {@link IMG_EXTENSIONS}); one string or a list,
   * as torchvision's `str` or tuple. Not with `isValidFile`.
   */
  extensions?: string | readonly string[] | undefined;
  /** Decides from a file's path whether it is a sample (instead of `extensions`). Not with `extensions`. */
  isValidFile?: ((path: string) => boolean) | undefined;
  /** Keep class folders without a valid file instead of throwing (torchvision's `allow_empty`). */
  allowEmpty?: boolean | undefined;
}

/** An {@link ImageFolder} sample: the RGB image (after `transform`) and the class index (after `targetTransform`). */
export interface ImageFolderSample {
  image: Image;
  label: number;
}

/** The scan a worker receives instead of rescanning. */
interface Scanned {
  classes: string[];
  samples: [string, number][];
}

const PRESCANNED: unique symbol = Symbol('ImageFolder.prescanned');

function checkOptions(options: unknown): ImageFolderOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`ImageFolder: options must be an object { transform, targetTransform, extensions, isValidFile, allowEmpty }, got ${describeValue(options)}`);
  }
  checkOptionKeys(options, 'ImageFolderOptions', 'ImageFolder');
  const o = options as ImageFolderOptions;
  if (o.transform !== undefined && (o.transform === null || typeof o.transform.apply !== 'function' || typeof o.transform.toJSON !== 'function')) {
    throw new TypeError(`ImageFolder: options.transform must be a transform (apply and toJSON), got ${describeValue(o.transform)}`);
  }
  if (o.targetTransform !== undefined && typeof o.targetTransform !== 'function') {
    throw new TypeError(`ImageFolder: options.targetTransform must be a function (label) => label, got ${describeValue(o.targetTransform)}`);
  }
  if (o.isValidFile !== undefined && typeof o.isValidFile !== 'function') {
    throw new TypeError(`ImageFolder: options.isValidFile must be a function (path) => boolean, got ${describeValue(o.isValidFile)}`);
  }
  const ext: unknown = o.extensions;
  if (ext !== undefined && !(typeof ext === 'string' && ext.length > 0) && (!Array.isArray(ext) || !ext.every((e) => typeof e === 'string' && e.length > 0))) {
    throw new TypeError(`ImageFolder: options.extensions must be a file ending or an array of them such as ['.png', '.jpg'], got ${describeValue(ext)}`);
  }
  if (o.extensions !== undefined && o.isValidFile !== undefined) {
    throw new TypeError('ImageFolder: options.extensions and options.isValidFile cannot both be given (as torchvision); pass one of them');
  }
  if (o.allowEmpty !== undefined && typeof o.allowEmpty !== 'boolean') {
    throw new TypeError(`ImageFolder: options.allowEmpty must be a boolean, got ${describeValue(o.allowEmpty)}`);
  }
  return o;
}

/**
 * A folder of class folders, as `torchvision.datasets.ImageFolder`: `root/<class>/**\/<image>`. The constructor
 * scans synchronously with torchvision's semantics: the classes are the sub-folders of `root` (symbolic links
 * followed) sorted by code point as Python's `sorted` (`'Zebra'` before `'apple'`), each walked recursively as
 * `sorted(os.walk(dir, followlinks=True))` with sorted file names, files kept when their lower-cased name
 * ends with one of `extensions` (default {@link IMG_EXTENSIONS}) or `isValidFile(path)` is true. A link
 * loop is not followed around (torchvision would recurse until the path is too long).
 *
 * `get(i, rng)` reads and decodes `samples[i][0]` as `'rgb'` (PIL's `convert('RGB')`: grey replicated, alpha
 * dropped), applies `transform` with `rng` and `targetTransform` to the label. With a {@link DataLoader}
 * with `numWorkers > 0`, the workers read, decode and transform the files (the dataset travels as its
 * scanned sample list, see {@link ImageFolder.toWorkerSpec}).
 *
 * Not a dataset (a missing path, a file, no class folder, a class folder without a valid file unless
 * `allowEmpty`): a {@link NotADatasetError} naming the path and what it holds.
 *
 * @example
 * ```ts
 * const train = new ImageFolder('data/train', { transform: new RandomHorizontalFlip() });
 * console.log(train.classes, train.length);
 * const { image, label } = await train.get(0, createRng(0));
 * ```
 */
export class ImageFolder implements WorkerDataset<ImageFolderSample> {
  readonly root: string;
  /** Class names, sorted by code point. */
  readonly classes: readonly string[];
  /** Class name -> index. */
  readonly classToIdx: Readonly<Record<string, number>>;
  /** `[path, classIndex]` for every sample, in torchvision's order. */
  readonly samples: readonly (readonly [string, number])[];
  /** The class index of every sample. */
  readonly targets: readonly number[];
  readonly transform: Transform | undefined;
  readonly targetTransform: ((label: number) => number) | undefined;

  constructor(root: string, options?: ImageFolderOptions) {
    if (typeof root !== 'string' || root.length === 0) {
      throw new TypeError(`ImageFolder: root must be a non-empty path string, got ${describeValue(root)}`);
    }
    const o = checkOptions(options);
    this.root = root;
    this.transform = o.transform;
    this.targetTransform = o.targetTransform;
    const pre = (options as { [PRESCANNED]?: Scanned } | undefined)?.[PRESCANNED];
    let classes: string[];
    let samples: [string, number][];
    if (pre) {
      classes = pre.classes;
      samples = pre.samples;
    } else {
      const found = findClasses(root);
      classes = found.classes;
      samples = makeDataset(root, found.classToIdx, {
        extensions: o.isValidFile ? undefined : typeof o.extensions === 'string' ? [o.extensions] : (o.extensions ?? IMG_EXTENSIONS),
        isValidFile: o.isValidFile,
        allowEmpty: o.allowEmpty,
      });
    }
    const classToIdx = Object.create(null) as Record<string, number>;
    classes.forEach((c, i) => {
      classToIdx[c] = i;
    });
    this.classes = Object.freeze([...classes]);
    this.classToIdx = Object.freeze(classToIdx);
    this.samples = Object.freeze(samples.map(([p, c]) => Object.freeze([p, c] as const)));
    this.targets = Object.freeze(samples.map((s) => s[1]));
  }

  /** The number of samples (`len(dataset)`). */
  get length(): number {
    return this.samples.length;
  }

  /**
   * Reads, decodes (`'rgb'`) and transforms sample `index`.
   *
   * @example
   * ```ts
   * const { image, label } = await folder.get(3, createRng(1));
   * ```
   */
  async get(index: number, rng?: Rng): Promise<ImageFolderSample> {
    checkIndex(index, this.samples.length, 'ImageFolder.get');
    const [path, target] = this.samples[index]!;
    let image = await readImage(path, { mode: 'rgb' });
    if (this.transform) image = this.transform.apply(image, rng);
    const label = this.targetTransform ? this.targetTransform(target) : target;
    return { image, label };
  }

  /**
   * What a worker thread needs to rebuild this dataset without rescanning: `{ type: 'ImageFolder', options:
   * { root, samples, classes, transform } }` (`transform` as its JSON or null). A `TypeError` when the
   * dataset has a `targetTransform` (a function cannot be sent to a thread: use `numWorkers: 0`, or map the
   * labels after loading).
   *
   * @example
   * ```ts
   * const copy = ImageFolder.fromWorkerSpec(folder.toWorkerSpec().options);
   * ```
   */
  toWorkerSpec(): WorkerDatasetSpec {
    if (this.targetTransform) {
      throw new TypeError(
        'ImageFolder: a dataset with options.targetTransform cannot run in worker threads (a function cannot be sent to a thread); ' +
          'use numWorkers: 0, or drop targetTransform and map the labels after loading',
      );
    }
    return {
      type: 'ImageFolder',
      options: {
        root: this.root,
        samples: this.samples.map(([p, c]) => [p, c]),
        classes: [...this.classes],
        transform: this.transform ? (this.transform.toJSON() as unknown as JsonValue) : null,
      },
    };
  }

  /**
   * Rebuilds an ImageFolder from the `options` of {@link ImageFolder.toWorkerSpec} (in a worker thread):
   * no folder scan, the transform rebuilt with `transformFromJSON`. A `TypeError` for malformed options.
   *
   * @example
   * ```ts
   * const copy = ImageFolder.fromWorkerSpec(folder.toWorkerSpec().options);
   * ```
   */
  static fromWorkerSpec(options: JsonValue): ImageFolder {
    const o = options as { root?: unknown; samples?: unknown; classes?: unknown; transform?: unknown };
    const ok =
      o !== null && typeof o === 'object' && typeof o.root === 'string' &&
      Array.isArray(o.classes) && o.classes.every((c) => typeof c === 'string') &&
      Array.isArray(o.samples) &&
      o.samples.every((s) => Array.isArray(s) && s.length === 2 && typeof s[0] === 'string' && Number.isInteger(s[1]));
    if (!ok) {
      throw new TypeError(`ImageFolder.fromWorkerSpec: options must be { root, samples: [path, classIndex][], classes: string[], transform }, got ${describeValue(options)}`);
    }
    const transform = o.transform === null || o.transform === undefined ? undefined : transformFromJSON(o.transform as TransformSpec);
    const init = { transform, [PRESCANNED]: { classes: o.classes as string[], samples: o.samples as [string, number][] } };
    return new ImageFolder(o.root as string, init as ImageFolderOptions);
  }
}
