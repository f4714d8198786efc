import { expect } from 'chai';
import { encodeEntry } from '../../audit/entry.ts';
import { EVENT_ACTIONS, checkEvent, emptyState, eventSubject, eventToLogEntry, isApprovalAction, parseEvent } from '../../approvals/index.ts';
import { recordCast } from './cast.ts';
import { codeOf } from './fixtures.ts';
import { runDspRejected, runTcosToEcos } from './scenarios.ts';

const rec = recordCast();
runTcosToEcos(rec);
runDspRejected(rec);
const entries = rec.events.map((e) => JSON.parse(JSON.stringify(eventToLogEntry(e))) as Record<string, unknown> & { data: Record<string, unknown> });
const sample = (action: string) => {
  const found = entries.find((e) => e.action === action);
  if (found === undefined) throw new Error(`no ${action} in the scenarios`);
  return found;
};

describe('approval events as log entries', () => {
  it('uses an action known to approvals, under an approvals prefix, for every event', () => {
    for (const action of EVENT_ACTIONS) expect(isApprovalAction(action), action).to.equal(true);
  });

  it('exercises most actions in the scenarios', () => {
    const seen = new Set(rec.events.map((e) => e.action));
    const unseen = EVENT_ACTIONS.filter((a) => !seen.has(a));
    expect(unseen.sort()).to.deep.equal(['appointment.clearance_deadline_extended', 'appointment.clearance_granted', 'appointment.terminated', 'credential.revoked', 'provider.status_changed', 'request.advice_waived', 'request.expired', 'request.obligation_overdue', 'request.closed_no_decision', 'request.adjourned', 'request.revoked', 'request.withdrawn', 'roster.affiliation_ended', 'roster.membership_ended'].sort());
  });

  it('makes entries the audit log accepts, with the subject named by the data', () => {
    for (const event of rec.events) {
      const entry = eventToLogEntry(event);
      expect(() => encodeEntry(entry)).to.not.throw();
      expect(entry.subject).to.deep.equal(eventSubject(event));
      expect(entry.time).to.equal(event.time);
    }
  });

  context('when an entry is untrusted', () => {
    it('refuses an unknown action', () => {
      expect(codeOf(() => parseEvent({ ...sample('request.vote_cast'), action: 'request.vote_forged' }))).to.equal('event-malformed');
    });
    it('refuses an unknown actor role', () => {
      expect(codeOf(() => parseEvent({ ...sample('request.vote_cast'), actor: { id: 'sup-una', role: 'admin' } }))).to.equal('event-malformed');
    });
    it('refuses an extra data member instead of dropping it', () => {
      const e = sample('request.vote_cast');
      expect(codeOf(() => parseEvent({ ...e, data: { ...e.data, weight: 2 } }))).to.equal('event-malformed');
    });
    it('refuses an impossible time', () => {
      expect(codeOf(() => parseEvent({ ...sample('request.vote_cast'), time: '2026-02-30T10:00:00Z' }))).to.equal('event-malformed');
    });
    it('refuses an id outside the id alphabet', () => {
      const e = sample('roster.person_added');
      expect(codeOf(() => parseEvent({ ...e, subject: { type: 'person', id: '__proto__' }, data: { ...e.data, personId: '__proto__' } }))).to.equal('event-malformed');
    });
    it('refuses a key whose id is not its certificate key hash, through the rules', () => {
      const e = sample('key.registered');
      const other = '0'.repeat(64);
      const event = parseEvent({ ...e, subject: { type: 'key', id: other }, data: { ...e.data, keyId: other } });
      expect(codeOf(() => checkEvent(emptyState(), event))).to.equal('event-malformed');
    });
    it('refuses a non-object', () => {
      expect(codeOf(() => parseEvent('request.created'))).to.equal('event-malformed');
      expect(codeOf(() => parseEvent(null))).to.equal('event-malformed');
    });
  });
});
