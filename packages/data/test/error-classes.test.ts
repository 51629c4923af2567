import { describe } from 'vitest';
import { describeErrorClasses } from '@aug/test-utils';
import * as api from '../src/index.js';

describe('@aug/data error classes', () => {
  describeErrorClasses(api, api.DataError, {
    DataError: () => new api.DataError('WORKER_FAILED', 'x'),
    SampleTransformError: () => new api.SampleTransformError('ds', 1, 0, 'x'),
    WorkerError: () => new api.WorkerError('x'),
    ImageDecodeError: () => new api.ImageDecodeError('x', { file: 'a.png' }),
    UnsupportedImageFormatError: () => new api.UnsupportedImageFormatError('tiff', 'x'),
    ImageEncodeError: () => new api.ImageEncodeError('x'),
    NotADatasetError: () => new api.NotADatasetError('dir', 'x'),
    AnnotationError: () => new api.AnnotationError('ann.json', 'x'),
  });
});
