import { describe } from 'vitest';
import { describeErrorClasses } from '@aug/test-utils';
import * as api from '../src/index.js';

describe('@aug/models error classes', () => {
  describeErrorClasses(api, api.ModelsError, {
    ModelsError: () => new api.ModelsError('MODEL_CORRUPT', 'x'),
    ModelSaveError: () => new api.ModelSaveError('dir', 'x'),
    ModelNotFoundError: () => new api.ModelNotFoundError('dir', 'x'),
    ModelCorruptError: () => new api.ModelCorruptError('model.json', 'x'),
  });
});
