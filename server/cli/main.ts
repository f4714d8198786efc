// The `keygate` command line. Only the module of the command being run is loaded (see
// commands.ts): `keygate --help` loads none, `keygate cert inspect` only the certificate parser.
import { Command } from 'commander';
import { COMMANDS, commandNameOf, isCommandName, loadCommandModule } from './commands.ts';

async function buildProgram(args: readonly string[]): Promise<Command> {
  const program = new Command('keygate')
    .description('SMKI private-key transfer approval gate and tamper-evident audit log')
    .option('--data-dir <dir>', 'data directory (default KEYGATE_DATA_DIR or ./data)')
    .showHelpAfterError()
    .exitOverride();
  const name = commandNameOf(args);
  if (name !== null && isCommandName(name)) {
    (await loadCommandModule(COMMANDS[name].module))(program);
  } else {
    // Help, or an unknown command: every command by name and description, nothing loaded.
    for (const [command, { description }] of Object.entries(COMMANDS)) program.command(command).description(description);
  }
  return program;
}

async function exitCodeOf(err: unknown): Promise<number> {
  const e = (err ?? {}) as { code?: string };
  if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
    return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
  }
  const { reportError } = await import('./report-error.ts');
  return reportError(err);
}

const args = process.argv.slice(2);
try {
  await (await buildProgram(args)).parseAsync(process.argv);
} catch (err) {
  process.exitCode = await exitCodeOf(err);
  if (process.exitCode !== 0 && args.includes('--json')) {
    const { jsonErrorOf } = await import('./json-error.ts');
    process.stdout.write(`${JSON.stringify(jsonErrorOf(err))}\n`);
  }
}
