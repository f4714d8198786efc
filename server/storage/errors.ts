// Errors of the storage adapters: what the database holds or lacks that the code cannot use.
// None is the caller's to fix; the API answers 500 and logs them, the CLI names them in one line.
export type StorageErrorCode =
  /** A stored row that only the product writes does not decode: damaged storage. */
  | 'stored-row-invalid'
  /** The database records a migration this build does not have: it was migrated by a newer build. */
  | 'migration-unknown'
  /** A migration that cannot be undone (the audit log is append-only). */
  | 'migration-irreversible'
  /** The witness's compare-and-swap found its head moved: never expected under its lock. */
  | 'head-moved';

export class StorageError extends Error {
  readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StorageError';
    this.code = code;
  }
}
