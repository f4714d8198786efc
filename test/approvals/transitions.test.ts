import { expect } from 'chai';
import fc from 'fast-check';
import { ACTOR_OF_ACTION, ApprovalError, EVENT_ACTIONS, REQUEST_ACTIONS, REQUEST_STATES, TERMINAL_STATES, TRANSITIONS, checkTransition, isTerminal, requestActionOf, transition } from '../../approvals/index.ts';
import type { ApprovalErrorCode, RequestAction, RequestEvent, RequestState } from '../../approvals/index.ts';
import { codeOf } from './fixtures.ts';

const REFUSAL_CODES: readonly ApprovalErrorCode[] = ['state-terminal', 'transition-refused', 'request-not-approved', 'request-already-decided'];

/** The allowed transitions, written out: a change to the table must change this too. */
const ALLOWED: Record<RequestState, Partial<Record<RequestAction, RequestState>>> = {
  draft: { amend: 'draft', submit: 'submitted', withdraw: 'withdrawn' },
  submitted: { open_consultation: 'ssc_consultation', waive_advice: 'submitted', open_voting: 'voting', declare_conflict: 'submitted', request_information: 'information_requested', withdraw: 'withdrawn' },
  ssc_consultation: { record_advice: 'ssc_consultation', waive_advice: 'ssc_consultation', open_voting: 'voting', declare_conflict: 'ssc_consultation', request_information: 'information_requested', withdraw: 'withdrawn' },
  voting: {
    record_advice: 'voting', waive_advice: 'voting', declare_conflict: 'voting', cast_vote: 'voting', request_information: 'information_requested', withdraw: 'withdrawn',
    approve: 'approved', reject: 'rejected', close_no_decision: 'no_decision', adjourn: 'voting',
  },
  no_decision: { amend: 'submitted', withdraw: 'withdrawn' },
  information_requested: { amend: 'submitted', declare_conflict: 'information_requested', withdraw: 'withdrawn' },
  approved: { mark_condition_met: 'approved', execute: 'executed', expire: 'expired', revoke: 'revoked' },
  executed: { confirm_obligation: 'executed', flag_overdue: 'executed', complete: 'completed' },
  rejected: {},
  withdrawn: {},
  completed: {},
  expired: {},
  revoked: {},
};

describe('request transitions', () => {
  context('for every (state, action) pair', () => {
    for (const state of REQUEST_STATES) {
      for (const action of REQUEST_ACTIONS) {
        const expected = ALLOWED[state][action];
        it(`${state} × ${action}: ${expected === undefined ? 'refused with a code' : `allowed to ${expected}`}`, () => {
          const t = transition(state, action);
          if (expected !== undefined) {
            expect(t).to.deep.equal({ allowed: true, next: expected });
            expect(checkTransition(state, action)).to.equal(expected);
          } else {
            expect(t.allowed).to.equal(false);
            const code = codeOf(() => checkTransition(state, action));
            expect(REFUSAL_CODES).to.include(code);
            expect(t).to.deep.equal({ allowed: false, code });
          }
        });
      }
    }
  });

  it('has a row for every state and an entry for every action, and nothing else', () => {
    expect(Object.keys(TRANSITIONS).sort()).to.deep.equal([...REQUEST_STATES].sort());
    for (const state of REQUEST_STATES) expect(Object.keys(TRANSITIONS[state]).sort()).to.deep.equal([...REQUEST_ACTIONS].sort());
    expect(Object.keys(ACTOR_OF_ACTION).sort()).to.deep.equal([...REQUEST_ACTIONS].sort());
  });

  it('maps every request event but creation to an action, and every action to some event', () => {
    const reached = new Set<RequestAction>();
    for (const action of EVENT_ACTIONS.filter((a) => a.startsWith('request.') && a !== 'request.created')) {
      for (const outcome of ['approved', 'rejected']) {
        // Only `action` and, for decisions, `data.outcome` are read.
        const mapped = requestActionOf({ action, data: { outcome } } as unknown as RequestEvent);
        expect(mapped, action).to.be.oneOf([...REQUEST_ACTIONS]);
        if (mapped !== null) reached.add(mapped);
      }
    }
    // `complete` is the fold's own step (an executed request with nothing left open), never an event's.
    expect([...reached].sort()).to.deep.equal(REQUEST_ACTIONS.filter((a) => a !== 'complete').sort());
  });

  context('when the request is in a terminal state', () => {
    it('refuses every action with state-terminal', () => {
      for (const state of TERMINAL_STATES) {
        expect(isTerminal(state)).to.equal(true);
        for (const action of REQUEST_ACTIONS) expect(codeOf(() => checkTransition(state, action))).to.equal('state-terminal');
      }
    });

    it('stays terminal whatever sequence of actions follows (property)', () => {
      const walk = fc.array(fc.constantFrom(...REQUEST_ACTIONS), { maxLength: 30 });
      fc.assert(fc.property(fc.constantFrom(...REQUEST_STATES), walk, (start, actions) => {
        let state: RequestState = start;
        let terminal: RequestState | null = isTerminal(start) ? start : null;
        for (const action of actions) {
          const t = transition(state, action);
          if (terminal !== null) expect(t.allowed).to.equal(false);
          if (t.allowed) state = t.next;
          if (terminal === null && isTerminal(state)) terminal = state;
        }
        if (terminal !== null) expect(state).to.equal(terminal);
      }), { numRuns: 200 });
    });
  });

  context('when a pair is refused', () => {
    it('says which state refused which action', () => {
      try {
        checkTransition('voting', 'execute');
        expect.fail('expected a refusal');
      } catch (err) {
        expect(err).to.be.instanceOf(ApprovalError);
        expect((err as ApprovalError).code).to.equal('request-not-approved');
        expect((err as ApprovalError).evidence).to.deep.equal({ state: 'voting', action: 'execute' });
      }
    });
  });
});
