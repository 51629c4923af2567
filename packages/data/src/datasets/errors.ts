import { DataError } from '../errors.js';

/**
 * A path given to a dataset is not one: a missing path, a file where a folder is expected, a folder with no
 * class subfolders, a class folder with no usable image (ImageFolder), or a missing images folder
 * (CocoDetection). `path` is the offending path; the message says what it holds and what was expected.
 *
 * @example
 * ```ts
 * try { new ImageFolder('data/train'); }
 * catch (e) { if (NotADatasetError.isInstance(e)) console.error(e.path, e.message); }
 * ```
 */
export class NotADatasetError extends DataError {
  /** This class's own marker: `NotADatasetError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/data.error.NotADatasetError');
  /** The path that is not a dataset. */
  readonly path: string;
  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super('NOT_A_DATASET', message, options);
    this.name = 'NotADatasetError';
    this.path = path;
  }

}

/**
 * A COCO annotation file cannot be used: missing or not JSON, without its `images`/`annotations`/`categories`
 * arrays, an annotation naming an unknown image or category, a malformed box or segmentation, or an image
 * whose file is missing or whose size differs from the file's `width`/`height`. `file` is the annotation
 * file; the message names the image or annotation id and the values.
 *
 * @example
 * ```ts
 * try { await coco.get(0); }
 * catch (e) { if (AnnotationError.isInstance(e)) console.error(e.file, e.message); }
 * ```
 */
export class AnnotationError extends DataError {
  /** This class's own marker: `AnnotationError.isInstance(e)` is true only for this failure (and its subclasses). */
  static override readonly marker: symbol = Symbol.for('@aug/data.error.AnnotationError');
  /** The annotation file. */
  readonly file: string;
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super('ANNOTATION_INVALID', message, options);
    this.name = 'AnnotationError';
    this.file = file;
  }

}
