// `--out` naming something that is in the way is a usage error that says what to do (exit 2),
// not a raw EEXIST or ENOTDIR.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { checkNewOutFile, checkOutDirectory } from '../../server/cli/out-paths.ts';
import { tempDir } from '../helpers/databases.ts';
import { makeExport } from '../helpers/export-fixture.ts';
import type { ExportFixture } from '../helpers/export-fixture.ts';
import { machineLimit } from '../helpers/time-limits.ts';

const BIN = path.resolve('bin/keygate.js');

describe('--out paths', function () {
  this.timeout(machineLimit(120_000));

  describe('checkOutDirectory', () => {
    it('accepts a new path and an existing directory', () => {
      const dir = tempDir();
      checkOutDirectory(path.join(dir, 'new'));
      checkOutDirectory(dir);
    });

    it('refuses an existing file, and a path under a file', () => {
      const file = path.join(tempDir(), 'taken');
      fs.writeFileSync(file, 'x');
      expect(() => checkOutDirectory(file)).to.throw(/is an existing file, not a directory/);
      expect(() => checkOutDirectory(path.join(file, 'sub'))).to.throw(/part of the path is a file, not a directory/);
    });
  });

  describe('checkNewOutFile', () => {
    it('refuses to overwrite a file or a directory, and a missing parent directory', () => {
      const dir = tempDir();
      const file = path.join(dir, 'taken');
      fs.writeFileSync(file, 'x');
      expect(() => checkNewOutFile(file)).to.throw(/already exists; nothing is overwritten/);
      expect(() => checkNewOutFile(dir)).to.throw(/already exists and is a directory/);
      expect(() => checkNewOutFile(path.join(dir, 'missing', 'x'))).to.throw(/does not exist/);
      checkNewOutFile(path.join(dir, 'new'));
    });
  });

  context('when keygate log export --out names an existing file', () => {
    let fx: ExportFixture;
    before(async () => {
      fx = await makeExport(2);
    });

    it('exits 2 with a message that says what to do, and leaves the file alone', () => {
      const file = path.join(tempDir(), 'export.txt');
      fs.writeFileSync(file, 'keep me');
      const env = { ...process.env };
      delete env.DATABASE_URL;
      const r = spawnSync(process.execPath, [BIN, '--data-dir', fx.config.dataDir, 'log', 'export', '--out', file], { encoding: 'utf8', env, timeout: machineLimit(60_000) });
      expect(r.status).to.equal(2);
      expect(r.stderr).to.match(/--out .* is an existing file, not a directory; name a new directory/);
      expect(r.stderr).to.not.match(/EEXIST|ENOTDIR|\n\s+at /);
      expect(fs.readFileSync(file, 'utf8')).to.equal('keep me');
    });
  });
});
