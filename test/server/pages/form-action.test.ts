import path from 'node:path';
import { expect } from 'chai';
import type { Request } from 'express';
import { AuthError } from '../../../server/auth/errors.ts';
import type { Principal } from '../../../server/auth/principal.ts';
import type { Keygate } from '../../../server/compose.ts';
import { HttpProblem } from '../../../server/errors/http-problem.ts';
import { submitOperation } from '../../../server/pages/form-action.ts';
import { tempDir } from '../../helpers/databases.ts';
import { openTestKeygate } from '../../helpers/keygate.ts';

const principal = (role: Principal['role']): Principal => ({ accountId: `acc_${'0'.repeat(24)}`, username: `a-${role}`, role, personId: null, via: 'session' });
/** Just what submitOperation reads of a page request: the signed-in principal and the address's parameters. */
const pageRequest = (p: Principal | undefined, params: Record<string, string> = {}) => ({ principal: p, params }) as unknown as Request;

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
}

describe('submitOperation (the pages’ form adapter)', () => {
  let kg: Keygate;
  const size = async () => (await kg.log.latestCheckpoint()).treeSize;

  beforeEach(async () => {
    kg = await openTestKeygate({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') });
  });
  afterEach(() => kg.close());

  it('records the event the API records for the same operation', async () => {
    const before = await size();
    const event = await submitOperation(kg, pageRequest(principal('admin')), 'addPerson', { body: { personId: 'pma-jo', name: 'Jo Chair' } });
    expect(event).to.deep.include({ action: 'roster.person_added', actor: { id: 'a-admin', role: 'secretariat' }, data: { personId: 'pma-jo', name: 'Jo Chair' } });
    expect(await size()).to.equal(before + 1);
  });

  it('runs the operation’s own authorization, whatever the page checked', async () => {
    const before = await size();
    const err = await refusal(submitOperation(kg, pageRequest(principal('auditor')), 'addPerson', { body: { personId: 'pma-jo', name: 'Jo' } }));
    expect(err).to.be.instanceOf(AuthError).and.to.deep.include({ code: 'forbidden', message: 'the auditor role may not do this' });
    expect(await refusal(submitOperation(kg, pageRequest(undefined), 'addPerson', { body: {} }))).to.deep.include({ code: 'unauthenticated' });
    expect(await size()).to.equal(before);
  });

  it('refuses a form the operation’s schema refuses, naming each field', async () => {
    const err = await refusal(submitOperation(kg, pageRequest(principal('admin')), 'addPerson', { body: { name: 'Jo', extra: 'x' } }));
    expect(err).to.be.instanceOf(HttpProblem).and.to.have.property('code', 'form-invalid');
    expect((err as Error).message).to.match(/^the form is not valid — /).and.to.contain('personId: required').and.to.contain('extra');
  });

  it('answers a bad id in the page’s own address as a page that does not exist, and one the form gave as a form refusal', async () => {
    const address = await refusal(submitOperation(kg, pageRequest(principal('admin'), { appointmentId: 'not an id' }), 'startVetting', { body: { startedOn: '2026-01-05' } }));
    expect(address).to.be.instanceOf(HttpProblem).and.to.have.property('code', 'not-found');
    const chosen = await refusal(submitOperation(kg, pageRequest(principal('admin')), 'startMembership', { params: { personId: '' }, body: { body: 'smki_pma', role: 'pma_member', specialist: false } }));
    expect(chosen).to.be.instanceOf(HttpProblem).and.to.have.property('code', 'form-invalid');
    expect((chosen as Error).message).to.contain('personId');
  });

  it('passes the rules’ refusals on as they are', async () => {
    await submitOperation(kg, pageRequest(principal('admin')), 'addPerson', { body: { personId: 'pma-jo', name: 'Jo' } });
    const again = await refusal(submitOperation(kg, pageRequest(principal('admin')), 'addPerson', { body: { personId: 'pma-jo', name: 'Jo' } }));
    expect(again).to.deep.include({ code: 'person-exists' });
  });
});
