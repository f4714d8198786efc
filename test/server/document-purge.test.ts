// Purging a stored document: the content leaves the database for good (SQLite's file and WAL;
// PostgreSQL's tables after VACUUM FULL), the log records the purge and still verifies and
// replays with the revision that cites the document, and downloads answer 410 Gone with the reason.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { expect } from 'chai';
import { toKeyId } from '../../approvals/index.ts';
import { createApp } from '../../server/app.ts';
import { openKeygate } from '../../server/compose.ts';
import type { Keygate } from '../../server/compose.ts';
import { exportLog } from '../../server/log-export.ts';
import { replayExportDir } from '../../server/cli/replay-command.ts';
import { P, WHO } from '../approvals/cast.ts';
import { Signers } from '../approvals/signers.ts';
import { revision } from '../approvals/fixtures.ts';
import { forEachEngine, tempDir } from '../helpers/databases.ts';
import { serve, silentLogger } from '../helpers/http.ts';
import { testConfig } from '../helpers/keygate.ts';
import { machineLimit } from '../helpers/time-limits.ts';
import { Api } from './http/api-client.ts';
import { castAccounts, setUpWorldOverHttp } from './http/http-cast.ts';

/** Windows of the content that must be found nowhere once it is purged. */
function windows(content: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i + 32 <= content.length; i += 4096) out.push(content.subarray(i, i + 32));
  return out;
}

function sqliteFilesHold(filename: string, needles: readonly Buffer[]): boolean {
  const files = [filename, `${filename}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f));
  return needles.some((n) => files.some((f) => f.includes(n)));
}

async function tablesHold(kg: Keygate, needle: Buffer): Promise<boolean> {
  const r = await kg.db.knex('documents').whereRaw(kg.db.engine === 'postgres' ? 'position(? in content) > 0' : 'instr(content, ?) > 0', [needle]).count({ n: '*' }).first();
  return Number(r?.n) > 0;
}

const NOW = new Date('2026-02-01T09:00:00Z');

describe('document purge', function () {
  this.timeout(machineLimit(240_000));

  forEachEngine((engine) => {
    it('removes the content for good, logs the purge, keeps the log verifying and replaying, and answers 410 Gone with the reason', async () => {
      const database = await engine.newDatabase();
      const kg = await openKeygate(testConfig(database), { clock: () => NOW });
      const http = await serve(createApp(kg, silentLogger));
      try {
        const api = new Api(http.url);
        const cast = await castAccounts(kg);
        const { tcosKey } = await setUpWorldOverHttp(api, cast);
        const content = Buffer.concat([Buffer.from('Evidence pack, page 1\n'), crypto.randomBytes(256 * 1024)]);
        const upload = await api.call('uploadDocument', cast.dan, { query: { name: 'evidence.bin' }, raw: { content, contentType: 'application/octet-stream' } });
        expect(upload.status, upload.text).to.equal(201);
        const attachment = upload.json as { sha256: string; size: number; name: string };
        const cited = revision({ keyId: toKeyId(tcosKey), sourceProviderId: P.tcos, targetProviderId: P.ecos, attachments: [attachment] as never });
        // Dan signs the request with his personal key (replay counts nothing unsigned).
        const signers = new Signers(kg.approvals.origin);
        const dan = { id: WHO.dan, role: 'dcc' } as const;
        const enrolment = signers.enrolment(dan, NOW);
        const { personId, ...enrolBody } = enrolment.data as { personId: string };
        expect((await api.call('enrolCredential', cast.dan, { params: { personId }, body: enrolBody })).status).to.equal(201);
        const data = { requestId: 'REQ-PURGE-1', revision: cited };
        const signature = signers.proof({ action: 'request.created', actor: dan, data }, NOW);
        const created = await api.call('createRequest', cast.dan, { body: { ...data, signature } });
        expect(created.status, created.text).to.equal(201);
        const needles = windows(content);
        if (database.engine === 'sqlite') expect(sqliteFilesHold(database.filename, needles), 'stored before the purge').to.equal(true);

        expect((await api.call('purgeDocument', cast.dan, { params: { sha256: attachment.sha256 }, body: { reason: 'uploaded by mistake' } })).status, 'only an admin purges').to.equal(403);
        const purged = await api.call('purgeDocument', cast.admin, { params: { sha256: attachment.sha256 }, body: { reason: 'uploaded by mistake' } });
        expect(purged.status, purged.text).to.equal(204);

        if (database.engine === 'sqlite') expect(sqliteFilesHold(database.filename, needles), 'in the SQLite file or WAL').to.equal(false);
        for (const n of needles.slice(0, 8)) expect(await tablesHold(kg, n), 'in the documents table').to.equal(false);

        const download = await api.call('downloadDocument', cast.dan, { params: { sha256: attachment.sha256 } });
        expect(download.status).to.equal(410);
        expect((download.json as { code: string; detail: string }).code).to.equal('document-purged');
        expect((download.json as { detail: string }).detail).to.include('uploaded by mistake');
        const again = await api.call('purgeDocument', cast.admin, { params: { sha256: attachment.sha256 }, body: { reason: 'twice' } });
        expect(again.status).to.equal(410);

        const dir = tempDir('keygate-export-');
        await exportLog(kg.logStore, kg.log.verifierKey, dir);
        const exported = fs.readFileSync(`${dir}/entries.jsonl`);
        expect(needles.some((n) => exported.includes(n)), 'in the export').to.equal(false);
        const text = exported.toString('utf8');
        expect(text).to.include('"action":"document.purged"');
        expect(text.split('\n').filter((l) => l.includes(attachment.sha256)).length, 'the revision still cites the hash').to.be.greaterThan(1);
        const replay = await replayExportDir(dir, { vkey: kg.log.verifierKey });
        expect(replay.verification.ok, replay.verification.failure?.message).to.equal(true);
        expect(replay.ok, JSON.stringify(replay.violations)).to.equal(true);
      } finally {
        await http.close();
        await kg.close();
      }
    });
  });
});
