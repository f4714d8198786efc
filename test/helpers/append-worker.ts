// A separate process that appends entries, each in its own transaction, to a shared database.
// Used to check that appends from several processes make one linear log.
// argv: <database config JSON> <data dir> <count> <tag>
import { openKeygate } from '../../server/compose.ts';
import type { DatabaseConfig } from '../../server/storage/database.ts';

const [configJson, dataDir, countText, tag] = process.argv.slice(2);
const database = JSON.parse(configJson!) as DatabaseConfig;
const kg = await openKeygate({ dataDir: dataDir!, database, origin: undefined, logKeyPath: undefined, port: 0, host: '127.0.0.1' });
try {
  for (let i = 0; i < Number(countText); i++) {
    await kg.db.transaction(async (tx) => {
      await kg.log.append(tx, {
        actor: { id: `worker-${tag}`, role: 'test' },
        action: 'test.append',
        subject: { type: 'worker', id: String(tag) },
        data: { i },
      });
    });
  }
} finally {
  await kg.close();
}
