import { testConfig, TFJS_SUITE } from '../../vitest.shared.mjs';

// The shared suite settings (forks, one file at a time, 300 s timeouts, @aug/test-utils' setup) and the
// JSON report train.json in $AUG_VITEST_JSON_DIR: see vitest.shared.mjs.
export default testConfig({ report: 'train', ...TFJS_SUITE });
