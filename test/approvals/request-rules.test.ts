import { expect } from 'chai';
import { MAX_ATTACHMENT_BYTES } from '../../approvals/index.ts';
import type { Command } from '../../approvals/index.ts';
import { PkiError } from '../../pki/index.ts';
import { DSP_KEY, P, TCOS_KEY, WHO, recordCast } from './cast.ts';
import { POLICY, SECRETARIAT, certificate, certificateDer, dcc, doc, instant, keyOf, person, provider, registration, request, revision, version } from './fixtures.ts';

const TCOS = revision({ keyId: keyOf(TCOS_KEY), sourceProviderId: P.tcos, targetProviderId: P.ecos });
const NOW = '2026-02-01T09:00:00Z';
const create = (content = TCOS, who: string = WHO.dan): Command => ({ action: 'request.created', actor: dcc(who), data: { requestId: request('R-1'), revision: content } });

describe('roster, provider, key and policy rules', () => {
  const rec = recordCast();

  context('when a key is registered', () => {
    it('refuses a key that is not eligible for transfer', () => {
      const supplier = certificate('spki:supplier', { role: 2, transferable: false });
      expect(rec.refusal({ action: 'key.registered', actor: SECRETARIAT, data: { holderId: P.dsp, certificate: supplier, certificateDer: certificateDer('spki:supplier', { role: 2 }) } }, NOW)).to.equal('key-not-transferable');
    });

    it('refuses an unknown holder and a key registered twice', () => {
      expect(rec.refusal({ action: 'key.registered', actor: SECRETARIAT, data: { holderId: provider('nobody'), ...registration('spki:new') } }, NOW)).to.equal('provider-unknown');
      expect(rec.refusal({ action: 'key.registered', actor: SECRETARIAT, data: { holderId: P.dsp, ...registration(DSP_KEY, { role: 4 }) } }, NOW)).to.equal('key-exists');
    });

    it('refuses a record that lacks the facts the rules read', () => {
      const broken = { ...certificate('spki:broken'), validity: { notBefore: 'yesterday', notAfter: 'tomorrow' } };
      expect(rec.refusal({ action: 'key.registered', actor: SECRETARIAT, data: { holderId: P.dsp, certificate: broken, certificateDer: certificateDer('spki:broken') } }, NOW)).to.equal('command-invalid');
    });
  });

  context('when the policy changes', () => {
    it('refuses a version that does not follow the current one', () => {
      expect(rec.refusal({ action: 'policy.set', actor: SECRETARIAT, data: { version: version(3), terms: POLICY } }, NOW)).to.equal('policy-version-invalid');
    });

    it('refuses a qualified majority of half or less', () => {
      const terms = { ...POLICY, threshold: { kind: 'qualified_majority', numerator: 1, denominator: 2 } } as const;
      expect(rec.refusal({ action: 'policy.set', actor: SECRETARIAT, data: { version: version(2), terms } }, NOW)).to.equal('policy-invalid');
    });
  });

  context('when the roster changes', () => {
    it('refuses a role of another body, a specialist outside the PMA, and a person added twice', () => {
      expect(rec.refusal({ action: 'roster.membership_started', actor: SECRETARIAT, data: { personId: person(WHO.dan), body: 'ssc', role: 'pma_member', specialist: false } }, NOW)).to.equal('membership-invalid');
      expect(rec.refusal({ action: 'roster.membership_started', actor: SECRETARIAT, data: { personId: person(WHO.dan), body: 'ssc', role: 'ssc_member', specialist: true } }, NOW)).to.equal('membership-invalid');
      expect(rec.refusal({ action: 'roster.person_added', actor: SECRETARIAT, data: { personId: person(WHO.dan), name: 'Dan again' } }, NOW)).to.equal('person-exists');
    });

    it('refuses roster changes by anyone but the secretariat', () => {
      expect(rec.refusal({ action: 'roster.person_added', actor: dcc(WHO.dan), data: { personId: person('new'), name: 'New' } }, NOW)).to.equal('actor-role-not-allowed');
    });
  });
});

describe('transfer request rules', () => {
  const rec = recordCast();

  context('when the DCC creates a request', () => {
    it('accepts a well-formed request from the DCC', () => {
      expect(recordCast().run(create(), NOW).action).to.equal('request.created');
    });

    it('refuses a requester not affiliated with the DCC', () => {
      expect(rec.refusal(create(TCOS, WHO.sam), NOW)).to.equal('actor-not-dcc');
    });

    it('refuses a transfer to the provider that holds the key, or from a provider that does not hold it', () => {
      expect(rec.refusal(create({ ...TCOS, targetProviderId: P.tcos }), NOW)).to.equal('request-same-provider');
      expect(rec.refusal(create({ ...TCOS, sourceProviderId: P.dsp }), NOW)).to.equal('key-not-held-by-source');
    });

    it('refuses a security case that misstates whether the recipient is prospective', () => {
      expect(rec.refusal(create({ ...TCOS, recipientSecurity: { ...TCOS.recipientSecurity, recipientProspective: true } }), NOW)).to.equal('recipient-prospective-mismatch');
    });

    it('refuses windows that are inverted, past, too long or too far ahead', () => {
      const w = (from: string, until: string) => create({ ...TCOS, executionWindow: { from: instant(from), until: instant(until) } });
      expect(rec.refusal(w('2026-03-10T00:00:00Z', '2026-03-01T00:00:00Z'), NOW)).to.equal('window-invalid');
      expect(rec.refusal(w('2026-01-10T00:00:00Z', '2026-01-20T00:00:00Z'), NOW)).to.equal('window-passed');
      expect(rec.refusal(w('2026-03-01T00:00:00Z', '2026-03-31T00:00:01Z'), NOW)).to.equal('window-too-long');
      expect(recordCast().run(w('2026-03-01T00:00:00Z', '2026-03-31T00:00:00Z'), NOW).action).to.equal('request.created');
      expect(rec.refusal(w('2026-07-31T09:00:01Z', '2026-08-01T00:00:00Z'), NOW)).to.equal('window-too-far');
    });

    it('refuses oversized and duplicate attachments', () => {
      expect(rec.refusal(create({ ...TCOS, attachments: [doc('huge.bin', MAX_ATTACHMENT_BYTES + 1)] }), NOW)).to.equal('attachment-too-large');
      expect(rec.refusal(create({ ...TCOS, attachments: [doc('a.pdf'), doc('a.pdf')] }), NOW)).to.equal('attachment-duplicate');
    });

    it('refuses malformed content as command-invalid, before any rule', () => {
      expect(rec.refusal(create({ ...TCOS, rationale: '' }), NOW)).to.equal('command-invalid');
      expect(rec.refusal(create({ ...TCOS, extra: 'member' } as typeof TCOS), NOW)).to.equal('command-invalid');
      expect(rec.refusal(create({ ...TCOS, rationale: 'x'.repeat(5000) }), NOW)).to.equal('command-invalid');
    });

    it('refuses free text holding an unbroken run of an encoding alphabet with encoded-text, naming the field', () => {
      const blob = Buffer.from(Array.from({ length: 120 }, (_, i) => (i * 37) % 256)).toString('base64');
      const mechanism = { ...TCOS.mechanism, description: `keys as agreed: ${blob}` };
      expect(() => recordCast().run(create({ ...TCOS, mechanism }), NOW)).to.throw(PkiError, '$.revision.mechanism.description').with.property('code', 'encoded-text');
    });

    it('accepts a hash of the evidence in free text', () => {
      const hash = 'ab'.repeat(64).match(/../g)!.join(':');
      expect(recordCast().run(create({ ...TCOS, rationale: `evidence pack SHA-512 ${hash}` }), NOW).action).to.equal('request.created');
    });

    it('refuses a request while no policy is set', () => {
      const bare = recordCast();
      bare.state = { ...bare.state, policy: null };
      expect(bare.refusal(create(), NOW)).to.equal('policy-missing');
    });
  });

  context('when the request is amended', () => {
    it('refuses an amendment in draft that changes nothing, and one based on a stale revision', () => {
      const r = recordCast();
      r.run(create(), NOW);
      expect(r.refusal({ action: 'request.amended', actor: dcc(WHO.dan), data: { requestId: request('R-1'), revision: TCOS } }, NOW)).to.equal('revision-unchanged');
      r.run({ action: 'request.amended', actor: dcc(WHO.dan), data: { requestId: request('R-1'), revision: { ...TCOS, rationale: 'A clearer rationale for the move.' } } }, NOW);
      const revisions = r.state.requests.get(request('R-1'))?.revisions;
      expect(revisions?.map((x) => x.number)).to.deep.equal([1, 2]);
      expect(r.refusal({ action: 'request.submitted', actor: dcc(WHO.dan), data: { requestId: request('R-1'), revisionHash: revisions![0]!.hash } }, NOW)).to.equal('revision-stale');
    });

    it('lets another DCC person act for the requester', () => {
      const r = recordCast();
      r.run(create(), NOW);
      const h = r.state.requests.get(request('R-1'))!.revisions[0]!.hash;
      r.run({ action: 'request.submitted', actor: dcc(WHO.dora), data: { requestId: request('R-1'), revisionHash: h } }, NOW);
      expect(r.state.requests.get(request('R-1'))?.participants.map((p) => p.role)).to.deep.equal(['requester', 'requester']);
    });
  });
});
