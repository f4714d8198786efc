// REFUSALS, the codes the API documents per command, against what the rules really throw: every
// action is decided many times, in every state the two scenarios pass through, with actors, ids,
// revisions and times drawn from the cast (known, unknown, stale, early and late), and each
// refusal's code must be in the action's list.
import { expect } from 'chai';
import fc from 'fast-check';
import { ADVICE_POSITIONS, ApprovalError, BODIES, EVENT_ACTIONS, MEMBER_ROLES, PROVIDER_KINDS, PROVIDER_STATUSES, REFUSALS, TERMINATION_BASES, VOTE_CHOICES, VOTE_SUBJECTS, applyEvent, commandDataSchemaOf, currentRevision, decide, emptyState } from '../../approvals/index.ts';
import type { ApprovalState, Command, EventAction } from '../../approvals/index.ts';
import { DSP_KEY, P, SETUP_TIME, TCOS_KEY, WHO, recordCast } from './cast.ts';
import { POLICY, Recorder, SECRETARIAT, SYSTEM, appointment, certificate, certificateDer, condition, day, dcc, doc, instant, keyOf, member, pmaChair, provider, request, revision, sha256, sscChair, version } from './fixtures.ts';
import { runDspRejected, runTcosToEcos } from './scenarios.ts';
import { Signers } from './signers.ts';

/** The state before the cast, and after each event of the cast and both scenarios. */
function scenarioStates(): { states: ApprovalState[]; signers: Signers } {
  const rec = recordCast();
  // Everyone's key is enrolled at setup, so a signed command gets past the signature checks.
  for (const id of Object.values(WHO)) rec.enrol(member(id), SETUP_TIME);
  runTcosToEcos(rec);
  runDspRejected(rec);
  const states = [emptyState()];
  for (const event of rec.events) states.push(applyEvent(states.at(-1)!, event));
  return { states, signers: rec.signers };
}

const SOME_KEY = new Signers().keyOf('someone');
const SOME_PROOF = { credentialId: SOME_KEY.credential.credentialId, statement: '{}', signature: 'AAAA' };

const REQUESTS = [request('REQ-2026-001'), request('REQ-2026-002'), request('REQ-unknown')];
const PEOPLE = [...Object.values(WHO), 'nobody'];
const PROVIDERS = [...Object.values(P), provider('nowhere')];
const DAYS = ['2025-10-01', '2026-01-10', '2026-03-01', '2027-03-01'].map(day);
const TIMES = ['2025-12-01T09:00:00Z', '2026-02-11T11:00:00Z', '2026-03-02T12:00:00Z', '2026-03-26T09:00:00Z', '2026-06-01T09:00:00Z'];

/** Who may take each action: drawn most of the time, so that commands get past the actor checks. */
function rightActors(action: EventAction) {
  if (!action.startsWith('request.')) return [SECRETARIAT];
  if (action === 'request.expired') return [SYSTEM];
  if (action === 'request.advice_recorded') return [sscChair(WHO.sol)];
  if (action === 'request.vote_cast' || action === 'request.conflict_declared') return [WHO.sam, WHO.una, WHO.vic, WHO.nia, WHO.eve, WHO.wes].map(member);
  if (['request.created', 'request.amended', 'request.submitted', 'request.withdrawn', 'request.executed'].includes(action)) return [dcc(WHO.dan), dcc(WHO.dora)];
  return [pmaChair(WHO.clara)];
}

const ANY_ACTOR = fc.constantFrom(
  SECRETARIAT,
  SYSTEM,
  dcc(WHO.dan),
  dcc(WHO.dora),
  dcc(WHO.sam),
  pmaChair(WHO.clara),
  pmaChair(WHO.sol),
  sscChair(WHO.sol),
  member(WHO.sam),
  member(WHO.eve),
  member(WHO.wes),
  member(WHO.dan),
  member('nobody'),
);

const TCOS_REVISION = revision({ keyId: keyOf(TCOS_KEY), sourceProviderId: P.tcos, targetProviderId: P.ecos });
const REVISIONS = [
  TCOS_REVISION,
  revision({ keyId: keyOf(DSP_KEY), sourceProviderId: P.dsp, targetProviderId: P.dspNext }),
  revision({ keyId: keyOf(TCOS_KEY), sourceProviderId: P.tcos, targetProviderId: P.tcos }),
  revision({ keyId: keyOf('spki:unknown'), sourceProviderId: P.tcos, targetProviderId: P.ecos }),
  { ...TCOS_REVISION, executionWindow: { from: instant('2026-03-20T00:00:00Z'), until: instant('2026-03-01T00:00:00Z') } },
  { ...TCOS_REVISION, executionWindow: { from: instant('2027-03-01T00:00:00Z'), until: instant('2027-03-05T00:00:00Z') } },
  { ...TCOS_REVISION, attachments: [doc('a.pdf'), doc('a.pdf')] },
];
const CERTIFICATES = [certificate(TCOS_KEY), certificate(DSP_KEY), certificate('spki:new'), certificate('spki:new-2', { transferable: false }), certificate('spki:new-3', { valid: false })];
const DOCS = fc.constantFrom([], [doc('evidence.pdf')]);

/** A value for each member of the command data, by its name; revision hashes come from the state. */
function memberArbitraries(action: EventAction, state: ApprovalState): Record<string, fc.Arbitrary<unknown>> {
  const hashes = [...state.requests.values()].flatMap((r) => r.revisions.map((v) => v.hash));
  const current = [...state.requests.values()].map((r) => currentRevision(r).hash);
  const revisionHash = current.length === 0 ? fc.constant(sha256('not a revision')) : fc.oneof({ arbitrary: fc.constantFrom(...current), weight: 4 }, { arbitrary: fc.constantFrom(...hashes, sha256('not a revision')), weight: 1 });
  return {
    personId: fc.constantFrom(...PEOPLE),
    name: fc.constant('A Name'),
    body: fc.constantFrom(...BODIES),
    role: fc.constantFrom(...MEMBER_ROLES),
    specialist: fc.boolean(),
    organisation: fc.oneof(fc.constant({ type: 'dcc' }), fc.constantFrom(...PROVIDERS).map((providerId) => ({ type: 'provider', providerId }))),
    appointmentId: fc.constantFrom(appointment('pma-chair-2025'), appointment('ssc-chair-2025'), appointment('chair-new')),
    appointedOn: fc.constantFrom(...DAYS),
    date: fc.constantFrom(...DAYS),
    startedOn: fc.constantFrom(...DAYS),
    heldOn: fc.constantFrom(...DAYS),
    until: fc.constantFrom(...DAYS),
    on: fc.constantFrom(...DAYS),
    clearance: fc.oneof(fc.constant({ status: 'not_held' }), fc.constantFrom(...DAYS).map((heldOn) => ({ status: 'held', heldOn }))),
    reference: fc.constant('REF-1'),
    basis: fc.constantFrom(...TERMINATION_BASES),
    providerId: fc.constantFrom(...PROVIDERS),
    holderId: fc.constantFrom(...PROVIDERS),
    kind: fc.constantFrom(...PROVIDER_KINDS),
    status: fc.constantFrom(...PROVIDER_STATUSES),
    certificate: fc.constantFrom(...CERTIFICATES),
    recipientCertificate: fc.constantFrom(...CERTIFICATES),
    version: fc.integer({ min: 1, max: 3 }).map(version),
    terms: fc.constantFrom(POLICY, { ...POLICY, quorum: { kind: 'fraction', numerator: 3, denominator: 2 } }, { ...POLICY, threshold: { kind: 'qualified_majority', numerator: 1, denominator: 3 } }),
    requestId: fc.constantFrom(...REQUESTS),
    revision: fc.constantFrom(...REVISIONS),
    revisionHash,
    position: fc.constantFrom(...ADVICE_POSITIONS),
    text: fc.constant('The text of the advice.'),
    conditions:
      action === 'request.decided'
        ? fc.constantFrom(
            [],
            [{ conditionId: condition('C1'), text: 'The first condition.' }],
            [{ conditionId: condition('C1'), text: 'The first condition.' }, { conditionId: condition('C1'), text: 'The same condition again.' }],
            [{ conditionId: condition('C1'), text: 'Before the transfer.', phase: 'before_execution' as const }, { conditionId: condition('C2'), text: 'After the transfer.', phase: 'after_execution' as const, dueWithinHours: 24 }],
            [{ conditionId: condition('C1'), text: 'After, no deadline.', phase: 'after_execution' as const }],
          )
        : fc.constantFrom([], ['A condition.']),
    documents: DOCS,
    evidence: DOCS,
    reason: fc.constant('A reason for it.'),
    questions: fc.constant('A question?'),
    note: fc.constant('A note.'),
    reasons: fc.constant('Reasons.'),
    decisionReference: fc.constant('PMA-1'),
    subject: fc.constantFrom(...VOTE_SUBJECTS),
    choice: fc.constantFrom(...VOTE_CHOICES),
    castingVotes: fc.constantFrom(undefined, { transfer: 'approve', mechanism: null, recipient_security: null }),
    departureReason: fc.constantFrom(null, 'Because of the assessment.'),
    conditionId: fc.constantFrom(condition('C1'), condition('C2'), condition('C9')),
    executedAt: fc.constantFrom(...TIMES).map(instant),
    dueAt: fc.constantFrom(...TIMES).map(instant),
    meeting: fc.constant({ name: 'PMA meeting 42', date: '2026-03-01' }),
    // Signed by the actor as a client would (see refusalOf), or left unsigned.
    signature: fc.oneof({ arbitrary: fc.constant(undefined), weight: 9 }, { arbitrary: fc.constant(null), weight: 1 }),
    credential: fc.constant(SOME_KEY.credential),
    approval: fc.constantFrom(undefined, SOME_PROOF),
    credentialId: fc.constant(SOME_KEY.credential.credentialId),
    certificateDer: fc.constant(certificateDer(TCOS_KEY)),
    recipientCertificateDer: fc.constant(certificateDer(TCOS_KEY)),
    sha256: fc.constantFrom(doc('evidence.pdf').sha256, doc('other.pdf').sha256),
    size: fc.constantFrom(0, 1024, 2048),
    mediaType: fc.constant('application/pdf'),
  };
}

function commandArbitrary(action: EventAction, state: ApprovalState): fc.Arbitrary<Command> {
  const members = memberArbitraries(action, state);
  // The certificates a record was derived from are the server's to add (not an HTTP member); the rules do not read them.
  const derived = action === 'key.registered' ? ['certificateDer'] : action === 'request.executed' ? ['recipientCertificateDer'] : [];
  const keys = [...Object.keys(commandDataSchemaOf(action).shape), ...derived];
  const missing = keys.filter((k) => !(k in members));
  if (missing.length > 0) throw new Error(`no values for ${action} ${missing.join(', ')}`);
  const data = fc.record(Object.fromEntries(keys.map((k) => [k, members[k]!]))).map((d) => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)));
  const actor = fc.oneof({ arbitrary: fc.constantFrom(...rightActors(action)), weight: 4 }, { arbitrary: ANY_ACTOR, weight: 1 });
  return fc.record({ action: fc.constant(action), actor, data }) as unknown as fc.Arbitrary<Command>;
}

/** The code of the refusal, or null when the command was accepted. */
function refusalOf(state: ApprovalState, command: Command, time: string, signers: Signers): string | null {
  try {
    const signed = command.action === 'credential.enrolled' ? { ...command, data: { ...command.data, signature: SOME_PROOF } } : signers.sign(command, time);
    decide(state, signed as Command, new Date(time), { origin: signers.origin });
    return null;
  } catch (err) {
    if (!(err instanceof ApprovalError)) throw err;
    return err.code;
  }
}

/** Actions whose deeper rules need a rare state (approved, conditions met) and a late time: more runs. */
const RUNS: Partial<Record<EventAction, number>> = { 'request.executed': 4000, 'request.vote_cast': 800, 'request.decided': 800 };

describe('REFUSALS, the refusal codes of each action', () => {
  const { states, signers } = scenarioStates();
  const seen = new Map<EventAction, Set<string>>();

  for (const action of EVENT_ACTIONS) {
    it(`holds every refusal of ${action} met in the scenarios' states`, () => {
      const observed = seen.get(action) ?? new Set<string>();
      seen.set(action, observed);
      fc.assert(
        fc.property(fc.nat({ max: states.length - 1 }).chain((i) => fc.tuple(fc.constant(i), commandArbitrary(action, states[i]!), fc.constantFrom(...TIMES))), ([i, command, time]) => {
          const code = refusalOf(states[i]!, command, time, signers);
          if (code === null) return;
          observed.add(code);
          expect(REFUSALS[action], `${action} refused with ${code}`).to.include(code);
        }),
        // A fixed seed: the check below of which refusals were reached must not depend on luck.
        { numRuns: RUNS[action] ?? 400, seed: 9 },
      );
    });
  }

  it('reached the rules behind the checklist, not only the first refusals of each action', () => {
    const reached = (action: EventAction, codes: readonly string[]) => expect([...(seen.get(action) ?? [])], action).to.include.members(codes);
    reached('roster.membership_started', ['membership-invalid', 'membership-exists']);
    reached('request.created', ['window-passed', 'window-too-far', 'request-same-provider', 'key-unknown', 'attachment-duplicate']);
    reached('key.registered', ['key-not-transferable', 'key-certificate-invalid']);
    reached('request.vote_cast', ['voter-recused', 'revision-stale', 'voter-not-eligible']);
    reached('request.decided', ['quorum-not-met', 'casting-vote-not-allowed', 'condition-invalid']);
    reached('request.executed', ['execution-outside-window', 'execution-in-future']);
    expect(REFUSALS['roster.person_added']).to.deep.equal(['actor-role-not-allowed', 'command-invalid', 'person-exists']);
  });
});

// A recorder proves the fixtures decide at all: without it every command would be refused.
describe('the states REFUSALS is checked in', () => {
  it('include an approved request with open conditions and an executed one', () => {
    const rec = new Recorder();
    recordCast(rec);
    runTcosToEcos(rec);
    const states = [...rec.events.keys()].map((n) => rec.events.slice(0, n + 1).reduce(applyEvent, emptyState()));
    expect(states.some((s) => s.requests.get(request('REQ-2026-001'))?.state === 'approved')).to.equal(true);
    expect(rec.state.requests.get(request('REQ-2026-001'))?.state).to.equal('completed');
  });
});
