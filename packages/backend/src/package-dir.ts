import { createRequire } from 'node:module';
import { dirname } from 'node:path';

// Works in both builds: CJS has __filename, ESM has import.meta.url.
const here = typeof __filename === 'string' ? __filename : import.meta.url;

/** The folder an installed package lives in, resolved from this package (null when not installed). */
export function packageDir(name: string): string | null {
  try {
    return dirname(createRequire(here).resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}
