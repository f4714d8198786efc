// Histories written with the log key alone: the operator can append any entry, but not sign as
// a person. Each forged entry is named by replay with the reason.
import { expect } from 'chai';
import { eventToLogEntry, replayEntries } from '../../approvals/index.ts';
import type { ApprovalEvent, Proof } from '../../approvals/index.ts';
import { P, TCOS_KEY, WHO, recordCast } from './cast.ts';
import { SECRETARIAT, fixtureAnchors, keyOf, member, person, request, revision } from './fixtures.ts';
import { toVoting, vote } from './scenarios.ts';
import { TEST_ORIGIN } from './signers.ts';

const TCOS = revision({ keyId: keyOf(TCOS_KEY), sourceProviderId: P.tcos, targetProviderId: P.ecos });

function world() {
  const rec = recordCast();
  const id = request('F-1');
  const h = toVoting(rec, id, TCOS, '2026-02-02');
  vote(rec, id, h, WHO.sam, 'transfer', 'approve', '2026-02-02T10:00:00Z');
  const other = request('F-2');
  toVoting(rec, other, TCOS, '2026-02-03');
  return { rec, id, other };
}

/** Replays the log with its last entry replaced by `forged`; the violations of that entry. */
function replayWithLast(events: readonly ApprovalEvent[], forged: ApprovalEvent) {
  const entries = [...events.slice(0, -1), forged].map((e) => JSON.parse(JSON.stringify(eventToLogEntry(e))) as unknown);
  const { violations } = replayEntries(entries, { origin: TEST_ORIGIN, anchors: fixtureAnchors() });
  return violations.map((v) => [v.index, v.code]);
}

describe('replay of a history forged with the log key alone', () => {
  const { rec, other } = world();
  const voteIndex = rec.events.findIndex((e) => e.action === 'request.vote_cast');
  const signedVote = rec.events[voteIndex] as ApprovalEvent & { data: { signature: Proof; choice: string } };
  const upToVote = rec.events.slice(0, voteIndex + 1);

  it('passes the honest history', () => {
    expect(replayWithLast(upToVote, signedVote)).to.deep.equal([]);
  });

  it('names a vote changed after signing (statement says approve, entry says reject)', () => {
    expect(replayWithLast(upToVote, { ...signedVote, data: { ...signedVote.data, choice: 'reject' } } as ApprovalEvent)).to.deep.equal([[voteIndex, 'signature-mismatch']]);
  });

  it('names a vote with no signature', () => {
    expect(replayWithLast(upToVote, { ...signedVote, data: { ...signedVote.data, signature: null } } as ApprovalEvent)).to.deep.equal([[voteIndex, 'signature-missing']]);
  });

  it("names a vote signed with another person's credential", () => {
    const foreign = rec.signers.proof(signedVote, signedVote.time, WHO.dan);
    expect(replayWithLast(upToVote, { ...signedVote, data: { ...signedVote.data, signature: foreign } } as ApprovalEvent)).to.deep.equal([[voteIndex, 'signature-foreign']]);
  });

  it('names a statement replayed onto another request', () => {
    const moved = { ...signedVote, data: { ...signedVote.data, requestId: other, revisionHash: rec.state.requests.get(other)!.revisions[0]!.hash } } as ApprovalEvent;
    const violations = replayWithLast([...rec.events, moved], moved);
    expect(violations).to.deep.equal([[rec.events.length, 'signature-mismatch']]);
  });

  it('names a statement used twice', () => {
    expect(replayWithLast([...upToVote, signedVote], signedVote)).to.deep.equal([[voteIndex + 1, 'signature-replayed']]);
  });

  it('names a credential "enrolled" by an admin for someone else', () => {
    const enrolment = rec.signers.enrolment(member(WHO.nia), '2026-02-02T10:00:00Z');
    const forged = { time: '2026-02-02T10:00:00.000Z', actor: SECRETARIAT, action: 'credential.enrolled', data: { ...enrolment.data, personId: person(WHO.nia), fingerprint: '0000-0000-0000-0000', approval: null } } as unknown as ApprovalEvent;
    const violations = replayWithLast([...upToVote, forged], forged);
    expect(violations).to.deep.equal([[voteIndex + 1, 'credential-not-own']]);
  });
});
