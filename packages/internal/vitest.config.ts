import { testConfig } from '../../vitest.shared.mjs';

// Plain functions, no tfjs: vitest's defaults, plus the JSON report internal.json (vitest.shared.mjs).
export default testConfig({ report: 'internal' });
