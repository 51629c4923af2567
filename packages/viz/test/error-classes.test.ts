import { describe } from 'vitest';
import { describeErrorClasses } from '@aug/test-utils';
import * as api from '../src/index.js';

describe('@aug/viz error classes', () => {
  describeErrorClasses(api, api.VizError, {
    VizError: () => new api.VizError('WRITE_FAILED', 'x'),
    OutputWriteError: () => new api.OutputWriteError('a.png', 'x'),
  });
});
