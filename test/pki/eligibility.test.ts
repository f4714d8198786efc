import { expect } from 'chai';
import {
  DEFAULT_TRANSFER_ELIGIBILITY,
  PkiError,
  REMOTE_PARTY_ROLES,
  isTransferable,
  verifyPkiPolicy,
  verifyTransferEligibility,
  DEFAULT_PKI_POLICY,
} from '../../pki/index.ts';
import type { TransferEligibility } from '../../pki/index.ts';

describe('transfer eligibility', () => {
  context('with the default table (DOMAIN.md)', () => {
    it('lists transitionalCoS, accessControlBroker, dspXmlSign, wanProvider, recovery and the three CA kinds', () => {
      expect([...DEFAULT_TRANSFER_ELIGIBILITY.roles].sort((a, b) => a - b)).to.deep.equal([1, 4, 5, 6, 137]);
      expect(DEFAULT_TRANSFER_ELIGIBILITY.caKinds).to.deep.equal(['root-ca', 'organisation-ca', 'device-ca']);
    });

    it('makes exactly those Organisation Certificate roles transferable', () => {
      const eligible = Object.entries(REMOTE_PARTY_ROLES).filter(([, code]) => isTransferable('organisation', code, DEFAULT_TRANSFER_ELIGIBILITY)).map(([n]) => n);
      expect(eligible.sort()).to.deep.equal(['accessControlBroker', 'dspXmlSign', 'recovery', 'transitionalCoS', 'wanProvider']);
    });

    it('never makes device keys, unknown kinds or a missing role transferable', () => {
      expect(isTransferable('device', null, DEFAULT_TRANSFER_ELIGIBILITY)).to.equal(false);
      expect(isTransferable('device', 5, DEFAULT_TRANSFER_ELIGIBILITY)).to.equal(false);
      expect(isTransferable('other', 5, DEFAULT_TRANSFER_ELIGIBILITY)).to.equal(false);
      expect(isTransferable('organisation', null, DEFAULT_TRANSFER_ELIGIBILITY)).to.equal(false);
    });
  });

  context('when a table lists a Supplier or Network Operator role', () => {
    for (const role of [2, 3]) {
      it(`refuses the table with policy-invalid (role ${role})`, () => {
        const table: TransferEligibility = { roles: [5, role], caKinds: [] };
        expect(() => verifyTransferEligibility(table)).to.throw(PkiError).with.property('code', 'policy-invalid');
        expect(isTransferable('organisation', role, table)).to.equal(false); // and fails closed if used anyway
      });
    }
  });

  context('when a table lists something that is not a CA kind', () => {
    it('refuses it with policy-invalid', () => {
      const table = { roles: [], caKinds: ['device'] } as unknown as TransferEligibility;
      expect(() => verifyTransferEligibility(table)).to.throw(PkiError).with.property('code', 'policy-invalid');
    });
  });
});

describe('verifyPkiPolicy', () => {
  context('when the policy is unusable', () => {
    it('refuses an empty allow-list and malformed OIDs with policy-invalid', () => {
      expect(() => verifyPkiPolicy({ ...DEFAULT_PKI_POLICY, allowedPolicyOids: [] })).to.throw(PkiError).with.property('code', 'policy-invalid');
      expect(() => verifyPkiPolicy({ ...DEFAULT_PKI_POLICY, allowedPolicyOids: ['1.2.x'] })).to.throw(PkiError).with.property('code', 'policy-invalid');
    });
  });
});
