import { describe } from 'vitest';
import { describeErrorClasses } from '@aug/test-utils';
import * as api from '../src/index.js';

describe('@aug/cifar10 error classes', () => {
  describeErrorClasses(api, api.Cifar10Error, {
    Cifar10Error: () => new api.Cifar10Error('DATA_NOT_FOUND', 'x'),
    DataNotFoundError: () => new api.DataNotFoundError('root', 'x'),
    CorruptDataError: () => new api.CorruptDataError('data_batch_1.bin', 'x'),
    ChecksumError: () => new api.ChecksumError('a.tar.gz', 'aa', 'bb', 'x'),
    DownloadError: () => new api.DownloadError('http://x', 3, 500, 'x'),
    UnsafeArchiveError: () => new api.UnsafeArchiveError('a.tar.gz', '../x', 'x'),
    DownloadLockedError: () => new api.DownloadLockedError('.download.lock', 'x'),
  });
});
