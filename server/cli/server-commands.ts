// `keygate serve`, `keygate init` and `keygate migrate`.
import type { Server } from 'node:http';
import type { Command } from 'commander';
import { describeFirstAdmin, ensureFirstAdmin } from '../auth/first-admin.ts';
import { openKeygate } from '../compose.ts';
import { createHttpServer } from '../http/server.ts';
import { describeDemoLogins, seedDemo } from '../demo/seed.ts';
import { createApp } from '../app.ts';
import { createLogger } from '../logger.ts';
import { configFrom, parseCount, withKeygate } from './common.ts';
import type { GlobalOptions } from './common.ts';

function describeStart(kg: { config: { dataDir: string; database: { engine: string } }; log: { origin: string; verifierKey: string }; createdLogKey: boolean }): string {
  return [
    `data dir:     ${kg.config.dataDir}`,
    `database:     ${kg.config.database.engine}`,
    `log origin:   ${kg.log.origin}`,
    `verifier key: ${kg.log.verifierKey}${kg.createdLogKey ? ' (new log key created)' : ''}`,
  ].join('\n');
}

function describeWitnesses(kg: { config: { witnesses?: readonly { vkey: string; url: string }[]; witnessQuorum?: number } }): string {
  const ws = kg.config.witnesses ?? [];
  if (ws.length === 0) return '';
  return `${ws.map((w) => `witness:      ${w.vkey.split('+')[0]} at ${w.url}`).join('\n')}\nwitness quorum: ${kg.config.witnessQuorum ?? ws.length} of ${ws.length}\n`;
}

/** Stops accepting connections, lets requests in flight finish, then closes the database. */
function shutdownOn(server: Server, close: () => Promise<void>, logger: { info(msg: string): void }): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: finishing requests in flight`);
    server.close(() => void close().then(() => process.exit(0)));
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

export function registerServerCommands(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP server (creates the data dir, database and log key on first start)')
    .option('--port <port>', 'port to listen on (default PORT or 8080)')
    .option('--demo', 'seed an empty data dir with a demo roster, providers, keys, a request and one login per role')
    .action(async (opts: { port?: string; demo?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const config = configFrom({ ...g, ...(opts.port === undefined ? {} : { port: parseCount(opts.port, '--port') }) });
      const logger = createLogger(config.logLevel === undefined ? {} : { level: config.logLevel });
      const kg = await openKeygate(config, { processMetrics: true, logger });
      const first = await ensureFirstAdmin(kg);
      const demo = opts.demo === true ? await seedDemo(kg) : null;
      if (opts.demo === true && demo === null) process.stdout.write(`demo data already seeded; logins are in ${kg.config.dataDir}/demo-logins.txt\n`);
      // The storage check at start; a failure halts the log and shows in /readyz, the server still serves reads.
      await kg.watch.start();
      const app = createApp(kg, logger, { requestLog: logger });
      const server = createHttpServer(app, config);
      server.listen(config.port, config.host, () => {
        const addr = server.address();
        const port = typeof addr === 'object' && addr !== null ? addr.port : config.port;
        const scheme = config.tls === undefined ? 'http' : 'https';
        kg.witnessing?.start();
        process.stdout.write(`${describeStart(kg)}\n${describeWitnesses(kg)}${first === null ? '' : `${describeFirstAdmin(first)}\n`}${demo === null ? '' : describeDemoLogins(demo)}listening on ${scheme}://${config.host}:${port}\n`);
      });
      server.on('error', (err) => {
        logger.error({ err }, 'server failed');
        void kg.close().then(() => process.exit(1));
      });
      shutdownOn(server, () => kg.close(), logger);
    });

  program
    .command('init')
    .description('create the data dir, database and log key, then print the verifier key')
    .action(async (_o, cmd: Command) => {
      await withKeygate(cmd.optsWithGlobals<GlobalOptions>(), async (kg) => process.stdout.write(`${describeStart(kg)}\n`), { create: true });
    });

  program
    .command('migrate')
    .description('run database migrations')
    .action(async (_o, cmd: Command) => {
      await withKeygate(cmd.optsWithGlobals<GlobalOptions>(), async () => process.stdout.write('migrations are up to date\n'), { create: true });
    });
}
