import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { openKeygate } from '../../server/compose.ts';
import { tempDir } from '../helpers/databases.ts';
import { sampleEntry, testConfig } from '../helpers/keygate.ts';
import { machineLimit } from '../helpers/time-limits.ts';

const BIN = path.resolve('bin/keygate.js');

function keygate(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, timeout: machineLimit(120_000) });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('keygate log fsck (CLI)', function () {
  this.timeout(machineLimit(240_000));

  it('exits 0 on a sound log, 1 with the failed check named (and the log halted) after a trigger is dropped, 2 on usage errors', async () => {
    const dataDir = tempDir();
    const config = testConfig({ engine: 'sqlite', filename: path.join(dataDir, 'keygate.sqlite') }, { dataDir });
    const kg = await openKeygate(config);
    await kg.db.transaction(async (tx) => {
      for (let i = 0; i < 30; i++) await kg.log.append(tx, { ...sampleEntry(i), action: 'test.synthetic' });
    });
    await kg.close();

    const ok = keygate(['--data-dir', dataDir, 'log', 'fsck', '--full']);
    expect(ok.status, ok.stderr).to.equal(0);
    expect(ok.stdout).to.match(/^ok +tree: entries 0 to 29 recomputed/m);
    expect(ok.stdout).to.match(/fsck --full: the storage matches the log \(tree size 30\)/);

    const again = await openKeygate(config);
    await again.db.knex.raw('DROP TRIGGER log_entries_no_update');
    await again.close();
    const bad = keygate(['--data-dir', dataDir, 'log', 'fsck', '--json']);
    expect(bad.status).to.equal(1);
    const report = JSON.parse(bad.stdout) as { ok: boolean; checks: Array<{ check: string; ok: boolean; problems: string[] }> };
    expect(report.ok).to.equal(false);
    expect(report.checks.find((c) => !c.ok)).to.deep.include({ check: 'triggers', problems: ['the trigger refusing UPDATE on log_entries is missing'] });
    expect(keygate(['--data-dir', dataDir, 'log', 'check']).stdout).to.match(/halted since .* storage check triggers failed/);
    expect(keygate(['--data-dir', dataDir, 'log', 'fsck', '--bogus']).status).to.equal(2);
  });
});
