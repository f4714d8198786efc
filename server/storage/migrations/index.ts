// Migrations are listed in code, in order, so they run the same from a clone and a package.
import type { Knex } from 'knex';
import { StorageError } from '../errors.ts';
import * as auditLog from './001-audit-log.ts';
import * as trustAnchors from './002-trust-anchors.ts';
import * as approvals from './003-approvals.ts';
import * as accounts from './004-accounts.ts';
import * as loginThrottle from './005-login-throttle.ts';
import * as witnessCosignatures from './006-witness-cosignatures.ts';
import * as logEntryIndex from './007-log-entry-index.ts';
import * as documentPurge from './008-document-purge.ts';
import * as signedStatements from './009-signed-statements.ts';
import * as notifications from './011-notifications.ts';
import * as workflowPhases from './012-workflow-phases.ts';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const MIGRATIONS: ReadonlyArray<readonly [string, Migration]> = [
  ['001-audit-log', auditLog],
  ['002-trust-anchors', trustAnchors],
  ['003-approvals', approvals],
  ['004-accounts', accounts],
  ['005-login-throttle', loginThrottle],
  ['006-witness-cosignatures', witnessCosignatures],
  ['007-log-entry-index', logEntryIndex],
  ['008-document-purge', documentPurge],
  ['009-signed-statements', signedStatements],
  ['011-notifications', notifications],
  ['012-workflow-phases', workflowPhases],
];

export class KeygateMigrationSource implements Knex.MigrationSource<string> {
  getMigrations(): Promise<string[]> {
    return Promise.resolve(MIGRATIONS.map(([name]) => name));
  }

  getMigrationName(name: string): string {
    return name;
  }

  getMigration(name: string): Promise<Migration> {
    const found = MIGRATIONS.find(([n]) => n === name);
    if (found === undefined) throw new StorageError('migration-unknown', `unknown migration ${name}: the database was migrated by a newer build`);
    return Promise.resolve(found[1]);
  }
}
