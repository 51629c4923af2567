import type { Options } from 'tsup';

/** esbuild plugin: `./x.js` -> `./x.browser.ts` when it exists; `node:path` -> a shim; other Node built-ins are errors. */
export function browserSubstitutes(): NonNullable<Options['esbuildPlugins']>[number];
/** The tsup options of a package's browser build (ESM, platform 'browser', substitutes). */
export function browserBuild(entry?: Record<string, string>): Options;
