// An entry is checked and canonicalized once, by whoever decides the change (encodeLogEntry); the
// log appends those bytes as they are and refuses look-alikes.
import { expect } from 'chai';
import { decideEntry, emptyState, toPersonId } from '../../approvals/index.ts';
import { encodeLogEntry, isEncodedEntry } from '../../audit/entry.ts';
import { auditErrorCode } from '../helpers/audit-errors.ts';

const AT = new Date('2026-11-28T12:00:00Z');

describe('encoded entries', () => {
  it('are made only by encodeLogEntry', () => {
    const entry = { time: AT.toISOString(), actor: { id: 'a', role: 'admin' }, action: 'x.done', subject: { type: 'x', id: '1' }, data: {} };
    const encoded = encodeLogEntry(entry);
    expect(isEncodedEntry(encoded)).to.equal(true);
    expect(isEncodedEntry({ entry, bytes: encoded.bytes })).to.equal(false);
    expect(encoded.bytes.toString('utf8')).to.equal('{"action":"x.done","actor":{"id":"a","role":"admin"},"data":{},"subject":{"id":"1","type":"x"},"time":"2026-11-28T12:00:00.000Z"}');
  });

  it('are checked when made: an invalid entry never becomes one', () => {
    expect(auditErrorCode(() => encodeLogEntry({ time: 'yesterday', actor: { id: 'a', role: 'admin' }, action: 'x', subject: { type: 'x', id: '1' }, data: {} }))).to.equal('entry-invalid');
  });

  it('are what an approvals decision returns: its event read back from exactly those bytes', () => {
    const command = { action: 'roster.person_added', actor: { id: 'sec', role: 'secretariat' }, data: { personId: toPersonId('p-1'), name: 'Pat' } } as const;
    const { event, entry } = decideEntry(emptyState(), command, AT);
    expect(isEncodedEntry(entry)).to.equal(true);
    expect(JSON.parse(entry.bytes.toString('utf8'))).to.deep.equal({ ...event, subject: { type: 'person', id: 'p-1' } });
  });
});
