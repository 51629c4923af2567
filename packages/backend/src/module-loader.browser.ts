// The browser build's module loader: a bundler must see each optional backend package as a literal
// `import()` to split it into its own chunk (a page loads only the backend it selects); a bare
// specifier in a variable would not resolve in a browser.
import type { ModuleImporter } from './types.js';
export { classifyLoadError, isNotInstalled, messageOf, tryImport, type LoadOutcome } from './module-loader-core.js';

/** Literal dynamic imports of the tfjs backend packages a page may select. */
export const defaultImporter: ModuleImporter = async (specifier) => {
  switch (specifier) {
    case '@tensorflow/tfjs-backend-wasm':
      return import('@tensorflow/tfjs-backend-wasm');
    case '@tensorflow/tfjs-backend-webgl':
      // (not a dependency of this package: typed loosely, still a literal for bundlers)
      return import('@tensorflow/tfjs-backend-webgl' as string);
    case '@tensorflow/tfjs-backend-webgpu':
      return import('@tensorflow/tfjs-backend-webgpu');
    case '@tensorflow/tfjs-backend-cpu':
      return import('@tensorflow/tfjs-backend-cpu');
    default:
      throw new Error(`Cannot find package '${specifier}': not loadable in a browser`);
  }
};
