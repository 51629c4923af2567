// The device kit's test (scripts/device/test/device-kit.test.ts), a repository tool's test rather than a
// package's: `pnpm test:device-kit`, run by `pnpm test` through turbo's root task `//#test:device-kit`
// (which builds the packages the kit bundles first). Its JSON report is device-kit.json in
// $AUG_VITEST_JSON_DIR, summed by .ci/run like the packages' reports. The kit build bundles, compresses
// and (the first time) downloads: minutes on a busy machine, so 20-minute timeouts.
import { fileURLToPath } from 'node:url';
import { testConfig } from '../../vitest.shared.mjs';

export default testConfig({ report: 'device-kit', root: fileURLToPath(new URL('.', import.meta.url)), forks: true, timeout: 1_200_000 });
