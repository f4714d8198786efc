import { expect } from 'chai';
import fc from 'fast-check';
import { encodeEntry, entryProblem, logEntrySchema, MAX_ENTRY_BYTES, parseEntry } from '../../audit/entry.ts';
import type { LogEntry } from '../../audit/entry.ts';
import { auditErrorCode } from '../helpers/audit-errors.ts';

const VALID: LogEntry = {
  time: '2026-11-28T12:00:00.000Z',
  actor: { id: 'dcc-dan', role: 'dcc' },
  action: 'request.submitted',
  subject: { type: 'transfer-request', id: 'REQ-1' },
  data: { b: [1, 'two', null, true, { z: 1, a: 2 }], a: 'x' },
};

const codeOf = auditErrorCode;

describe('log entry codec', () => {
  it('encodes with RFC 8785 canonical JSON: sorted members, no whitespace', () => {
    expect(encodeEntry(VALID).toString()).to.equal(
      '{"action":"request.submitted","actor":{"id":"dcc-dan","role":"dcc"},"data":{"a":"x","b":[1,"two",null,true,{"a":2,"z":1}]},"subject":{"id":"REQ-1","type":"transfer-request"},"time":"2026-11-28T12:00:00.000Z"}',
    );
  });

  it('escapes control characters, so an entry never holds a raw newline', () => {
    const bytes = encodeEntry({ ...VALID, data: { text: 'line 1\nline 2\r\u2028' } });
    expect(bytes.includes(0x0a)).to.equal(false);
    expect(bytes.includes(0x0d)).to.equal(false);
  });

  it('round-trips through parseEntry, which insists on the canonical form', () => {
    expect(parseEntry(encodeEntry(VALID))).to.deep.equal(VALID);
    expect(codeOf(() => parseEntry(Buffer.from(JSON.stringify(VALID))))).to.equal('entry-invalid');
  });

  context('when the entry is not acceptable', () => {
    const cases: Array<[string, unknown]> = [
      ['a local time', { ...VALID, time: '2026-11-28T12:00:00+01:00' }],
      ['an unknown member', { ...VALID, extra: 1 }],
      ['an empty action', { ...VALID, action: '' }],
      ['an actor with an extra member', { ...VALID, actor: { id: 'a', role: 'b', c: 'd' } }],
      ['undefined inside data (JSON would drop it)', { ...VALID, data: { a: undefined } }],
      ['NaN inside data', { ...VALID, data: { a: Number.NaN } }],
      ['a Date inside data', { ...VALID, data: { a: new Date(0) } }],
      ['a lone surrogate', { ...VALID, data: { a: '\ud800' } }],
    ];
    for (const [what, entry] of cases) {
      it(`refuses ${what} with entry-invalid`, () => {
        expect(codeOf(() => encodeEntry(entry as LogEntry))).to.equal('entry-invalid');
      });
    }

    it('refuses an entry over 64 KiB with entry-too-large', () => {
      expect(codeOf(() => encodeEntry({ ...VALID, data: { blob: 'x'.repeat(MAX_ENTRY_BYTES) } }))).to.equal('entry-too-large');
    });

    it('accepts an entry of 65,535 bytes and refuses one of 65,536 (a tlog-tiles bundle length is a uint16)', () => {
      expect(MAX_ENTRY_BYTES).to.equal(65_535);
      const overhead = encodeEntry({ ...VALID, data: { blob: '' } }).length;
      expect(encodeEntry({ ...VALID, data: { blob: 'x'.repeat(65_535 - overhead) } }).length).to.equal(65_535);
      expect(codeOf(() => encodeEntry({ ...VALID, data: { blob: 'x'.repeat(65_536 - overhead) } }))).to.equal('entry-too-large');
    });
  });

  it('judges entries as the schema that reads them does (property)', () => {
    const id = fc.oneof(fc.string({ minLength: 0, maxLength: 4 }), fc.constant('x'.repeat(257)), fc.integer());
    const entry = fc.record(
      {
        time: fc.oneof(fc.constant(VALID.time), fc.string({ maxLength: 5 })),
        actor: fc.oneof(fc.record({ id, role: id }), fc.constant(null), fc.record({ id, role: id, x: id })),
        action: id,
        subject: fc.oneof(fc.record({ type: id, id }), fc.constant([])),
        data: fc.oneof(fc.jsonValue(), fc.dictionary(fc.string({ maxLength: 3 }), fc.jsonValue({ maxDepth: 3 }))),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(entry, (e) => {
        expect(entryProblem(e) === null, JSON.stringify(e)).to.equal(logEntrySchema.safeParse(e).success);
      }),
      { numRuns: 500 },
    );
  });
});
