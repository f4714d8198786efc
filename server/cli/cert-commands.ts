// `keygate cert inspect`: the certificate parser is loaded only when a certificate is inspected.
import type { Command } from 'commander';
import { COMMANDS } from './commands.ts';

export function registerCertCommands(program: Command): void {
  const cert = program.command('cert').description(COMMANDS.cert.description);
  cert
    .command('inspect')
    .description('print the SMKI metadata record and profile findings of a certificate; exit 0 when valid')
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
}
