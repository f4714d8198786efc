import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { eventToLogEntry, replayEntries } from '../../approvals/index.ts';
import { TEST_ORIGIN } from './signers.ts';
import { fixtureAnchors } from './fixtures.ts';
import { recordCast } from './cast.ts';
import { runDspRejected, runTcosToEcos } from './scenarios.ts';

const APPROVALS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../approvals');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sourceFiles(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
}

/** Runs `fn` with a Date whose clock readings throw; dates built from a value still work. */
function withoutClock<T>(fn: () => T): T {
  const RealDate = globalThis.Date;
  class NoClockDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) throw new Error('the approvals core read the clock (new Date())');
      super(...(args as [string | number]));
    }
    static override now(): number {
      throw new Error('the approvals core read the clock (Date.now())');
    }
  }
  globalThis.Date = NoClockDate as DateConstructor;
  try {
    return fn();
  } finally {
    globalThis.Date = RealDate;
  }
}

describe('the approvals core and the clock', () => {
  context('when the clock cannot be read', () => {
    it('still decides both scenarios and replays them without a violation', () => {
      const result = withoutClock(() => {
        const rec = recordCast();
        runTcosToEcos(rec);
        runDspRejected(rec);
        return replayEntries(rec.events.map(eventToLogEntry), { origin: TEST_ORIGIN, anchors: fixtureAnchors() });
      });
      expect(result.violations).to.deep.equal([]);
      expect(result.state.requests.size).to.equal(2);
    });
  });

  it('has no clock reading in its source', () => {
    const readings = /Date\.now\(|new Date\(\)|performance\.now|process\.hrtime|setTimeout|setInterval/;
    const offenders = sourceFiles(APPROVALS).filter((f) => readings.test(fs.readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(APPROVALS, f))).to.deep.equal([]);
  });

  it('imports neither Express nor knex, nor any I/O module', () => {
    const forbidden = /from '(express|knex|pg|sqlite3|node:fs|node:path|node:net|node:http|fs|path)'/;
    const offenders = sourceFiles(APPROVALS).filter((f) => forbidden.test(fs.readFileSync(f, 'utf8')));
    expect(offenders).to.deep.equal([]);
  });
});
