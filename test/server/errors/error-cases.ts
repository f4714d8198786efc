// One error of every code of every module, built by its module's own class: what the error table
// tests and the surfaces' tests (API, pages, CLI) feed through describeError.
import { ApprovalError } from '../../../approvals/index.ts';
import { NotificationError } from '../../../approvals/notifications/index.ts';
import { AuditError } from '../../../audit/errors.ts';
import { MerkleError } from '../../../audit/merkle-error.ts';
import { WitnessError } from '../../../audit/witness.ts';
import { PkiError } from '../../../pki/index.ts';
import { AuthError } from '../../../server/auth/errors.ts';
import { ConfigError } from '../../../server/config.ts';
import { HttpProblem } from '../../../server/errors/http-problem.ts';
import { ERROR_TABLE } from '../../../server/errors/table.ts';
import type { ErrorCodeOf, ErrorModule } from '../../../server/errors/table.ts';
import type { ErrorRow } from '../../../server/errors/row.ts';
import { LogKeyError } from '../../../server/log-key.ts';
import { ServiceError } from '../../../server/services/errors.ts';
import { StorageError } from '../../../server/storage/errors.ts';
import { WitnessKeyError } from '../../../server/witness/witness-key.ts';

/** A module missing here, or a module's class taking other codes, does not compile. */
const MAKE: { readonly [M in ErrorModule]: (code: ErrorCodeOf<M>, message: string) => Error } = {
  approvals: (code, message) => new ApprovalError(code, message),
  notifications: (code, message) => new NotificationError(code, message),
  pki: (code, message) => new PkiError(code, message),
  audit: (code, message) => new AuditError(code, message),
  merkle: (code, message) => new MerkleError(code, message),
  auth: (code, message) => new AuthError(code, message),
  services: (code, message) => new ServiceError(code, message),
  storage: (code, message) => new StorageError(code, message),
  http: (code, message) => new HttpProblem(code, message),
  witness: (code, message) => new WitnessError(code, message),
  startup: (code, message) => (code === 'config-invalid' ? new ConfigError(message) : code === 'log-key-invalid' ? new LogKeyError(message) : new WitnessKeyError(message)),
};

export interface ErrorCase {
  readonly module: ErrorModule;
  readonly code: string;
  readonly row: ErrorRow;
  readonly error: Error;
}

export const MODULES = Object.keys(ERROR_TABLE) as ErrorModule[];

function casesOf<M extends ErrorModule>(module: M): ErrorCase[] {
  const rows = ERROR_TABLE[module] as Readonly<Record<ErrorCodeOf<M>, ErrorRow>>;
  return (Object.keys(rows) as ErrorCodeOf<M>[]).map((code) => ({ module, code, row: rows[code], error: MAKE[module](code, `refused: ${code} (test)`) }));
}

export const ERROR_CASES: readonly ErrorCase[] = MODULES.flatMap(casesOf);
