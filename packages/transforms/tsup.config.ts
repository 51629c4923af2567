import { defineConfig } from 'tsup';
import { nodeBuild } from '../../tsup.shared.mjs';

export default defineConfig([nodeBuild({ entry: { index: 'src/index.ts', functional: 'src/functional.ts' } })]);
