// `keygate serve`, `keygate init` and `keygate migrate`.
import type { Server } from 'node:http';
import type { Command } from 'commander';
import { describeFirstAdmin, ensureFirstAdmin } from '../auth/first-admin.ts';
import { openKeygate } from '../compose.ts';
import { createHttpServer } from '../http/server.ts';
import { createMetricsServer } from '../http/operations.ts';
import type { Keygate } from '../compose.ts';
import type { ListenAddress } from '../config.ts';
import { demoLoginsPath, describeDemoLogins, describeDemoRequests, describeDemoSigning, seedDemo } from '../demo/seed.ts';
import { createApp } from '../app.ts';
import { createLogger } from '../logger.ts';
import { configFrom, parseCount, withKeygate } from './common.ts';
import type { GlobalOptions } from './common.ts';
import { COMMANDS } from './commands.ts';

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

/** The metrics listener (KEYGATE_METRICS_ADDR), when configured; a failure to listen stops the server. */
function startMetricsListener(kg: Keygate, address: ListenAddress, logger: { error(obj: object, msg: string): void }): Server {
  const server = createMetricsServer(kg);
  server.listen(address.port, address.host, () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : address.port;
    const host = address.host.includes(':') ? `[${address.host}]` : address.host;
    process.stdout.write(`metrics on http://${host}:${port}/metrics\n`);
  });
  server.on('error', (err) => {
    logger.error({ err }, 'metrics listener failed');
    void kg.close().then(() => process.exit(1));
  });
  return server;
}

/** Where to open the pages: passkeys work only at the relying party's origin, never at an IP address. */
function describePages(publicUrl: string | undefined): string {
  if (publicUrl === undefined) return '';
  return `open the pages at ${publicUrl}/ui (passkeys are bound to this origin, KEYGATE_PUBLIC_URL; browsers refuse them at an IP address such as 127.0.0.1)\n`;
}

const SWEEP_INTERVAL_MS = 60_000;

export function registerServerCommands(program: Command): void {
  program
    .command('serve')
    .description(COMMANDS.serve.description)
    .option('--port <port>', 'port to listen on (default PORT or 8080)')
    .option('--demo', 'seed an empty data dir with a demo roster, providers, keys, a request and one login per role')
    .action(async (opts: { port?: string; demo?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const config = configFrom({ ...g, ...(opts.port === undefined ? {} : { port: parseCount(opts.port, '--port') }) });
      const logger = createLogger({ ...(config.logLevel === undefined ? {} : { level: config.logLevel }), ...(config.logFormat === undefined ? {} : { format: config.logFormat }) });
      const kg = await openKeygate(config, { processMetrics: true, logger });
      const first = await ensureFirstAdmin(kg);
      const demo = opts.demo === true ? await seedDemo(kg) : null;
      if (opts.demo === true && demo === null) process.stdout.write(`demo data already seeded; logins are in ${demoLoginsPath(kg.config.dataDir)}\n`);
      // The storage check at start; a failure halts the log and shows in /readyz, the server still serves reads.
      await kg.watch.start();
      const app = createApp(kg, logger, { requestLog: logger });
      const server = createHttpServer(app, config);
      server.listen(config.port, config.host, () => {
        const addr = server.address();
        const port = typeof addr === 'object' && addr !== null ? addr.port : config.port;
        const scheme = config.tls === undefined ? 'http' : 'https';
        kg.witnessing?.start();
        kg.notificationWorker.start();
        process.stdout.write(`${describeStart(kg)}\n${describeWitnesses(kg)}${first === null ? '' : `${describeFirstAdmin(first)}\n`}${demo === null ? '' : describeDemoLogins(demo, demoLoginsPath(kg.config.dataDir))}${opts.demo === true ? `${describeDemoSigning(kg.config.dataDir)}${describeDemoRequests(kg.config.dataDir)}` : ''}listening on ${scheme}://${config.host}:${port}\n${describePages(config.publicUrl)}`);
      });
      server.on('error', (err) => {
        logger.error({ err }, 'server failed');
        void kg.close().then(() => process.exit(1));
      });
      const metrics = config.metricsAddress === undefined ? null : startMetricsListener(kg, config.metricsAddress, logger);
      // Expiry and overdue post-execution conditions are the system's to record, once a minute.
      const sweep = setInterval(() => void kg.approvals.sweepDue().catch((err: unknown) => logger.error({ err }, 'sweep of due requests failed')), SWEEP_INTERVAL_MS);
      sweep.unref();
      shutdownOn(server, () => {
        clearInterval(sweep);
        metrics?.close();
        return kg.close();
      }, logger);
    });

  program
    .command('init')
    .description(COMMANDS.init.description)
    .action(async (_o, cmd: Command) => {
      await withKeygate(cmd.optsWithGlobals<GlobalOptions>(), async (kg) => process.stdout.write(`${describeStart(kg)}\n`), { create: true });
    });

  program
    .command('migrate')
    .description(COMMANDS.migrate.description)
    .action(async (_o, cmd: Command) => {
      await withKeygate(cmd.optsWithGlobals<GlobalOptions>(), async () => process.stdout.write('migrations are up to date\n'), { create: true });
    });
}
