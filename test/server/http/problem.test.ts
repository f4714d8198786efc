import { expect } from 'chai';
import type { NextFunction, Request, Response } from 'express';
import { problemMiddleware } from '../../../server/http/problem.ts';
import { isToldToCaller } from '../../../server/errors/row.ts';
import { ERROR_CASES } from '../errors/error-cases.ts';

interface Answer {
  status?: number;
  type?: string;
  body?: Record<string, unknown>;
  headers: Record<string, string>;
}

/** Just enough of Express's response for the middleware, recording what it answered. */
function fakeResponse(answer: Answer): Response {
  const res = {
    status(s: number) { answer.status = s; return res; },
    type(t: string) { answer.type = t; return res; },
    json(b: Record<string, unknown>) { answer.body = b; return res; },
    set(name: string, value: string) { answer.headers[name] = value; return res; },
  };
  return res as unknown as Response;
}

function answerTo(err: unknown): { answer: Answer; logged: number } {
  const answer: Answer = { headers: {} };
  let logged = 0;
  const middleware = problemMiddleware({ error: () => void logged++ });
  void middleware(err, { originalUrl: '/api/v1/x' } as Request, fakeResponse(answer), (() => undefined) as NextFunction);
  return { answer, logged };
}

describe('problemMiddleware', () => {
  it('answers every code of every module with the error table’s status and title', () => {
    for (const { module, code, row, error } of ERROR_CASES.filter((c) => isToldToCaller(c.row.status))) {
      const { answer, logged } = answerTo(error);
      expect(answer.status, `${module} ${code}`).to.equal(row.status);
      expect(answer.type).to.equal('application/problem+json');
      expect(answer.body).to.deep.include({ type: `urn:keygate:problem:${code}`, title: row.title, status: row.status, code, detail: `refused: ${code} (test)` });
      expect(logged, 'a refusal is not logged as a failure').to.equal(0);
    }
  });

  it('answers the table’s 500 codes with a generic 500 that names the code, and logs them', () => {
    for (const { module, code, error } of ERROR_CASES.filter((c) => !isToldToCaller(c.row.status))) {
      const { answer, logged } = answerTo(error);
      expect(answer.status, `${module} ${code}`).to.equal(500);
      expect(answer.body).to.deep.include({ title: 'internal error', code });
      expect(String(answer.body?.detail)).to.match(/^internal error; correlation id /).and.not.to.contain('(test)');
      expect(logged).to.equal(1);
    }
  });

  it('answers an undeclared error as internal, logged in full', () => {
    const { answer, logged } = answerTo(new Error('a bug'));
    expect([answer.status, answer.body?.code, logged]).to.deep.equal([500, 'internal', 1]);
  });
});
