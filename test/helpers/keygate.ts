// Opens the composed services on a test database, with a fixed clock when asked.
import type { Config } from '../../server/config.ts';
import { openKeygate } from '../../server/compose.ts';
import type { Keygate } from '../../server/compose.ts';
import type { DatabaseConfig } from '../../server/storage/database.ts';
import { tempDir } from './databases.ts';

export function testConfig(database: DatabaseConfig, overrides: Partial<Config> = {}): Config {
  return { dataDir: tempDir(), database, origin: undefined, logKeyPath: undefined, port: 0, host: '127.0.0.1', ...overrides };
}

export async function openTestKeygate(database: DatabaseConfig, overrides: Partial<Config> = {}): Promise<Keygate> {
  return openKeygate(testConfig(database, overrides), { clock: () => new Date('2026-11-28T12:00:00.000Z') });
}

export function sampleEntry(n: number) {
  return {
    actor: { id: 'dcc-operator-1', role: 'dcc' },
    action: 'request.submitted',
    subject: { type: 'transfer-request', id: `req-${n}` },
    data: { n, note: `synthetic entry ${n}` },
  };
}
