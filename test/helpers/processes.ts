// Real `keygate` processes (`serve`, `witness serve`) for tests and benchmarks that need them:
// started through the package's bin, ready once they print their "listening on URL" banner,
// stopped with SIGTERM (the graceful shutdown a service manager would ask for).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

export const KEYGATE_BIN = path.resolve('bin/keygate.js');

export interface KeygateProcess {
  readonly child: ChildProcess;
  /** The URL from the banner. */
  readonly url: string;
  /** Standard output and standard error so far. */
  output(): string;
  /** SIGTERM, then wait for the exit; resolves at once when it has already exited. */
  stop(): Promise<void>;
}

/** Spawns `keygate ARGS…` and waits for its "listening on URL" line; rejects if it exits first. */
export function startKeygate(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<KeygateProcess> {
  const child = spawn(process.execPath, [KEYGATE_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /listening on (https?:\/\/\S+)\n/.exec(out)?.[1];
      if (url !== undefined) {
        resolve({
          child,
          url,
          output: () => out,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code, signal) => reject(new Error(`keygate ${args.join(' ')} exited (${code ?? signal}) before listening:\n${out}`)));
  });
}

export interface WitnessProcess extends KeygateProcess {
  /** Its cosigner verifier key, from the banner. */
  readonly vkey: string;
  /** Its entry for KEYGATE_WITNESSES: `<vkey>@<url>`. */
  readonly entry: string;
}

/** `keygate witness serve` on an ephemeral port for the logs with these verifier keys. */
export async function startWitnessProcess(dataDir: string, logVerifierKeys: readonly string[]): Promise<WitnessProcess> {
  const p = await startKeygate(['witness', 'serve', '--data-dir', dataDir, '--port', '0', ...logVerifierKeys.flatMap((k) => ['--log-vkey', k])], { ...process.env, KEYGATE_LOG_LEVEL: 'warn' });
  const vkey = /cosigner key:\s+(\S+)/.exec(p.output())?.[1];
  if (vkey === undefined) throw new Error(`no cosigner key in the witness banner:\n${p.output()}`);
  return { ...p, vkey, entry: `${vkey}@${p.url}` };
}
