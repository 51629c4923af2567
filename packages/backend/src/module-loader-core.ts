import type { ModuleImporter } from './types.js';

/** How loading an optional backend package went. */
export type LoadOutcome =
  | { ok: true; module: unknown }
  | { ok: false; kind: 'not-installed' | 'native-binding-missing' | 'failed'; reason: string; error: unknown };

/** The message of a thrown value. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function codeOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/**
 * Tells apart the three ways an optional backend package fails to load: not installed (the package
 * itself cannot be resolved), native binding missing (tfjs-node installed without its libtensorflow
 * download: requiring it throws about `tfjs_binding.node`), or any other failure.
 */
export function classifyLoadError(specifier: string, error: unknown): Exclude<LoadOutcome, { ok: true }> {
  const message = messageOf(error);
  if (/tfjs_binding\.node|libtensorflow/i.test(message)) {
    return {
      ok: false,
      kind: 'native-binding-missing',
      reason: `${specifier} is installed but its native binding is missing (tfjs_binding.node / libtensorflow was not downloaded at install time)`,
      error,
    };
  }
  if (isNotInstalled(error, specifier)) {
    return { ok: false, kind: 'not-installed', reason: `${specifier} is not installed`, error };
  }
  return { ok: false, kind: 'failed', reason: `${specifier} failed to load: ${message.split('\n')[0]}`, error };
}

/**
 * Whether `error` (from importing or requiring `specifier`) says the package itself is not installed, as
 * opposed to a package that is there but fails to load (a missing native binary, a broken dependency).
 */
export function isNotInstalled(error: unknown, specifier: string): boolean {
  const code = codeOf(error);
  const message = messageOf(error);
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)/.test(message);
  return notFound && message.includes(specifier);
}

/** Imports `specifier`, never throwing: the outcome says what happened. */
export async function tryImport(importer: ModuleImporter, specifier: string): Promise<LoadOutcome> {
  try {
    return { ok: true, module: await importer(specifier) };
  } catch (error) {
    return classifyLoadError(specifier, error);
  }
}
