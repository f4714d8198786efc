// Certificate records forged with the log key alone: the operator can append any record, but
// replay derives each one again from the DER the entry carries, against the trust anchors the
// log shows registered, and names the entry whose record its DER does not give.
import { expect } from 'chai';
import { eventToLogEntry, replayEntries } from '../../approvals/index.ts';
import type { ApprovalEvent, CertificateRecordJson } from '../../approvals/index.ts';
import { deriveCertificateRecord, parseCertificate } from '../../pki/index.ts';
import { makeCa, orgCert, OU, CN } from '../pki/fixtures.ts';
import { P, TCOS_KEY, WHO, recordCast } from './cast.ts';
import { SECRETARIAT, anchorCertificates, anchorEntries, certificate, certificateDer, dcc, doc, instant, keyOf, request, revision } from './fixtures.ts';
import { closeVoting, toVoting, vote } from './scenarios.ts';
import { TEST_ORIGIN } from './signers.ts';

/** The whole log as the export holds it: the anchors' entries first, then the approvals events. */
function replayLog(events: readonly ApprovalEvent[]) {
  const entries = [...anchorEntries(), ...events.map(eventToLogEntry)].map((e) => JSON.parse(JSON.stringify(e)) as unknown);
  return replayEntries(entries, { origin: TEST_ORIGIN }).violations.map((v) => [v.index, v.action, v.code]);
}

describe('replay of certificate records forged with the log key alone', () => {
  const anchors = anchorEntries().length;

  it('passes the honest history, anchors registered in the log', () => {
    expect(replayLog(recordCast().events)).to.deep.equal([]);
  });

  it('names a Supplier (role 2) key registered as transferable', () => {
    const rec = recordCast();
    const forged = rec.forgeUnsigned({
      time: instant('2026-01-06T09:00:00Z'),
      actor: SECRETARIAT,
      action: 'key.registered',
      data: { keyId: keyOf('spki:supplier'), holderId: P.dsp, certificate: certificateJsonOf('spki:supplier', { role: 2, transferable: true }), certificateDer: certificateDer('spki:supplier', { role: 2 }) },
    });
    const index = anchors + rec.events.indexOf(forged);
    const violations = replayLog(rec.events);
    expect(violations).to.deep.equal([[index, 'key.registered', 'certificate-record-mismatch']]);
  });

  it("names a recipient certificate record claiming a chain its DER does not have", () => {
    const rec = recordCast();
    const id = request('F-CERT');
    const h = toVoting(rec, id, revision({ keyId: keyOf(TCOS_KEY), sourceProviderId: P.tcos, targetProviderId: P.ecos }), '2026-02-02');
    for (const subject of ['transfer', 'mechanism', 'recipient_security'] as const) for (const who of [WHO.sam, WHO.una, WHO.vic]) vote(rec, id, h, who, subject, 'approve', '2026-02-03T10:00:00Z');
    rec.run(closeVoting(id, h, []), '2026-02-03T12:00:00Z');
    // The same key, certified by an Organisation CA that is no registered anchor.
    const rogueCa = makeCa('rogue-oca', [[OU, '07'], [CN, 'ROGUE-OCA']], makeCa('rogue-root', [[OU, '00'], [CN, 'ROGUE-ROOT']], null), { pathLength: 0 });
    const rogue = parseCertificate(orgCert(5, { keyLabel: TCOS_KEY, eui: '0011223344556677', issuer: rogueCa }));
    const honest = deriveCertificateRecord([rogue], { at: new Date('2026-03-05T10:00:00Z'), anchors: anchorCertificates() });
    expect(honest.valid).to.equal(false);
    const claimed = JSON.parse(JSON.stringify({ ...honest, valid: true, findings: [], chain: { verified: true, path: [] } })) as CertificateRecordJson;
    const forged = rec.forge({
      time: instant('2026-03-05T11:00:00Z'),
      actor: dcc(WHO.dan),
      action: 'request.executed',
      data: { requestId: id, executedAt: instant('2026-03-05T10:00:00Z'), evidence: [doc('minutes.pdf')], recipientCertificate: claimed, recipientCertificateDer: [Buffer.from(rogue.der).toString('base64')], signature: null },
    });
    const index = anchors + rec.events.indexOf(forged);
    expect(replayLog(rec.events)).to.deep.equal([[index, 'request.executed', 'certificate-record-mismatch']]);
  });
});

function certificateJsonOf(label: string, overrides: Parameters<typeof certificate>[1]): CertificateRecordJson {
  return JSON.parse(JSON.stringify(certificate(label, overrides))) as CertificateRecordJson;
}
