import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { findCosignatures, parseCosignerKey } from '../../../audit/cosignature.ts';
import { formatVerifierKey, generateSignerKey } from '../../../audit/note.ts';
import { tempDir } from '../../helpers/databases.ts';
import { MemoryTree } from '../../helpers/memory-tree.ts';
import { machineLimit } from '../../helpers/time-limits.ts';

const BIN = path.resolve('bin/keygate.js');

function keygate(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: machineLimit(60_000) });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('keygate witness (CLI)', function () {
  this.timeout(machineLimit(120_000));

  it('`witness key` creates a 0600 key once and prints the same cosigner verifier key every time', () => {
    const dir = tempDir('keygate-witness-cli-');
    const first = keygate(['witness', 'key', '--data-dir', dir, '--name', 'auditor.example/witness']);
    expect(first.status, first.stderr).to.equal(0);
    const vkey = first.stdout.trim();
    expect(parseCosignerKey(vkey).name).to.equal('auditor.example/witness');
    expect(Buffer.from(vkey.split('+')[2]!, 'base64')[0]).to.equal(0x04);
    expect(fs.statSync(path.join(dir, 'witness-key')).mode & 0o777).to.equal(0o600);
    expect(keygate(['witness', 'key', '--data-dir', dir]).stdout.trim()).to.equal(vkey);
    expect(fs.readFileSync(path.join(dir, 'witness-key'), 'utf8')).to.not.include(vkey.split('+')[2]!);
  });

  it('`witness serve` answers add-checkpoint for the --log-vkey it was given', async () => {
    const dir = tempDir('keygate-witness-cli-');
    const signer = generateSignerKey('keygate.test/cli-log').signer;
    const child = spawn(process.execPath, [BIN, 'witness', 'serve', '--data-dir', dir, '--port', '0', '--log-vkey', formatVerifierKey(signer.verifier)], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (/listening on http:\/\/\S+\n/.test(out)) resolve(out);
        });
        child.on('exit', (code) => reject(new Error(`witness exited with ${code}: ${out}`)));
      });
      const url = /listening on (http:\/\/\S+)/.exec(banner)![1]!;
      const vkey = /cosigner key:\s+(\S+)/.exec(banner)![1]!;
      expect(banner).to.include('witnessing:       keygate.test/cli-log');
      const tree = new MemoryTree('keygate.test/cli-log', signer).grow(4);
      const res = await fetch(`${url}/add-checkpoint`, { method: 'POST', body: tree.submission(0) });
      expect(res.status).to.equal(200);
      expect(findCosignatures(`${tree.checkpoint()}${await res.text()}`, [parseCosignerKey(vkey)])).to.have.length(1);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
