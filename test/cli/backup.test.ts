// `keygate backup --out FILE`: a consistent copy of a SQLite deployment while it takes writes,
// checked by the log's self-check before it is given its name; nothing is overwritten, and a
// PostgreSQL deployment is pointed at pg_dump.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { checkLogHead } from '../../audit/log-check.ts';
import { openKeygate } from '../../server/compose.ts';
import type { Keygate } from '../../server/compose.ts';
import { backupSqliteDatabase } from '../../server/storage/sqlite-backup.ts';
import { tempDir } from '../helpers/databases.ts';
import { sampleEntry, testConfig } from '../helpers/keygate.ts';
import { machineLimit } from '../helpers/time-limits.ts';

const BIN = path.resolve('bin/keygate.js');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawned without blocking this process, which keeps writing to the same database meanwhile. */
function keygate(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

async function append(kg: Keygate, n: number): Promise<void> {
  await kg.db.transaction((tx) => kg.log.append(tx, sampleEntry(n)).then(() => undefined));
}

/** Opens a backup file as a deployment of its own, with the original's log key. */
async function openBackup(kg: Keygate, file: string): Promise<Keygate> {
  const dataDir = tempDir();
  fs.copyFileSync(path.join(kg.config.dataDir, 'log-key'), path.join(dataDir, 'log-key'));
  return openKeygate(testConfig({ engine: 'sqlite', filename: file }, { dataDir }));
}

describe('keygate backup (CLI)', function () {
  this.timeout(machineLimit(240_000));
  let kg: Keygate;

  beforeEach(async () => {
    const dataDir = tempDir();
    kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(dataDir, 'keygate.sqlite') }, { dataDir }));
    for (let n = 1; n <= 20; n++) await append(kg, n);
  });
  afterEach(async () => {
    await kg.close();
  });

  it('writes one self-contained file that opens as the same log and passes its self-check', async () => {
    const out = path.join(tempDir(), 'keygate-backup.sqlite');
    const r = await keygate(['--data-dir', kg.config.dataDir, 'backup', '--out', out]);
    expect(r.status, r.stderr).to.equal(0);
    const { treeSize } = await kg.log.latestCheckpoint();
    expect(r.stdout).to.match(new RegExp(`^backup written to .*; self-check ok: tree size ${treeSize}, root \\S+$`, 'm'));
    expect(r.stdout).to.match(/log key .* is not in the backup/);
    expect(fs.readdirSync(path.dirname(out))).to.deep.equal(['keygate-backup.sqlite']);
    const restored = await openBackup(kg, out);
    try {
      expect((await checkLogHead(restored.logStore, restored.log.verifier, restored.log.origin)).treeSize).to.equal(treeSize);
      expect(restored.log.origin).to.equal(kg.log.origin);
    } finally {
      await restored.close();
    }
  });

  it('copies a consistent state while entries are being appended', async () => {
    const out = path.join(tempDir(), 'during-writes.sqlite');
    const before = (await kg.log.latestCheckpoint()).treeSize;
    let writing = true;
    let n = 100;
    const writer = (async () => {
      while (writing) await append(kg, n++);
    })();
    const r = await keygate(['--data-dir', kg.config.dataDir, 'backup', '--out', out]);
    writing = false;
    await writer;
    expect(r.status, r.stderr).to.equal(0);
    const after = (await kg.log.latestCheckpoint()).treeSize;
    expect(after).to.be.greaterThan(before);
    const restored = await openBackup(kg, out);
    try {
      const head = await checkLogHead(restored.logStore, restored.log.verifier, restored.log.origin);
      expect(head.treeSize).to.be.within(before, after);
    } finally {
      await restored.close();
    }
  });

  it('refuses to overwrite an existing file (exit 2) and leaves it as it was', async () => {
    const out = path.join(tempDir(), 'taken.sqlite');
    fs.writeFileSync(out, 'an older backup');
    const r = await keygate(['--data-dir', kg.config.dataDir, 'backup', '--out', out]);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(/already exists; nothing is overwritten/);
    expect(r.stderr).to.not.match(/EEXIST/);
    expect(fs.readFileSync(out, 'utf8')).to.equal('an older backup');
  });

  it('points a PostgreSQL deployment at pg_dump (exit 2)', async () => {
    const r = await keygate(['--data-dir', kg.config.dataDir, 'backup', '--out', path.join(tempDir(), 'x')], { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' });
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(/PostgreSQL: back it up with pg_dump/);
  });

  context('when the copy fails the self-check', () => {
    it('leaves no file under the destination name and says why', async () => {
      // Lose an entry as an attacker with the database would: the triggers refuse DELETE, so drop them first.
      await kg.db.knex.raw('DROP TRIGGER log_entries_no_delete');
      await kg.db.knex('log_entries').where('idx', 0).delete();
      const dir = tempDir();
      const out = path.join(dir, 'broken.sqlite');
      const source = path.join(kg.config.dataDir, 'keygate.sqlite');
      await backupSqliteDatabase(source, out, { verifier: kg.log.verifier, origin: kg.log.origin }).then(
        () => expect.fail('the backup of a broken log passed its self-check'),
        (err: unknown) => expect((err as { code?: string }).code).to.equal('log-inconsistent'),
      );
      expect(fs.readdirSync(dir)).to.deep.equal([]);
    });
  });
});
