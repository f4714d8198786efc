// `keygate backup --out FILE`: a checked, consistent copy of a SQLite deployment, safe to run
// while the server is serving. PostgreSQL deployments are backed up with pg_dump (README).
import path from 'node:path';
import type { Command } from 'commander';
import { LOG_KEY_FILE } from '../log-key.ts';
import { COMMANDS } from './commands.ts';
import { configFrom, withKeygate } from './common.ts';
import { UsageError } from './report-error.ts';
import type { GlobalOptions } from './common.ts';
import { checkNewOutFile } from './out-paths.ts';

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description(COMMANDS.backup.description)
    .requiredOption('--out <file>', 'the backup file to create (never overwritten)')
    .action(async (opts: { out: string }, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const database = configFrom(globals).database;
      if (database.engine !== 'sqlite') {
        throw new UsageError('this deployment uses PostgreSQL: back it up with pg_dump (see "Backups" in the README); keygate backup copies SQLite databases');
      }
      checkNewOutFile(opts.out);
      await withKeygate(globals, async (kg) => {
        const { backupSqliteDatabase } = await import('../storage/sqlite-backup.ts');
        const r = await backupSqliteDatabase(database.filename, opts.out, { verifier: kg.log.verifier, origin: kg.log.origin });
        process.stdout.write(`backup written to ${r.file} (${r.bytes} bytes); self-check ok: tree size ${r.treeSize}, root ${r.rootHash}\n`);
        process.stdout.write(`the log key (${kg.config.logKeyPath ?? path.join(kg.config.dataDir, LOG_KEY_FILE)}) is not in the backup: keep a copy of it too, as securely as the key itself\n`);
      });
    });
}
