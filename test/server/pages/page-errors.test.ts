import { expect } from 'chai';
import { pageErrorOf } from '../../../server/pages/page-errors.ts';
import { isToldToCaller } from '../../../server/errors/row.ts';
import { ERROR_CASES } from '../errors/error-cases.ts';

describe('pageErrorOf', () => {
  it('shows every refusal with the error table’s status and title, the same as the API', () => {
    for (const { module, code, row, error } of ERROR_CASES.filter((c) => isToldToCaller(c.row.status))) {
      expect(pageErrorOf(error), `${module} ${code}`).to.deep.include({ status: row.status, code, title: row.title });
    }
  });

  it('leaves the table’s 500 codes to the problem middleware, which logs them', () => {
    for (const { module, code, error } of ERROR_CASES.filter((c) => !isToldToCaller(c.row.status))) {
      expect(pageErrorOf(error), `${module} ${code}`).to.equal(null);
    }
  });

  it('says which part refused where the title does not', () => {
    const approval = ERROR_CASES.find((c) => c.code === 'advice-already-recorded')!;
    expect(pageErrorOf(approval.error)).to.deep.include({ status: 409, refusedBy: 'Refused by the approval rules' });
    const forbidden = ERROR_CASES.find((c) => c.code === 'forbidden')!;
    expect(pageErrorOf(forbidden.error)).to.not.have.property('refusedBy');
  });

  it('tells the user that a refused private key was neither stored nor logged', () => {
    const key = ERROR_CASES.find((c) => c.code === 'private-key-material')!;
    expect(pageErrorOf(key.error)?.message).to.equal('refused: private-key-material (test). Nothing you sent was stored or logged. This service only ever takes public certificates and evidence documents: remove the private key and send the form again.');
  });
});
