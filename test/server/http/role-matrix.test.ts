// The role-by-route matrix: every documented operation is called by an account of every role and
// anonymously. The allowed pairs must get past authorization (any answer but 401 or 403); the
// others must be refused by it: 401 unauthenticated when anonymous, 403 forbidden otherwise.
// Bodies are empty objects, so an allowed call stops at validation and changes nothing; what is
// tested is who reaches the handler, not what the handler does (the scenario tests that).
import { expect } from 'chai';
import type { Keygate } from '../../../server/compose.ts';
import { createApp } from '../../../server/app.ts';
import type { OperationDoc } from '../../../server/http/openapi.ts';
import { DOCUMENTED_OPERATIONS } from '../../../server/http/routes/index.ts';
import { ACCOUNT_ROLES } from '../../../server/auth/roles.ts';
import type { AccountRole } from '../../../server/auth/roles.ts';
import { createPrincipal } from '../../helpers/auth.ts';
import { forEachEngine } from '../../helpers/databases.ts';
import { serve, silentLogger } from '../../helpers/http.ts';
import type { Served } from '../../helpers/http.ts';
import { openTestKeygate } from '../../helpers/keygate.ts';
import { ANONYMOUS, Api } from './api-client.ts';
import type { Caller } from './api-client.ts';
import { machineLimit } from '../../helpers/time-limits.ts';

/** Path parameters of the right shape, naming nothing that exists. */
const PARAMS: Readonly<Record<string, string>> = {
  requestId: 'REQ-MATRIX',
  conditionId: 'c1',
  providerId: 'provider-matrix',
  personId: 'person-matrix',
  appointmentId: 'appointment-matrix',
  fingerprint: '0'.repeat(64),
  sha256: '0'.repeat(64),
  id: `acc_${'0'.repeat(24)}`,
  tokenId: `tok_${'0'.repeat(24)}`,
};

function paramsOf(op: OperationDoc): Record<string, string> {
  return Object.fromEntries([...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => [m[1]!, PARAMS[m[1]!] ?? 'x']));
}

function inputOf(op: OperationDoc) {
  const params = paramsOf(op);
  if (op.body === undefined) return { params };
  if (op.body.mediaType !== 'application/json') return { params, query: { name: 'matrix.txt' }, raw: { content: 'matrix', contentType: 'text/plain' } };
  return { params, body: {} };
}

type Who = AccountRole | 'anonymous';

function isAllowed(op: OperationDoc, who: Who): boolean {
  if (op.roles === 'anonymous') return true;
  return who !== 'anonymous' && op.roles.includes(who);
}

describe('HTTP API: the role-by-route matrix', function () {
  this.timeout(machineLimit(240_000));

  forEachEngine((engine) => {
    let kg: Keygate;
    let http: Served;
    let api: Api;
    const callers = new Map<Who, Caller>();

    before(async () => {
      kg = await openTestKeygate(await engine.newDatabase());
      http = await serve(createApp(kg, silentLogger));
      api = new Api(http.url);
      callers.set('anonymous', ANONYMOUS);
      for (const role of ACCOUNT_ROLES) callers.set(role, await createPrincipal(kg, { role, personId: `matrix-${role.replace('_', '-')}` }));
    });
    after(async () => {
      await http.close();
      await kg.close();
    });

    it('lets exactly the allowed role and operation pairs past authorization', async () => {
      const wrong: string[] = [];
      let calls = 0;
      for (const op of DOCUMENTED_OPERATIONS) {
        for (const [who, caller] of callers) {
          const reply = await api.call(op.operationId, caller, inputOf(op));
          calls++;
          const code = (reply.json as { code?: string } | undefined)?.code;
          const refusedByAuth = reply.status === 401 || reply.status === 403;
          if (isAllowed(op, who)) {
            if (refusedByAuth) wrong.push(`${who} ${op.operationId}: ${reply.status} ${code} but allowed`);
          } else {
            const expected = who === 'anonymous' ? [401, 'unauthenticated'] : [403, 'forbidden'];
            if (reply.status !== expected[0] || code !== expected[1]) wrong.push(`${who} ${op.operationId}: ${reply.status} ${code}, expected ${expected.join(' ')}`);
          }
        }
      }
      expect(wrong).to.deep.equal([]);
      expect(calls).to.equal(DOCUMENTED_OPERATIONS.length * (ACCOUNT_ROLES.length + 1));
    });

    it('refuses anonymous callers everywhere under /api/v1, unknown paths included, but not /healthz', async () => {
      expect((await fetch(`${http.url}/api/v1/no-such-route`)).status).to.equal(401);
      expect((await fetch(`${http.url}/healthz`)).status).to.equal(200);
    });
  });
});
