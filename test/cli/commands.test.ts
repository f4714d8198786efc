// The command table (server/cli/commands.ts) is what `keygate --help` shows without loading any
// command module: it must name exactly the commands the modules register, with their texts.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Command } from 'commander';
import { expect } from 'chai';
import { COMMANDS, COMMAND_MODULES, commandNameOf, loadCommandModule } from '../../server/cli/commands.ts';
import { machineLimit } from '../helpers/time-limits.ts';

const BIN = path.resolve('bin/keygate.js');

describe('keygate command table', function () {
  this.timeout(machineLimit(120_000));

  for (const module of COMMAND_MODULES) {
    it(`matches what the ${module} module registers`, async () => {
      const program = new Command('keygate');
      (await loadCommandModule(module))(program);
      const registered = program.commands.map((c) => [c.name(), c.description()]);
      const expected = Object.entries(COMMANDS).filter(([, c]) => c.module === module).map(([name, c]) => [name, c.description]);
      expect(registered).to.deep.equal(expected);
    });
  }

  it('gives every subcommand a description, so the parent --help explains it', async () => {
    const missing: string[] = [];
    const walk = (c: Command, prefix: string): void => {
      for (const sub of c.commands) {
        if (sub.description() === '') missing.push(`${prefix}${sub.name()}`);
        walk(sub, `${prefix}${sub.name()} `);
      }
    };
    for (const module of COMMAND_MODULES) {
      const program = new Command('keygate');
      (await loadCommandModule(module))(program);
      walk(program, '');
    }
    expect(missing).to.deep.equal([]);
  });

  describe('commandNameOf', () => {
    const cases: [string[], string | null][] = [
      [[], null],
      [['--help'], null],
      [['log', 'verify', 'x'], 'log'],
      [['--data-dir', 'log', 'serve'], 'serve'],
      [['--data-dir=x', 'cert', 'inspect'], 'cert'],
      [['help', 'request'], 'request'],
      [['help'], null],
      [['--', 'vote'], 'vote'],
    ];
    for (const [args, name] of cases) {
      it(`finds ${String(name)} in ${JSON.stringify(args)}`, () => {
        expect(commandNameOf(args)).to.equal(name);
      });
    }
  });

  it('lists every command in keygate --help', () => {
    const r = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8', timeout: machineLimit(60_000) });
    expect(r.status).to.equal(0);
    for (const [name, { description }] of Object.entries(COMMANDS)) {
      expect(r.stdout.replace(/\s+/g, ' '), name).to.include(`${name} ${description}`);
    }
  });
});
