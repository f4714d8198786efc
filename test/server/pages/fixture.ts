// A seeded database for the page and browser tests: the world and the accounts are made once
// (scrypt makes accounts slow on purpose), then each test opens its own copy of the file with
// the same data dir, so it has the same log key and origin.
import fs from 'node:fs';
import path from 'node:path';
import { toPolicyVersion } from '../../../approvals/index.ts';
import type { KeyId } from '../../../approvals/index.ts';
import { openKeygate } from '../../../server/compose.ts';
import type { Keygate } from '../../../server/compose.ts';
import type { Config } from '../../../server/config.ts';
import type { Clock } from '../../helpers/approval-scenario.ts';
import { tempDir } from '../../helpers/databases.ts';
import { testConfig } from '../../helpers/keygate.ts';
import { pageWorld } from './world.ts';

export interface SeededWorld {
  readonly tcosKey: KeyId;
  /** A fresh copy of the seeded database, on `clock`; `overrides` such as the public URL a browser test serves at. */
  open(clock: Clock, overrides?: Partial<Config>): Promise<Keygate>;
}

const SECRETARIAT = { id: 'pma-secretariat', role: 'secretariat' } as const;

export interface SeedOptions {
  /** The policy's signatures term; `optional` adds a policy version 2 that allows unsigned commands. */
  readonly signatures?: 'required' | 'optional';
}

export async function seedWorld({ signatures = 'optional' }: SeedOptions = {}): Promise<SeededWorld> {
  const dataDir = tempDir();
  const filename = path.join(dataDir, 'seed.sqlite');
  const clock: Clock = { now: new Date('2026-01-05T09:00:00Z') };
  const kg = await openKeygate(testConfig({ engine: 'sqlite', filename }, { dataDir }), { clock: () => clock.now });
  const { tcosKey } = await pageWorld(kg, clock);
  if (signatures === 'optional') {
    const terms = (await kg.approvals.policies()).at(-1)!.terms;
    await kg.approvals.execute({ action: 'policy.set', actor: SECRETARIAT, data: { version: toPolicyVersion(2), terms: { ...terms, signatures: 'optional' } } });
  }
  await kg.close();
  return {
    tcosKey,
    open: async (testClock, overrides = {}) => {
      const copy = path.join(tempDir(), 'keygate.sqlite');
      fs.copyFileSync(filename, copy);
      return openKeygate(testConfig({ engine: 'sqlite', filename: copy }, { dataDir, ...overrides }), { clock: () => testClock.now });
    },
  };
}
