import type { ModuleImporter } from './types.js';

/** Node's dynamic import, kept in a function so bundlers leave the optional packages external. */
export const defaultImporter: ModuleImporter = (specifier) => import(/* @vite-ignore */ specifier);

export { classifyLoadError, isNotInstalled, messageOf, tryImport, type LoadOutcome } from './module-loader-core.js';
