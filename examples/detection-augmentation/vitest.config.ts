import { testConfig } from '../../vitest.shared.mjs';

// vitest's pool, 120 s timeouts; JSON report detection-augmentation.json in $AUG_VITEST_JSON_DIR (vitest.shared.mjs).
export default testConfig({ report: 'detection-augmentation', timeout: 120_000 });
