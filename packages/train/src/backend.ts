// @aug/train/backend: the documented subpath, kept as a re-export of @aug/backend (where the backend helper lives).
export * from '@aug/backend';
