// The OpenAPI document as a client developer meets it: a standard linter (Redocly's recommended
// rules) finds nothing; every example is accepted by the schema the route really parses with;
// each operation lists its problem codes; shared shapes are named components; and a client
// generated from it (openapi-typescript types, used through openapi-fetch) type-checks and
// talks to a running server.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { expect } from 'chai';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import type { z } from 'zod';
import { REFUSALS } from '../../../approvals/index.ts';
import type { Keygate } from '../../../server/compose.ts';
import { createApp } from '../../../server/app.ts';
import type { OpenApiDocument, OpenApiOperation, OperationDoc, SuccessResponse } from '../../../server/http/openapi.ts';
import { statusOfCode } from '../../../server/errors/describe.ts';
import { DOCUMENTED_OPERATIONS, openApiDocument } from '../../../server/http/routes/index.ts';
import { createPrincipal } from '../../helpers/auth.ts';
import { tempDir } from '../../helpers/databases.ts';
import { serve, silentLogger } from '../../helpers/http.ts';
import type { Served } from '../../helpers/http.ts';
import { openTestKeygate } from '../../helpers/keygate.ts';

function operationIn(doc: OpenApiDocument, op: OperationDoc): OpenApiOperation {
  const found = doc.paths[op.path]?.[op.method];
  if (found === undefined) throw new Error(`${op.operationId} is not in the document`);
  return found;
}

function expectAccepted(schema: z.ZodType, value: unknown, what: string): void {
  const parsed = schema.safeParse(value);
  expect(parsed.success, `${what}: ${parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') ?? ''}`).to.equal(true);
}

describe('the OpenAPI document, as a client developer uses it', () => {
  const doc = openApiDocument();

  it('passes a standard OpenAPI linter (Redocly, recommended rules) without a single problem', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`)).to.deep.equal([]);
  });

  context('the examples', () => {
    it('give every operation with a JSON body an example request the route itself accepts', () => {
      const withBody = DOCUMENTED_OPERATIONS.filter((op) => op.body?.mediaType === 'application/json');
      expect(withBody.length).to.be.greaterThan(30);
      for (const op of withBody) {
        const example = operationIn(doc, op).requestBody?.content['application/json']?.example;
        expect(example, op.operationId).to.not.equal(undefined);
        expectAccepted(op.body!.schema, example, `${op.operationId} request`);
      }
    });

    it('give every JSON response an example that its schema accepts', () => {
      const withJson = DOCUMENTED_OPERATIONS.filter((op) => op.response.schema !== undefined);
      for (const op of withJson) {
        const success = operationIn(doc, op).responses[String(op.response.status)] as SuccessResponse | undefined;
        const example = success?.content?.[op.response.mediaType!]?.example;
        expect(example, op.operationId).to.not.equal(undefined);
        expectAccepted(op.response.schema!, example, `${op.operationId} response`);
      }
    });

    it('give every path and query parameter an example its schema accepts', () => {
      for (const op of DOCUMENTED_OPERATIONS) {
        const parameters = operationIn(doc, op).parameters;
        for (const [where, schema] of [['path', op.params], ['query', op.query]] as const) {
          if (schema === undefined) continue;
          const values = Object.fromEntries(parameters.filter((p) => p.in === where).map((p) => [p.name, p.example]));
          expectAccepted(schema, values, `${op.operationId} ${where}`);
        }
      }
    });

    it('show a command answering with its event: the action and the data of the event it records', () => {
      const cast = doc.paths['/requests/{requestId}/votes']?.post;
      const example = (cast?.responses['201'] as SuccessResponse | undefined)?.content?.['application/json']?.example as { action: string; data: Record<string, unknown> };
      expect(example.action).to.equal('request.vote_cast');
      expect(Object.keys(example.data).sort()).to.deep.equal(['choice', 'conditions', 'reasons', 'requestId', 'revisionHash', 'signature', 'subject']);
    });
  });

  context('the problem codes', () => {
    it('lists for every operation the codes it can answer with, each under the status the error table gives it', () => {
      for (const op of Object.values(doc.paths).flatMap((item) => Object.values(item))) {
        expect(op['x-problem-codes'].length, op.operationId).to.be.greaterThan(0);
        for (const code of op['x-problem-codes']) {
          const status = statusOfCode(code);
          expect(status, `${op.operationId} ${code}`).to.be.a('number');
          if (status! < 500) expect(op.responses[String(status)]?.description, `${op.operationId} ${code}`).to.include(code);
        }
      }
    });

    it("lists every refusal of a command's action, and the refusals of the rules behind a vote", () => {
      for (const op of DOCUMENTED_OPERATIONS.filter((o) => o.action !== undefined)) {
        expect(operationIn(doc, op)['x-problem-codes'], op.operationId).to.include.members([...REFUSALS[op.action!]]);
      }
      const vote = doc.paths['/requests/{requestId}/votes']!.post!;
      expect(vote['x-problem-codes']).to.include.members(['voter-recused', 'revision-stale', 'state-terminal', 'body-invalid', 'forbidden', 'private-key-material']);
      expect(vote.responses['422']?.description).to.include('voter-recused');
      expect(vote.responses['409']?.description).to.include('revision-stale');
    });

    it('lists the service refusals of routes that are not commands', () => {
      const codes = (p: string, m: 'get' | 'post') => doc.paths[p]![m]!['x-problem-codes'];
      expect(codes('/requests/{requestId}', 'get')).to.include('request-not-found');
      expect(codes('/trust-anchors', 'post')).to.include.members(['anchor-not-ca', 'pem-malformed']);
      expect(codes('/auth/login', 'post')).to.include.members(['login-failed', 'rate-limited']);
      expect(codes('/auth/login', 'post')).to.not.include('unauthenticated');
    });
  });

  context('the shared schemas', () => {
    it('are named under components, and each operation refers to its body and response by name', () => {
      for (const name of ['TransferRequest', 'RevisionContent', 'CertificateRecord', 'StoredCertificateRecord', 'Tally', 'PersonId', 'IsoInstant', 'Problem', 'RequestVoteCastEvent']) {
        expect(doc.components.schemas, name).to.have.property(name);
      }
      for (const op of Object.values(doc.paths).flatMap((item) => Object.values(item))) {
        const body = op.requestBody?.content['application/json']?.schema;
        if (body !== undefined) expect(body, op.operationId).to.have.property('$ref');
      }
      const vote = (doc.paths['/requests/{requestId}/votes']!.post!.responses['201'] as SuccessResponse).content!['application/json']!.schema;
      expect(vote).to.deep.equal({ $ref: '#/components/schemas/RequestVoteCastEvent' });
    });

    it('are not inlined again: no nested definitions, and a revision is described once', () => {
      const text = JSON.stringify(doc);
      expect(text).to.not.include('"$defs"');
      expect(text.split('"sectionGStatement":{').length - 1, 'the schema of the member, not its examples').to.equal(1);
    });
  });

  context('a client generated from it', () => {
    let kg: Keygate;
    let http: Served;
    let dir: string;

    before(async () => {
      kg = await openTestKeygate({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') });
      http = await serve(createApp(kg, silentLogger));
      fs.mkdirSync('test/artifacts', { recursive: true });
      dir = fs.mkdtempSync(path.join('test/artifacts', 'openapi-client-'));
    });
    after(async () => {
      await http.close();
      await kg.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('type-checks: openapi-typescript types used through openapi-fetch compile without an error', async () => {
      fs.writeFileSync(path.join(dir, 'api.ts'), astToString(await openapiTS(doc as unknown as Parameters<typeof openapiTS>[0])));
      fs.writeFileSync(path.join(dir, 'usage.ts'), USAGE);
      const program = ts.createProgram([path.join(dir, 'usage.ts')], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2023,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        allowImportingTsExtensions: true,
        skipLibCheck: true,
        types: ['node'],
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(diagnostics).to.deep.equal([]);
    });

    it('talks to a running server: lists, records a command, and reads a refusal by its code', async () => {
      const admin = await createPrincipal(kg, { role: 'admin' });
      const usage = (await import(pathToFileURL(path.resolve(dir, 'usage.ts')).href)) as { run: (baseUrl: string, headers: Record<string, string>) => Promise<Record<string, unknown>> };
      const result = await usage.run(`${http.url}/api/v1`, admin.headers);
      expect(result.providers).to.deep.equal([]);
      expect(result.added).to.include({ action: 'roster.person_added' });
      expect(result).to.include({ refusedStatus: 409, refusedCode: 'person-exists' });
    });
  });
});

/** A small program against the generated types: a wrong path, member or type would not compile. */
const USAGE = `import createClient from 'openapi-fetch';
import type { components, paths } from './api.ts';

type Event = components['schemas']['RosterPersonAddedEvent'];

export async function run(baseUrl: string, headers: Record<string, string>) {
  const client = createClient<paths>({ baseUrl, headers });
  const providers = await client.GET('/providers');
  const names: string[] = (providers.data ?? []).map((p: components['schemas']['ServiceProvider']) => p.name);
  const added = await client.POST('/roster/people', { body: { personId: 'pma-zoe', name: 'Zoe Example' } });
  const event: Event | undefined = added.data;
  const again = await client.POST('/roster/people', { body: { personId: 'pma-zoe', name: 'Zoe Again' } });
  const problem: components['schemas']['Problem'] | undefined = again.error;
  return { providers: providers.data, names, added: event, refusedStatus: again.response.status, refusedCode: problem?.code };
}
`;
