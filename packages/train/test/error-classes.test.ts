import { describe } from 'vitest';
import { describeErrorClasses } from '@aug/test-utils';
import * as api from '../src/index.js';

describe('@aug/train error classes', () => {
  describeErrorClasses(api, api.TrainError, {
    TrainError: () => new api.TrainError('METRICS_LOG', 'x'),
    NonFiniteLossError: () => new api.NonFiniteLossError(Number.NaN, 0, 1),
    CheckpointError: () => new api.CheckpointError('x'),
    CheckpointCorruptError: () => new api.CheckpointCorruptError('weights.bin', 'x'),
    RunLockedError: () => new api.RunLockedError('.run.lock', 123, 'x'),
    FolderNotWritableError: () => new api.FolderNotWritableError('/ro', 'x'),
  });
});
