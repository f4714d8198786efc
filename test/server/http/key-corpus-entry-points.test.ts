// The key corpus (test/pki/key-corpus.ts: every key type, encoded and mangled, nested) put through
// every HTTP entry point: a JSON field, a urlencoded form, an upload, the query string and the
// path. Each is refused with private-key-material, nothing is stored or logged, and afterwards
// the key's secret appears nowhere: not in the SQLite file or its WAL, not in the server's request
// log, not in an export of the audit log.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { pino } from 'pino';
import { toKeyId } from '../../../approvals/index.ts';
import { createApp } from '../../../server/app.ts';
import { openKeygate } from '../../../server/compose.ts';
import type { Keygate } from '../../../server/compose.ts';
import { exportLog } from '../../../server/log-export.ts';
import { P } from '../../approvals/cast.ts';
import { revision } from '../../approvals/fixtures.ts';
import { tempDir } from '../../helpers/databases.ts';
import { serve } from '../../helpers/http.ts';
import type { Served } from '../../helpers/http.ts';
import { testConfig } from '../../helpers/keygate.ts';
import { machineLimit } from '../../helpers/time-limits.ts';
import { corpusKeys, describeWritten, writtenArb } from '../../pki/key-corpus.ts';
import type { CorpusKey, Written } from '../../pki/key-corpus.ts';
import { Api } from './api-client.ts';
import { castAccounts, setUpWorldOverHttp } from './http-cast.ts';
import type { Cast } from './http-cast.ts';

const SEED = 20261203;
/** Written forms per key: each goes through every entry point. */
const PER_KEY = 2;
/** Longer texts do not fit a request line (Node's 16 KiB header limit): they go through bodies only. */
const MAX_URL_TEXT = 6000;

/** The secret as raw bytes and in the encodings it could be kept in, in windows of 16. */
function traces(key: CorpusKey): Buffer[] {
  const secret = Buffer.from(key.secret);
  const out: Buffer[] = [secret.subarray(0, 16)];
  for (const enc of ['base64', 'base64url', 'hex'] as const) {
    const s = secret.toString(enc);
    for (let i = 0; i + 16 <= s.length; i += 8) out.push(Buffer.from(s.slice(i, i + 16)));
  }
  return out;
}

function filesHold(files: readonly string[], needles: readonly Buffer[]): string | null {
  for (const f of files.filter((x) => fs.existsSync(x))) {
    const bytes = fs.readFileSync(f);
    if (needles.some((n) => bytes.includes(n))) return f;
  }
  return null;
}

describe('HTTP entry points and the key corpus', function () {
  this.timeout(machineLimit(600_000));
  const dir = tempDir();
  const dbFile = path.join(dir, 'db.sqlite');
  const logFile = path.join(dir, 'server.log');
  let kg: Keygate;
  let http: Served;
  let api: Api;
  let cast: Cast;
  let body: (text: string) => unknown;

  before(async () => {
    kg = await openKeygate(testConfig({ engine: 'sqlite', filename: dbFile }, { dataDir: dir }), { clock: () => new Date('2026-02-01T09:00:00Z') });
    const logger = pino(pino.destination({ dest: logFile, sync: true }));
    http = await serve(createApp(kg, { error: (obj, msg) => logger.error(obj, msg) }, { requestLog: logger }));
    api = new Api(http.url);
    cast = await castAccounts(kg);
    const { tcosKey } = await setUpWorldOverHttp(api, cast);
    const base = revision({ keyId: toKeyId(tcosKey), sourceProviderId: P.tcos, targetProviderId: P.ecos });
    body = (text) => ({ requestId: 'REQ-CORPUS', revision: { ...base, mechanism: { ...base.mechanism, description: text } } });
  });
  after(async () => {
    await http.close();
    await kg.close();
  });

  async function expectRefused(how: string, w: Written, call: Promise<{ status: number; json: unknown; text: string }>): Promise<void> {
    const reply = await call;
    expect([reply.status, (reply.json as { code?: string } | null)?.code], `${how}: ${describeWritten(w)}: ${reply.text.slice(0, 300)}`).to.deep.equal([422, 'private-key-material']);
  }

  for (const key of corpusKeys()) {
    it(`refuses ${key.name}, however written, at every entry point, and keeps nothing of it`, async () => {
      const before = (await kg.log.latestCheckpoint()).treeSize;
      for (const w of fc.sample(writtenArb(key, 2), { numRuns: PER_KEY, seed: SEED })) {
        await expectRefused('JSON field', w, api.call('createRequest', cast.dan, { body: body(w.text) }));
        await expectRefused('form', w, api.call('createRequest', cast.dan, { raw: { content: `reason=${encodeURIComponent(w.text)}`, contentType: 'application/x-www-form-urlencoded' } }));
        await expectRefused('upload', w, api.call('uploadDocument', cast.dan, { query: { name: 'evidence.txt' }, raw: { content: w.text, contentType: 'text/plain' } }));
        if (w.text.length <= MAX_URL_TEXT) {
          await expectRefused('query', w, api.call('uploadDocument', cast.dan, { query: { name: w.text }, raw: { content: 'benign', contentType: 'text/plain' } }));
          await expectRefused('path', w, api.call('getRequest', cast.dan, { params: { requestId: w.text } }));
        }
      }
      expect((await kg.log.latestCheckpoint()).treeSize, 'nothing appended').to.equal(before);
      expect(await kg.db.knex('documents').count({ n: '*' }).first().then((r) => Number(r?.n)), 'nothing stored').to.equal(0);
      const exportDir = tempDir('keygate-export-');
      await exportLog(kg.logStore, kg.log.verifierKey, exportDir);
      expect(fs.statSync(logFile).size, 'the server log records requests').to.be.greaterThan(0);
      const where = filesHold([dbFile, `${dbFile}-wal`, logFile, path.join(exportDir, 'entries.jsonl')], traces(key));
      expect(where, 'a trace of the key was kept').to.equal(null);
    });
  }
});
