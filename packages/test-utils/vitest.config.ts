import { testConfig } from '../../vitest.shared.mjs';

// Its own setup from source (the package under test), vitest's defaults otherwise; JSON report test-utils.json.
export default testConfig({ report: 'test-utils', setupFiles: ['./src/setup.ts'] });
