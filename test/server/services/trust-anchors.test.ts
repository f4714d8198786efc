import crypto from 'node:crypto';
import { expect } from 'chai';
import { parseEntry } from '../../../audit/entry.ts';
import type { Keygate } from '../../../server/compose.ts';
import { forEachEngine } from '../../helpers/databases.ts';
import { openTestKeygate } from '../../helpers/keygate.ts';
import { orgCert, testPki } from '../../pki/fixtures.ts';

const admin = { id: 'admin-1', role: 'admin' };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    const e = err as { reason?: string; code?: string };
    return e.reason ?? e.code ?? 'no code';
  }
  throw new Error('expected a refusal');
}

async function actions(kg: Keygate): Promise<string[]> {
  const { treeSize } = await kg.log.latestCheckpoint();
  return (await kg.logStore.readLeaves(0, treeSize)).map((l) => parseEntry(l.bytes).action);
}

describe('TrustAnchorService', () => {
  forEachEngine((engine) => {
    let kg: Keygate;
    beforeEach(async () => {
      kg = await openTestKeygate(await engine.newDatabase());
    });
    afterEach(async () => {
      await kg.close();
    });

    it('registers a root CA and records it in the log with the certificate', async () => {
      const record = await kg.trustAnchors.add(admin, testPki().root.pem);
      expect(record.kind).to.equal('root-ca');
      expect((await kg.trustAnchors.list()).map((a) => a.fingerprint)).to.deep.equal([record.fingerprint]);
      const { treeSize } = await kg.log.latestCheckpoint();
      const entry = parseEntry((await kg.logStore.readLeaves(treeSize - 1, treeSize))[0]!.bytes);
      expect(entry).to.deep.include({ action: 'trust-anchor.added', actor: admin, subject: { type: 'trust-anchor', id: record.fingerprint } });
      expect(Buffer.from((entry.data.certificateDer as string[])[0]!, 'base64').equals(Buffer.from(testPki().root.der))).to.equal(true);
    });

    it('refuses the same anchor twice with anchor-exists', async () => {
      await kg.trustAnchors.add(admin, testPki().oca.der);
      expect(await codeOf(kg.trustAnchors.add(admin, testPki().oca.der))).to.equal('anchor-exists');
      expect(await actions(kg)).to.deep.equal(['trust-anchor.added']);
    });

    it('refuses an organisation certificate with anchor-not-ca', async () => {
      expect(await codeOf(kg.trustAnchors.add(admin, orgCert(5)))).to.equal('anchor-not-ca');
      expect(await kg.trustAnchors.list()).to.deep.equal([]);
    });

    it('refuses private key material, stores and logs nothing', async () => {
      const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const pem = `${testPki().root.pem}\n${privateKey.export({ format: 'pem', type: 'pkcs8' }) as string}`;
      expect(await codeOf(kg.trustAnchors.add(admin, pem))).to.equal('private-key-material');
      expect(await kg.trustAnchors.list()).to.deep.equal([]);
      expect(await actions(kg)).to.deep.equal([]);
    });

    it('removes an anchor with a logged reason, and can register it again', async () => {
      const { fingerprint } = await kg.trustAnchors.add(admin, testPki().dca.der);
      await kg.trustAnchors.remove(admin, fingerprint, 'Device CA rotated');
      expect(await kg.trustAnchors.list()).to.deep.equal([]);
      const all = await kg.trustAnchors.list({ includeRemoved: true });
      expect(all[0]!.removed).to.deep.include({ by: 'admin-1', reason: 'Device CA rotated' });
      expect(await codeOf(kg.trustAnchors.remove(admin, fingerprint, 'again'))).to.equal('anchor-not-found');
      await kg.trustAnchors.add(admin, testPki().dca.der);
      expect((await kg.trustAnchors.list()).length).to.equal(1);
      expect(await actions(kg)).to.deep.equal(['trust-anchor.added', 'trust-anchor.removed', 'trust-anchor.added']);
    });
  });
});
