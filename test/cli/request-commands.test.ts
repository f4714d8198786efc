// `keygate request …` for a person at a terminal and for a script: the full story of a request,
// aligned lists, JSON on request (errors included), the states named, and a template to start from.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { REQUEST_STATES, revisionContentSchema } from '../../approvals/index.ts';
import { openKeygate } from '../../server/compose.ts';
import type { Keygate } from '../../server/compose.ts';
import { createApp } from '../../server/app.ts';
import { REQUEST_TEMPLATE, stripLineComments } from '../../server/cli/request-template.ts';
import { formatColumns } from '../../server/cli/request-view.ts';
import { WHO } from '../approvals/cast.ts';
import { runDspRejected, runTcosToEcos, setUpWorld } from '../helpers/approval-scenario.ts';
import type { Clock } from '../helpers/approval-scenario.ts';
import { createPrincipal } from '../helpers/auth.ts';
import { tempDir } from '../helpers/databases.ts';
import { serve, silentLogger } from '../helpers/http.ts';
import type { Served } from '../helpers/http.ts';
import { testConfig } from '../helpers/keygate.ts';
import { machineLimit } from '../helpers/time-limits.ts';

const BIN = path.resolve('bin/keygate.js');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI without blocking the event loop: the server under test is in this process. */
function keygate(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('keygate request (CLI)', function () {
  this.timeout(machineLimit(240_000));
  const clock: Clock = { now: new Date('2026-01-05T09:00:00Z') };
  let kg: Keygate;
  let http: Served;
  let asMember: Record<string, string>;

  before(async () => {
    kg = await openKeygate(testConfig({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') }), { clock: () => clock.now });
    http = await serve(createApp(kg, silentLogger));
    const { tcosKey, acbKey } = await setUpWorld(kg, clock);
    await runTcosToEcos(kg, clock, tcosKey);
    await runDspRejected(kg, clock, acbKey);
    const member = await createPrincipal(kg, { role: 'pma_member', personId: WHO.sam });
    asMember = { KEYGATE_URL: http.url, KEYGATE_TOKEN: member.token };
  });
  after(async () => {
    await http.close();
    await kg.close();
  });

  context('request show', () => {
    it('tells the whole story: advice, votes against the quorum rule, decision, conditions, execution', async () => {
      const r = await keygate(['request', 'show', 'REQ-2026-001'], asMember);
      expect(r.status, r.stderr).to.equal(0);
      const out = r.stdout;
      expect(out).to.match(/^REQ-2026-001: completed \(decision: approved\)$/m);
      expect(out).to.match(/^ {2}SSC advice: support_with_conditions \(/m);
      expect(out).to.include('advised condition: The CIO reviews the HSM audit logs of the export.');
      expect(out).to.match(/^ {2}votes on this revision \(quorum: \d+ votes? per subject\):$/m);
      expect(out).to.match(/^ {4}transfer: approve 3, reject 0, abstain 0$/m);
      expect(out).to.match(/^ {2}decision: approved \(/m);
      expect(out).to.match(/^ {4}quorum: \d+ of \d+ members counted, met; transfer approved \(3-0-0\)/m);
      expect(out).to.match(/^ {4}recused: .*eve/m);
      expect(out).to.match(/^ {4}c1: The CIO reviews the HSM audit logs of the export\. \[met \(/m);
      expect(out).to.match(/^ {2}execution: executed at 2026-03-05T10:00:00\.000Z \(recorded by dcc-dan, /m);
      expect(out).to.match(/recipient certificate: fingerprint [0-9a-f]{64}/);
    });

    it('shows a rejection: the subject that failed, no conditions, no execution line', async () => {
      const r = await keygate(['request', 'show', 'REQ-2026-002'], asMember);
      expect(r.stdout).to.match(/^REQ-2026-002: rejected \(decision: rejected\)$/m);
      expect(r.stdout).to.match(/recipient_security rejected \(0-4-0\)/);
      expect(r.stdout).to.match(/^ {2}conditions: none$/m);
      expect(r.stdout).to.not.include('execution:');
    });
  });

  context('request list', () => {
    it('aligns its columns under a header', async () => {
      const r = await keygate(['request', 'list'], asMember);
      expect(r.status, r.stderr).to.equal(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines).to.have.length(3);
      expect(lines[0]).to.match(/^ID\s+STATE\s+REV\s+FROM\s+TO\s+PROGRAMME\s+WINDOW$/);
      for (const column of ['STATE', 'REV', 'FROM', 'TO', 'PROGRAMME', 'WINDOW']) {
        const at = lines[0]!.indexOf(column);
        for (const line of lines.slice(1)) expect(line[at - 1], `${column} in ${line}`).to.equal(' ');
        for (const line of lines.slice(1)) expect(line[at], `${column} in ${line}`).to.not.equal(' ');
      }
    });

    it('prints JSON with --json, and filters by state', async () => {
      const r = await keygate(['request', 'list', '--json', '--status', 'rejected'], asMember);
      expect(r.status, r.stderr).to.equal(0);
      const rows = JSON.parse(r.stdout) as { id: string; state: string }[];
      expect(rows.map((x) => [x.id, x.state])).to.deep.equal([['REQ-2026-002', 'rejected']]);
    });

    it('names the states in --help and when --status names one that does not exist', async () => {
      const help = await keygate(['request', 'list', '--help']);
      expect(help.stdout.replace(/\s+/g, ' ')).to.include(`only these states, comma-separated: ${REQUEST_STATES.join(', ')}`);
      const r = await keygate(['request', 'list', '--status', 'aproved'], asMember);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.match(/unknown state "aproved"; the states are draft, submitted, .*approved/);
    });
  });

  context('when --json is given and the command fails', () => {
    it('prints a JSON error on stdout for a usage error (exit 2)', async () => {
      for (const args of [['request', 'show', '--json'], ['request', 'list', '--json', '--status', 'nope'], ['request', 'list', '--json', '--bogus']]) {
        const r = await keygate(args, asMember);
        expect(r.status, args.join(' ')).to.equal(2);
        const body = JSON.parse(r.stdout) as { ok: boolean; error: { code: string; message: string } };
        expect(body.ok).to.equal(false);
        expect(body.error.code).to.equal('usage');
        expect(body.error.message).to.not.equal('');
      }
    });

    it('prints the API refusal as a JSON error too (exit 1)', async () => {
      const r = await keygate(['request', 'show', 'REQ-NONE', '--json'], asMember);
      expect(r.status).to.equal(1);
      expect((JSON.parse(r.stdout) as { error: { code: string } }).error.code).to.match(/not-found|unknown/);
    });
  });

  context('request template', () => {
    it('prints a commented example that, without its comments, is a valid request', async () => {
      const r = await keygate(['request', 'template']);
      expect(r.status).to.equal(0);
      expect(r.stdout).to.equal(REQUEST_TEMPLATE);
      expect(r.stdout).to.match(/^\/\/ /m);
      const body = JSON.parse(stripLineComments(r.stdout)) as { requestId: string; revision: unknown };
      expect(Object.keys(body)).to.deep.equal(['requestId', 'revision']);
      expect(revisionContentSchema.safeParse(body.revision).success).to.equal(true);
    });

    it('is accepted by request submit as written (the server refuses its example key id, not the file)', async () => {
      const file = path.join(tempDir(), 'request.json');
      fs.writeFileSync(file, REQUEST_TEMPLATE);
      const r = await keygate(['request', 'submit', file], asMember);
      expect(r.stderr).to.not.match(/is not JSON/);
      expect(r.status).to.equal(1);
    });
  });

  describe('stripLineComments', () => {
    it('keeps // inside strings, escaped quotes included', () => {
      const text = '{ "url": "https://example.org/a", // trailing\n "q": "say \\"hi\\" // not a comment" }';
      expect(JSON.parse(stripLineComments(text))).to.deep.equal({ url: 'https://example.org/a', q: 'say "hi" // not a comment' });
    });
  });

  describe('formatColumns', () => {
    it('pads every column but the last to its widest cell', () => {
      expect(formatColumns([['a', 'bb', 'c'], ['ccc', 'd', 'eeee']])).to.equal('a    bb  c\nccc  d   eeee');
    });
  });
});
