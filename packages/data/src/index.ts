export { DataError, type DataErrorCode } from './errors.js';
