import { describe } from 'vitest';
import { describeErrorClasses } from '@aug/test-utils';
import * as api from '../src/index.js';

describe('@aug/backend error classes', () => {
  describeErrorClasses(api, api.BackendError, {
    BackendError: () => new api.BackendError('KERNEL_MISSING', 'x'),
    BackendUnavailableError: () => new api.BackendUnavailableError('tensorflow', 'x'),
    WebgpuUnavailableError: () => new api.WebgpuUnavailableError('no-adapter', 'x'),
  });
});
