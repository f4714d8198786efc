import { expect } from 'chai';
import { ApprovalError } from '../../../approvals/index.ts';
import { ApiError } from '../../../server/cli/api-client.ts';
import { UsageError, reportError } from '../../../server/cli/report-error.ts';
import { ERROR_CASES } from '../errors/error-cases.ts';

const STACK_LINE = /\n\s+at /;

function report(err: unknown, exits?: Parameters<typeof reportError>[2]): { code: number; text: string } {
  let text = '';
  const stderr = { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream;
  return { code: reportError(err, stderr, exits), text };
}

describe('reportError', () => {
  it('prints every code of every module as one line with its code, exit 1, never a stack trace', () => {
    for (const { module, code, error } of ERROR_CASES) {
      expect(report(error), `${module} ${code}`).to.deep.equal({ code: 1, text: `keygate: ${code}: refused: ${code} (test)\n` });
    }
  });

  context('when an approval refusal reaches it (it used to print "unexpected error" with a stack)', () => {
    it('prints the rules’ code and message in one line', () => {
      const r = report(new ApprovalError('voter-not-eligible', 'dcc-dan is not a PMA member'));
      expect(r).to.deep.equal({ code: 1, text: 'keygate: voter-not-eligible: dcc-dan is not a PMA member\n' });
    });
  });

  it('prints usage errors without a code, exit 2', () => {
    expect(report(new UsageError('give exactly one of --fingerprint and --cert'))).to.deep.equal({ code: 2, text: 'keygate: give exactly one of --fingerprint and --cert\n' });
  });

  it('relays the server’s problem code', () => {
    expect(report(new ApiError(409, 'advice-already-recorded', 'the SSC has advised on this revision'))).to.deep.equal({ code: 1, text: 'keygate: advice-already-recorded: the SSC has advised on this revision\n' });
  });

  it('prints a file the system cannot open as one line', () => {
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open 'x.pem'"), { code: 'ENOENT', syscall: 'open' });
    expect(report(enoent)).to.deep.equal({ code: 1, text: "keygate: ENOENT: no such file or directory, open 'x.pem'\n" });
  });

  it('prints an undeclared error (a bug) with its stack trace', () => {
    const r = report(new TypeError('x is undefined'));
    expect(r.code).to.equal(1);
    expect(r.text).to.match(/^keygate: unexpected error\nTypeError: x is undefined/).and.to.match(STACK_LINE);
  });

  it('takes the exit codes a command documents', () => {
    const exits = { usage: 2, known: 2, unexpected: 70 };
    expect(report(new UsageError('bad --at'), exits).code).to.equal(2);
    expect(report(ERROR_CASES.find((c) => c.code === 'not-a-certificate')!.error, exits).code).to.equal(2);
    expect(report(new Error('bug'), exits).code).to.equal(70);
  });
});
