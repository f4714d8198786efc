// The code of the AuditError a call throws; fails the test when it throws nothing or another error.
import { expect } from 'chai';
import { AuditError } from '../../audit/errors.ts';

export function auditErrorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(AuditError);
    return (err as AuditError).code;
  }
  throw new Error('expected an AuditError');
}
