// The top-level commands: what `keygate --help` lists and which module implements each. main.ts
// loads only the module of the command being run (none for `keygate --help`), so start-up does
// not pay for the database, the web server or the certificate parser a command does not use.
// The modules take their top-level descriptions from here: one text per command.
import type { Command } from 'commander';

export const COMMAND_MODULES = ['server', 'backup', 'log', 'anchor', 'cert', 'client', 'account', 'witness', 'document', 'signer'] as const;
export type CommandModule = (typeof COMMAND_MODULES)[number];

interface TopLevelCommand {
  readonly module: CommandModule;
  readonly description: string;
}

export const COMMANDS = {
  serve: { module: 'server', description: 'run the HTTP server (creates the data dir, database and log key on first start)' },
  init: { module: 'server', description: 'create the data dir, database and log key, then print the verifier key' },
  migrate: { module: 'server', description: 'run database migrations' },
  backup: { module: 'backup', description: 'write a consistent, self-checked copy of the SQLite database, also while the server runs' },
  log: { module: 'log', description: 'the tamper-evident audit log' },
  anchor: { module: 'anchor', description: 'SMKI trust anchors (root, Organisation CA, Device CA)' },
  cert: { module: 'cert', description: 'inspect SMKI certificates' },
  document: { module: 'document', description: 'stored evidence documents (purge one for good)' },
  request: { module: 'client', description: 'transfer requests, over the API (KEYGATE_URL, KEYGATE_TOKEN)' },
  vote: { module: 'client', description: "cast (or change) your vote on one subject of a request's current revision" },
  user: { module: 'account', description: 'accounts' },
  token: { module: 'account', description: 'API tokens' },
  witness: { module: 'witness', description: 'a C2SP tlog-witness that cosigns keygate checkpoints' },
  signer: { module: 'signer', description: 'your personal signing key: create it, enrol it, show its fingerprint' },
} as const satisfies Record<string, TopLevelCommand>;

export type CommandName = keyof typeof COMMANDS;

/** Adds a module's commands to the program. */
export type RegisterCommands = (program: Command) => void;

const MODULES: Record<CommandModule, () => Promise<RegisterCommands>> = {
  server: async () => (await import('./server-commands.ts')).registerServerCommands,
  backup: async () => (await import('./backup-commands.ts')).registerBackupCommands,
  log: async () => (await import('./log-commands.ts')).registerLogCommands,
  anchor: async () => (await import('./anchor-commands.ts')).registerAnchorCommands,
  cert: async () => (await import('./cert-commands.ts')).registerCertCommands,
  signer: async () => (await import('./signer-commands.ts')).registerSignerCommands,
  client: async () => (await import('./client-commands.ts')).registerClientCommands,
  account: async () => (await import('./account-commands.ts')).registerAccountCommands,
  witness: async () => (await import('./witness-commands.ts')).registerWitnessCommands,
  document: async () => (await import('./document-commands.ts')).registerDocumentCommands,
};

/** Imports the module (only now: this is what `keygate --help` never pays for). */
export function loadCommandModule(module: CommandModule): Promise<RegisterCommands> {
  return MODULES[module]();
}

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** Global options that take a value: their value is not a command name. */
const VALUE_OPTIONS = new Set(['--data-dir']);

/**
 * The top-level command named in `args` (process.argv without node and the script), or null for
 * none (`keygate`, `keygate --help`). `keygate help log` names `log`.
 */
export function commandNameOf(args: readonly string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (arg === '--') return args[i + 1] ?? null;
    else if (!arg.startsWith('-')) return arg === 'help' ? (args.slice(i + 1).find((a) => !a.startsWith('-')) ?? null) : arg;
  }
  return null;
}
