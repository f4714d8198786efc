// The scenarios' world (test/helpers/approval-scenario.ts) with a password account per person of
// the cast, for the page tests and the browser tests.
import { WHO } from '../../approvals/cast.ts';
import { setUpWorld } from '../../helpers/approval-scenario.ts';
import type { Clock } from '../../helpers/approval-scenario.ts';
import { createPrincipal } from '../../helpers/auth.ts';
import type { KeyId } from '../../../approvals/index.ts';
import type { AccountRole } from '../../../server/auth/roles.ts';
import type { Keygate } from '../../../server/compose.ts';
import { PASSWORD } from './page-client.ts';

const ROLE: Record<keyof typeof WHO, AccountRole> = {
  dan: 'dcc', dora: 'dcc', clara: 'pma_chair', sol: 'ssc', sam: 'pma_member', una: 'pma_member', vic: 'pma_member', nia: 'pma_member', eve: 'pma_member', wes: 'pma_member',
};

/** Usernames are the person ids (WHO), plus `secretary` (admin) and `auditor`; every password is PASSWORD. */
export async function pageWorld(kg: Keygate, clock: Clock): Promise<{ tcosKey: KeyId; acbKey: KeyId }> {
  const keys = await setUpWorld(kg, clock);
  for (const k of Object.keys(WHO) as (keyof typeof WHO)[]) await createPrincipal(kg, { role: ROLE[k], personId: WHO[k], username: WHO[k], password: PASSWORD });
  await createPrincipal(kg, { role: 'admin', username: 'secretary', password: PASSWORD });
  await createPrincipal(kg, { role: 'auditor', username: 'auditor', password: PASSWORD });
  return keys;
}
