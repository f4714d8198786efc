import { expect } from 'chai';
import fc from 'fast-check';
import { NO_CASTING_VOTES, VOTE_SUBJECTS, tally, toPersonId, toRevisionHash } from '../../approvals/index.ts';
import type { CastingVotes, PolicyTerms, RecusalReason, TallyInput, TallyMember, TallyVote, VoteChoice, VoteSubject } from '../../approvals/index.ts';
import { RECUSAL_REASONS } from '../../approvals/index.ts';

const H1 = toRevisionHash('1'.repeat(64));
const H2 = toRevisionHash('2'.repeat(64));
const PEOPLE = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'].map(toPersonId);
const OUTSIDERS = ['x0', 'x1'].map(toPersonId);

const member = fc.record({ personId: fc.constantFrom(...PEOPLE), recusal: fc.option(fc.constantFrom<RecusalReason>(...RECUSAL_REASONS), { freq: 3 }) });
const voteArb = fc.record({
  voterId: fc.constantFrom(...PEOPLE, ...OUTSIDERS),
  revisionHash: fc.constantFrom(H1, H1, H1, H2),
  subject: fc.constantFrom<VoteSubject>(...VOTE_SUBJECTS),
  choice: fc.constantFrom<VoteChoice>('approve', 'reject', 'abstain'),
});
const direction = fc.option(fc.constantFrom<'approve' | 'reject'>('approve', 'reject'));
const castingArb: fc.Arbitrary<CastingVotes> = fc.record({ transfer: direction, mechanism: direction, recipient_security: direction });
const rulesArb: fc.Arbitrary<Pick<PolicyTerms, 'quorum' | 'threshold' | 'castingVote'>> = fc.record({
  quorum: fc.oneof(
    fc.record({ kind: fc.constant('count' as const), count: fc.integer({ min: 1, max: 6 }) }),
    fc.integer({ min: 1, max: 4 }).chain((d) => fc.record({ kind: fc.constant('fraction' as const), numerator: fc.integer({ min: 1, max: d }), denominator: fc.constant(d) })),
  ),
  threshold: fc.oneof(
    fc.constant({ kind: 'simple_majority' as const }),
    fc.constantFrom({ kind: 'qualified_majority' as const, numerator: 2, denominator: 3 }, { kind: 'qualified_majority' as const, numerator: 3, denominator: 4 }),
  ),
  castingVote: fc.boolean(),
});
const inputArb: fc.Arbitrary<TallyInput> = fc.record({
  revisionHash: fc.constant(H1),
  members: fc.array(member, { maxLength: 10 }),
  votes: fc.array(voteArb, { maxLength: 40 }),
  rules: rulesArb,
  castingVotes: castingArb,
});
const RUNS = { numRuns: 300 };

/** Members counted: listed, and never listed with a recusal. */
function countedOf(members: readonly TallyMember[]): Set<string> {
  const recused = new Set(members.filter((m) => m.recusal !== null).map((m) => m.personId));
  return new Set(members.map((m) => m.personId).filter((id) => !recused.has(id)));
}

/** A naive reference count: the last vote on H1 per counted person and subject. */
function referenceCounts(input: TallyInput, subject: VoteSubject): Record<VoteChoice, number> {
  const counted = countedOf(input.members);
  const last = new Map<string, VoteChoice>();
  input.votes.forEach((v) => {
    if (v.revisionHash === input.revisionHash && v.subject === subject && counted.has(v.voterId)) last.set(v.voterId, v.choice);
  });
  const counts = { approve: 0, reject: 0, abstain: 0 };
  for (const c of last.values()) counts[c]++;
  return counts;
}

/**
 * The quorum rule as the policy states it (approvals/model/policy.ts), written without the
 * tally's ceiling arithmetic: at least one vote, and at least `count` votes, or at least the
 * fraction numerator/denominator of the quorum base (compared exactly, as cross-multiplied
 * integers). Abstentions count towards it.
 */
function quorumHolds(rule: PolicyTerms['quorum'], base: number, cast: number): boolean {
  if (cast < 1) return false;
  return rule.kind === 'count' ? cast >= rule.count : cast * rule.denominator >= rule.numerator * base;
}

describe('tally', () => {
  context('as a property over random members, votes and policies', () => {
    it('never approves a subject, or the request, without quorum', () => {
      fc.assert(fc.property(inputArb, (input) => {
        const t = tally(input);
        const base = countedOf(input.members).size;
        const holds = (subject: VoteSubject): boolean => {
          const ref = referenceCounts(input, subject);
          return quorumHolds(input.rules.quorum, base, ref.approve + ref.reject + ref.abstain);
        };
        for (const s of t.subjects) {
          if (s.outcome === 'approved' || s.outcome === 'rejected') expect(holds(s.subject), s.subject).to.equal(true);
          expect(s.quorumMet, s.subject).to.equal(holds(s.subject));
        }
        if (t.outcome === 'approved') expect(VOTE_SUBJECTS.every(holds)).to.equal(true);
        if (!VOTE_SUBJECTS.every(holds)) expect(t.outcome).to.equal('no_quorum');
      }), RUNS);
    });

    it('counts each person once, with their latest vote, matching a naive count', () => {
      fc.assert(fc.property(inputArb, (input) => {
        const t = tally(input);
        for (const s of t.subjects) {
          const ref = referenceCounts(input, s.subject);
          expect([s.approve, s.reject, s.abstain]).to.deep.equal([ref.approve, ref.reject, ref.abstain]);
          expect(s.cast).to.be.at.most(t.quorumBase);
        }
        expect(new Set(t.members).size).to.equal(t.members.length);
        expect(tally({ ...input, votes: [...input.votes, ...input.votes], members: [...input.members, ...input.members] })).to.deep.equal(t);
      }), RUNS);
    });

    it('never counts recused members, and they leave the quorum base', () => {
      fc.assert(fc.property(inputArb, fc.array(voteArb, { maxLength: 10 }), (input, extra) => {
        const t = tally(input);
        const recused = new Set(t.recused.map((r) => r.personId));
        for (const id of recused) expect(t.members).to.not.include(id);
        expect(t.quorumBase).to.equal(countedOf(input.members).size);
        const byRecused: TallyVote[] = extra.filter((v) => recused.has(v.voterId));
        expect(tally({ ...input, votes: [...input.votes, ...byRecused] })).to.deep.equal(t);
      }), RUNS);
    });

    it('uses a casting vote only on a tie, and only when the policy enables it', () => {
      fc.assert(fc.property(inputArb, (input) => {
        const t = tally(input);
        const without = tally({ ...input, castingVotes: NO_CASTING_VOTES });
        t.subjects.forEach((s, i) => {
          if (s.castingVote !== null) {
            expect(s.tie && input.rules.castingVote && input.rules.threshold.kind === 'simple_majority').to.equal(true);
            expect(s.approve).to.equal(s.reject);
            expect(s.outcome).to.equal(s.castingVote === 'approve' ? 'approved' : 'rejected');
          } else {
            expect(s.outcome).to.equal(without.subjects[i]?.outcome);
          }
        });
        if (!input.rules.castingVote) expect(t).to.deep.equal(without);
      }), RUNS);
    });
  });

  context('when counting by hand', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'].map(toPersonId);
    const base = (votes: [string, VoteChoice][], rules: Partial<TallyInput['rules']> = {}, casting: CastingVotes = NO_CASTING_VOTES) =>
      tally({
        revisionHash: H1,
        members: ids.map((personId) => ({ personId, recusal: null })),
        votes: votes.flatMap(([id, choice]) => VOTE_SUBJECTS.map((subject) => ({ voterId: toPersonId(id), revisionHash: H1, subject, choice }))),
        rules: { quorum: { kind: 'count', count: 3 }, threshold: { kind: 'simple_majority' }, castingVote: false, ...rules },
        castingVotes: casting,
      });

    it('counts abstentions towards the quorum but not the majority', () => {
      const t = base([['a', 'approve'], ['b', 'abstain'], ['c', 'abstain']]);
      expect(t.quorumMet).to.equal(true);
      expect(t.outcome).to.equal('approved');
    });

    it('finds no quorum with too few votes cast', () => {
      expect(base([['a', 'approve'], ['b', 'approve']]).outcome).to.equal('no_quorum');
    });

    it('rejects on a tie without a casting vote, and lets the chair decide it when enabled', () => {
      const tied: [string, VoteChoice][] = [['a', 'approve'], ['b', 'reject'], ['c', 'abstain']];
      expect(base(tied).outcome).to.equal('rejected');
      const all = { transfer: 'approve', mechanism: 'approve', recipient_security: 'approve' } as const;
      expect(base(tied, {}, all).outcome).to.equal('rejected');
      expect(base(tied, { castingVote: true }, all).outcome).to.equal('approved');
    });

    it('needs the qualified share of approve and reject votes', () => {
      const votes: [string, VoteChoice][] = [['a', 'approve'], ['b', 'approve'], ['c', 'reject']];
      expect(base(votes, { threshold: { kind: 'qualified_majority', numerator: 2, denominator: 3 } }).outcome).to.equal('approved');
      expect(base(votes, { threshold: { kind: 'qualified_majority', numerator: 3, denominator: 4 } }).outcome).to.equal('rejected');
    });

    it('computes a fractional quorum on the base left after recusal', () => {
      const t = tally({
        revisionHash: H1,
        members: ids.map((personId, i) => ({ personId, recusal: i < 2 ? ('declared_conflict' as const) : null })),
        votes: [],
        rules: { quorum: { kind: 'fraction', numerator: 1, denominator: 2 }, threshold: { kind: 'simple_majority' }, castingVote: false },
        castingVotes: NO_CASTING_VOTES,
      });
      expect([t.quorumBase, t.quorumRequired]).to.deep.equal([3, 2]);
    });
  });
});
