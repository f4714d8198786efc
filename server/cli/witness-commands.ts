// `keygate witness …`: run a C2SP tlog-witness for keygate logs (an auditor, the PMA or the SSC
// runs one), and print its cosigner verifier key.
import type { Command } from 'commander';
import { loadWitnessConfig } from '../config.ts';
import type { WitnessConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { createWitnessApp } from '../witness/witness-app.ts';
import { openWitness } from '../witness/witness-compose.ts';
import { parseCount } from './common.ts';
import type { GlobalOptions } from './common.ts';
import { COMMANDS } from './commands.ts';

interface WitnessOptions {
  dataDir?: string;
  port?: string;
  logVkey: string[];
  name?: string;
}

const collect = (v: string, acc: string[]) => [...acc, v];

function configOf(opts: WitnessOptions, cmd: Command): WitnessConfig {
  const dataDir = opts.dataDir ?? cmd.optsWithGlobals<GlobalOptions>().dataDir;
  return loadWitnessConfig(process.env, {
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(opts.port === undefined ? {} : { port: parseCount(opts.port, '--port') }),
    logKeys: opts.logVkey,
    ...(opts.name === undefined ? {} : { name: opts.name }),
  });
}

export function registerWitnessCommands(program: Command): void {
  const witness = program.command('witness').description(COMMANDS.witness.description);

  witness
    .command('key')
    .description('print the cosigner verifier key (name+hash+base64(0x04 || key)), creating the key on first use')
    .option('--data-dir <dir>', 'witness data directory (default KEYGATE_DATA_DIR or ./witness-data)')
    .option('--name <name>', 'cosigner name for a new key (default keygate-witness.local/<random>)')
    .action(async (opts: WitnessOptions, cmd: Command) => {
      const w = await openWitness(configOf({ ...opts, logVkey: [] }, cmd));
      try {
        process.stdout.write(`${w.verifierKey}\n`);
      } finally {
        await w.close();
      }
    });

  witness
    .command('serve')
    .description('serve POST /add-checkpoint for the given logs')
    .option('--data-dir <dir>', 'witness data directory: its key and SQLite file (default KEYGATE_DATA_DIR or ./witness-data)')
    .option('--port <port>', 'port to listen on (default PORT or 7380)')
    .option('--name <name>', 'cosigner name for a new key')
    .option('--log-vkey <vkey>', "a log's verifier key (repeatable); the log's origin is the key name", collect, [] as string[])
    .action(async (opts: WitnessOptions, cmd: Command) => {
      const config = configOf(opts, cmd);
      const logger = createLogger(config.logLevel === undefined ? {} : { level: config.logLevel });
      const w = await openWitness(config);
      if (w.service.origins.length === 0) process.stderr.write('keygate: warning: no --log-vkey given; every submission will be answered 404\n');
      const server = createWitnessApp(w.service, { verifierKey: w.verifierKey, logger }).listen(config.port, config.host, () => {
        const addr = server.address();
        const port = typeof addr === 'object' && addr !== null ? addr.port : config.port;
        process.stdout.write(
          [
            `witness data dir: ${config.dataDir}`,
            `cosigner key:     ${w.verifierKey}${w.createdKey ? ' (new key created)' : ''}`,
            ...w.service.origins.map((o) => `witnessing:       ${o}`),
            `listening on http://${config.host}:${port}`,
            '',
          ].join('\n'),
        );
      });
      const stop = () => server.close(() => void w.close().then(() => process.exit(0)));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
}
