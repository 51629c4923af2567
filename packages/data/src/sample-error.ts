import { SampleTransformError } from './errors.js';
// The package's own exports: every error class it exports can be rebuilt by name (a cycle, used only at call time).
import * as errors from './index.js';
import { errorInfo, type ErrorInfo } from './worker-protocol.js';

/**
 * The original error in one line, for a `SampleTransformError`'s message: `Name [CODE]: message`, plus
 * any `file`/`path` field the message does not already name.
 *
 * @example
 * ```ts
 * describeError(errorInfo(err)); // 'ImageDecodeError [IMAGE_DECODE_FAILED]: not a JPEG (file: a/b.jpg)'
 * ```
 */
export function describeError(info: ErrorInfo): string {
  let text = `${info.name}${info.code ? ` [${info.code}]` : ''}: ${info.message}`;
  for (const key of ['file', 'path']) {
    const v = info.fields[key];
    if (typeof v === 'string' && !info.message.includes(v)) text += ` (${key}: ${v})`;
  }
  return text;
}

/** This package's error classes by name (the ones a worker's error can be rebuilt as). */
function errorClass(name: string): (new (...args: never[]) => Error) | undefined {
  const found = (errors as Record<string, unknown>)[name];
  return typeof found === 'function' && (found as { prototype?: unknown }).prototype instanceof Error
    ? (found as new (...args: never[]) => Error)
    : undefined;
}

/**
 * An error that crossed the thread boundary, rebuilt on this thread: an instance of the same
 * `@aug/data` error class when there is one by that name (so `ImageDecodeError.isInstance(e.cause)`
 * holds), else an `Error` (or built-in `TypeError`/`RangeError`) with the same name; the code, message,
 * fields and the worker's stack are copied.
 *
 * @example
 * ```ts
 * const cause = rebuildError(failure.error);
 * ```
 */
export function rebuildError(info: ErrorInfo): Error {
  let error: Error | undefined;
  const Class = errorClass(info.name);
  if (Class) {
    try {
      error = Reflect.construct(Class, []) as Error;
    } catch {
      error = undefined;
    }
  }
  if (!error) {
    const Builtin = ({ TypeError, RangeError, SyntaxError, ReferenceError } as Record<string, ErrorConstructor>)[info.name] ?? Error;
    error = new Builtin(info.message);
  }
  const define = (key: string, value: unknown): void => {
    Object.defineProperty(error, key, { value, enumerable: key !== 'message' && key !== 'stack', writable: true, configurable: true });
  };
  define('message', info.message);
  define('name', info.name);
  if (info.code !== undefined) define('code', info.code);
  for (const [k, v] of Object.entries(info.fields)) define(k, v);
  if (info.stack !== undefined) define('stack', info.stack);
  return error;
}

/**
 * The `SampleTransformError` for sample `index` of `dataset` in `epoch`: the original error's class,
 * code and message in the message, the error itself (or its rebuilt copy) as `cause`.
 *
 * @example
 * ```ts
 * throw sampleError('ImageFolder(3 classes, pets)', 7, 0, err);
 * ```
 */
export function sampleError(dataset: string, index: number, epoch: number, error: unknown, info: ErrorInfo = errorInfo(error)): SampleTransformError {
  return new SampleTransformError(dataset, index, epoch, describeError(info), { cause: error });
}
