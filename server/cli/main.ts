// The `keygate` command line. Each command module registers itself on the program here.
import { Command } from 'commander';
import { reportError } from './common.ts';
import { registerAccountCommands } from './account-commands.ts';
import { registerAnchorCommands } from './anchor-commands.ts';
import { registerClientCommands } from './client-commands.ts';
import { registerLogCommands } from './log-commands.ts';
import { registerServerCommands } from './server-commands.ts';
import { registerWitnessCommands } from './witness-commands.ts';

const program = new Command('keygate')
  .description('SMKI private-key transfer approval gate and tamper-evident audit log')
  .option('--data-dir <dir>', 'data directory (default KEYGATE_DATA_DIR or ./data)')
  .showHelpAfterError()
  .exitOverride();

registerServerCommands(program);
registerLogCommands(program);
registerAnchorCommands(program);
registerClientCommands(program);
registerAccountCommands(program);
registerWitnessCommands(program);

const cert = program.command('cert').description('inspect SMKI certificates');
cert
  .command('inspect')
  .argument('<file>', 'certificate file (PEM with one or more blocks, or DER)')
  .option('--anchor <file>', 'trust anchor certificate (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
  .option('--at <iso-time>', 'validate at this time instead of now')
  .option('--json', 'print exactly the JSON metadata record')
  .action(async (file: string, opts: { anchor: string[]; at?: string; json?: boolean }) => {
    const { runCertInspect } = await import('./cert-inspect.ts');
    process.exitCode = await runCertInspect(
      { file, anchors: opts.anchor, at: opts.at, json: opts.json === true },
      { stdout: process.stdout, stderr: process.stderr, now: () => new Date() },
    );
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const e = err as { code?: string };
  if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
    process.exitCode = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
  } else {
    process.exitCode = reportError(err);
  }
}
