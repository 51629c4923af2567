import { testConfig } from '../../vitest.shared.mjs';

// vitest's pool, 120 s timeouts; JSON report train-with-data-aug.json in $AUG_VITEST_JSON_DIR (vitest.shared.mjs).
export default testConfig({ report: 'train-with-data-aug', timeout: 120_000 });
