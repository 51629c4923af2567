import type { Options } from 'tsup';

/** A package's Node build: ESM + CJS for Node 20, declarations, source maps, @aug/internal bundled in. */
export function nodeBuild(options?: { entry?: Record<string, string>; dts?: boolean | { entry: Record<string, string> }; shims?: boolean }): Options;
