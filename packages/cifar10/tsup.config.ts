import { defineConfig } from 'tsup';
import { nodeBuild } from '../../tsup.shared.mjs';

// The DataLoader (and its worker script) lives in @aug/data, which this package re-exports.
export default defineConfig([nodeBuild({ dts: { entry: { index: 'src/index.ts' } }, shims: true })]);
