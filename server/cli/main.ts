// The `keygate` command line. Only the module of the command being run is loaded (see
// commands.ts): `keygate --help` loads none, `keygate cert inspect` only the certificate parser.
import { Command } from 'commander';
import { COMMANDS, commandNameOf, isCommandName, loadCommandModule } from './commands.ts';

/** Options that are free text recorded as written: the prose rule applies to them too. */
const FREE_TEXT_OPTIONS = new Set(['reason', 'reasons', 'condition', 'name']);

/**
 * Before any command runs (one that writes to the data dir, or a client command before it
 * sends): its arguments and option values are scanned for private key material, and its free
 * text held to the prose rule. The refusal names the argument or option, never the value.
 */
async function refuseKeyMaterial(_program: Command, action: Command): Promise<void> {
  const { assertNoPrivateKey, assertProse } = await import('../../pki/index.ts');
  action.args.forEach((arg, i) => assertNoPrivateKey(arg, { where: `argument ${i + 1}` }));
  for (const [name, value] of Object.entries(action.opts<Record<string, unknown>>())) {
    assertNoPrivateKey(value, { where: `option --${name}` });
    if (!FREE_TEXT_OPTIONS.has(name)) continue;
    for (const text of [value].flat()) if (typeof text === 'string') assertProse(text, `option --${name}`);
  }
}

async function buildProgram(args: readonly string[]): Promise<Command> {
  const program = new Command('keygate')
    .description('SMKI private-key transfer approval gate and tamper-evident audit log')
    .option('--data-dir <dir>', 'data directory (default KEYGATE_DATA_DIR or ./data)')
    .showHelpAfterError()
    .exitOverride()
    .hook('preAction', refuseKeyMaterial);
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
