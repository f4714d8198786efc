import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { ApprovalErrorCode } from '../../../approvals/index.ts';
import type { AuditErrorCode } from '../../../audit/errors.ts';
import type { MerkleErrorCode } from '../../../audit/merkle-error.ts';
import type { PkiErrorCode } from '../../../pki/index.ts';
import type { AuthErrorCode } from '../../../server/auth/errors.ts';
import type { ConfigErrorCode } from '../../../server/config.ts';
import { describeError } from '../../../server/errors/describe.ts';
import { isToldToCaller } from '../../../server/errors/row.ts';
import type { HttpProblemCode } from '../../../server/errors/http-problem.ts';
import type { ErrorCodeOf } from '../../../server/errors/table.ts';
import type { LogKeyErrorCode } from '../../../server/log-key.ts';
import type { WitnessErrorCode } from '../../../audit/witness.ts';
import type { WitnessKeyErrorCode } from '../../../server/witness/witness-key.ts';
import type { ServiceErrorCode } from '../../../server/services/errors.ts';
import type { StorageErrorCode } from '../../../server/storage/errors.ts';
import { ERROR_CASES, MODULES } from './error-cases.ts';

// At type level: each module's rows are keyed by exactly its error class's code union, so a code
// added to a module without a row, or a row kept for a removed code, fails `tsc`.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
type _RowsCoverEveryCode = [
  Assert<Equal<ErrorCodeOf<'approvals'>, ApprovalErrorCode>>,
  Assert<Equal<ErrorCodeOf<'pki'>, PkiErrorCode>>,
  Assert<Equal<ErrorCodeOf<'audit'>, AuditErrorCode>>,
  Assert<Equal<ErrorCodeOf<'merkle'>, MerkleErrorCode>>,
  Assert<Equal<ErrorCodeOf<'auth'>, AuthErrorCode>>,
  Assert<Equal<ErrorCodeOf<'services'>, ServiceErrorCode>>,
  Assert<Equal<ErrorCodeOf<'storage'>, StorageErrorCode>>,
  Assert<Equal<ErrorCodeOf<'http'>, HttpProblemCode>>,
  Assert<Equal<ErrorCodeOf<'witness'>, WitnessErrorCode>>,
  Assert<Equal<ErrorCodeOf<'startup'>, ConfigErrorCode | LogKeyErrorCode | WitnessKeyErrorCode>>,
];

const ROOT = path.resolve(import.meta.dirname, '../../..');
/** The CLI's own errors (usage, the API client's relayed problems) are its reporter's, tested with it. */
const CLI_ONLY = new Set(['UsageError', 'ApiError']);
/** Errors that never leave their core: approvals/signing/webauthn.ts turns a WebAuthnError into ApprovalError signature-invalid (its reason in the message). */
const INTERNAL = new Set(['WebAuthnError']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

/** Every `class X extends Error` in the product's source, by name. */
function declaredErrorClasses(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of ['approvals', 'pki', 'audit', 'server'].flatMap(sourceFiles)) {
    for (const m of fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/\bclass (\w+) extends Error\b/g)) found.set(m[1]!, file);
  }
  return found;
}

describe('the error table', () => {
  it('has a row for every code of every module, and describeError finds it from the module’s own error', () => {
    expect(ERROR_CASES.length, 'a sanity check of the case list').to.be.greaterThan(100);
    for (const { module, code, row, error } of ERROR_CASES) {
      const known = describeError(error);
      expect(known, `${module} ${code}`).to.deep.include({ module, code, status: row.status, title: row.title, detail: `refused: ${code} (test)` });
    }
  });

  it('covers every error class the product declares', () => {
    const covered = new Set(ERROR_CASES.map((c) => c.error.constructor.name));
    const missing = [...declaredErrorClasses()].filter(([name]) => !covered.has(name) && !CLI_ONLY.has(name) && !INTERNAL.has(name)).map(([name, file]) => `${name} (${file})`);
    expect(missing, 'error classes whose codes have no rows').to.deep.equal([]);
    expect(MODULES).to.include.members(['approvals', 'pki', 'audit', 'auth', 'services', 'storage']);
  });

  it('gives every code a title: a short summary, capitalized, without a final stop', () => {
    for (const { module, code, row } of ERROR_CASES) {
      expect(row.title, `${module} ${code}`).to.match(/^[A-Z][^\n]{2,60}[^.]$/);
    }
  });

  context('when two modules use the same code', () => {
    it('gives it one status wherever a caller is told it', () => {
      const seen = new Map<string, { module: string; status: number }>();
      for (const { module, code, row } of ERROR_CASES.filter((c) => isToldToCaller(c.row.status))) {
        const earlier = seen.get(code);
        if (earlier !== undefined) expect(row.status, `${code}: ${earlier.module} ${earlier.status}, ${module} ${row.status}`).to.equal(earlier.status);
        seen.set(code, { module, status: row.status });
      }
    });
  });

  context('when an error is not a module error', () => {
    it('knows Express body-parser errors by their type, with fixed messages', () => {
      const tooLarge = Object.assign(new Error('request entity too large: 123'), { type: 'entity.too.large' });
      expect(describeError(tooLarge)).to.deep.include({ module: 'http', code: 'body-too-large', status: 413, detail: 'request body is too large' });
    });

    it('describes nothing else', () => {
      for (const err of [new Error('bug'), new TypeError('x is undefined'), 'text', null, undefined, { code: 'forbidden' }, Object.assign(new Error('x'), { type: 'toString' })]) {
        expect(describeError(err)).to.equal(null);
      }
    });
  });
});
