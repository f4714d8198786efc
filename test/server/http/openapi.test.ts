// The OpenAPI document against what is really mounted: the Express router stack is walked and
// every (method, path) under /api/v1 must be documented, and every documented operation mounted.
// The role table is checked for its separation-of-duties promises, and the HTML docs for having
// no scripts and no external assets.
import path from 'node:path';
import { expect } from 'chai';
import type { Express } from 'express';
import { AUTH_ROUTES } from '../../../server/http/auth-routes.ts';
import { createApp } from '../../../server/app.ts';
import { API_BASE, toTemplatePath } from '../../../server/http/openapi.ts';
import type { OpenApiDocument } from '../../../server/http/openapi.ts';
import { ACCOUNT_ROLES } from '../../../server/auth/roles.ts';
import { OPERATION_IDS, PERMISSIONS, SELF_SERVICE } from '../../../server/http/permissions.ts';
import type { OperationId } from '../../../server/http/permissions.ts';
import { DOCUMENTED_OPERATIONS, openApiDocument } from '../../../server/http/routes/index.ts';
import type { Keygate } from '../../../server/compose.ts';
import { createPrincipal } from '../../helpers/auth.ts';
import type { TestPrincipal } from '../../helpers/auth.ts';
import { tempDir } from '../../helpers/databases.ts';
import { serve, silentLogger } from '../../helpers/http.ts';
import type { Served } from '../../helpers/http.ts';
import { openTestKeygate } from '../../helpers/keygate.ts';

interface Layer {
  readonly route?: { readonly path: string; readonly methods: Record<string, boolean> };
  readonly handle?: { readonly stack?: readonly Layer[] };
  readonly rawPath?: unknown;
}

/** Every (METHOD path) an Express app serves, with the mount paths of nested routers joined in. */
function mountedRoutes(stack: readonly Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route !== undefined) return Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${prefix}${layer.route!.path}`);
    const nested = layer.handle?.stack;
    if (nested === undefined) return [];
    const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
    return mountedRoutes(nested, prefix + mount);
  });
}

function documentedRoutes(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${API_BASE}${p}`));
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

describe('the OpenAPI document', () => {
  let kg: Keygate;
  let app: Express;
  let http: Served;
  let auditor: TestPrincipal;

  before(async () => {
    kg = await openTestKeygate({ engine: 'sqlite', filename: path.join(tempDir(), 'db.sqlite') });
    app = createApp(kg, silentLogger);
    http = await serve(app);
    auditor = await createPrincipal(kg, { role: 'auditor' });
  });
  after(async () => {
    await http.close();
    await kg.close();
  });

  it('documents every route mounted under /api/v1, and documents nothing else', () => {
    const stack = (app as unknown as { router: { stack: Layer[] } }).router.stack;
    const mounted = mountedRoutes(stack).filter((r) => r.split(' ')[1]!.startsWith(`${API_BASE}/`)).map((r) => toTemplatePath(r));
    expect(mounted.length).to.be.greaterThan(50);
    expect(sorted(mounted)).to.deep.equal(sorted(documentedRoutes(openApiDocument())));
  });

  it('is served at /api/v1/openapi.json to anyone, signed in or not (it holds no data), and documented as needing no account', async () => {
    for (const headers of [auditor.headers, {}, { authorization: 'Bearer not-a-token' }]) {
      const res = await fetch(`${http.url}${API_BASE}/openapi.json`, { headers });
      expect(res.status).to.equal(200);
      expect(await res.json()).to.deep.equal(JSON.parse(JSON.stringify(openApiDocument())));
    }
    const docs = openApiDocument().paths;
    expect([docs['/openapi.json']?.get?.security, docs['/docs']?.get?.security]).to.deep.equal([[], []]);
  });

  it('is OpenAPI 3.1 with unique operation ids, path parameters matching each template, and roles from the one table', () => {
    const doc = openApiDocument();
    expect(doc.openapi).to.equal('3.1.0');
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids).to.have.length(new Set(ids).size);
    for (const [p, item] of Object.entries(doc.paths)) {
      const placeholders = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      for (const op of Object.values(item)) {
        expect(op.parameters.filter((x) => x.in === 'path').map((x) => x.name).sort(), op.operationId).to.deep.equal(placeholders);
        if (op['x-roles'] !== 'anonymous') expect(op['x-roles'], op.operationId).to.deep.equal(PERMISSIONS[op.operationId as OperationId]);
        expect(Object.keys(op.responses).some((s) => s.startsWith('2')), op.operationId).to.equal(true);
      }
    }
  });

  it('covers exactly the operations of the permissions table, plus the anonymous login', () => {
    const documented = DOCUMENTED_OPERATIONS.map((o) => o.operationId);
    expect(sorted(documented)).to.deep.equal(sorted([...OPERATION_IDS, 'login']));
  });

  it("agrees with the auth routes' own copy of their roles", () => {
    for (const route of AUTH_ROUTES) {
      if (route.anonymous) continue;
      expect(route.roles, route.operationId).to.deep.equal(PERMISSIONS[route.operationId as OperationId]);
    }
    expect(AUTH_ROUTES.filter((r) => r.anonymous).map((r) => r.operationId)).to.deep.equal(['login']);
  });

  context('the role table', () => {
    const allowed = (role: string) => OPERATION_IDS.filter((op) => (PERMISSIONS[op] as readonly string[]).includes(role));
    const method = (op: string) => DOCUMENTED_OPERATIONS.find((o) => o.operationId === op)!.method;

    it('lets auditors read and do nothing else', () => {
      // POSTs that change nothing: inspecting a certificate, ending one's own session. And the
      // declared self-service operations, which change only the caller's own settings.
      const readOnlyPosts = ['inspectCertificate', 'logout'];
      const ownSettings: readonly string[] = SELF_SERVICE;
      expect(allowed('auditor').filter((op) => method(op) !== 'get' && !readOnlyPosts.includes(op) && !ownSettings.includes(op))).to.deep.equal([]);
      // Each exception is open to every role and changes no request: not a workflow action in disguise.
      for (const op of SELF_SERVICE) expect(PERMISSIONS[op], op).to.deep.equal(ACCOUNT_ROLES);
    });

    it('keeps the admin out of every request decision and the DCC out of voting', () => {
      const requestActions = ['createRequest', 'amendRequest', 'submitRequest', 'castVote', 'declareConflict', 'decideRequest', 'recordAdvice', 'recordExecution'];
      expect(allowed('admin').filter((op) => requestActions.includes(op))).to.deep.equal([]);
      expect(allowed('dcc')).to.not.include('castVote');
      expect(PERMISSIONS.castVote).to.deep.equal(['pma_member']);
    });
  });

  context('the HTML docs', () => {
    it('are an OpenAPI viewer for anyone, its script and styles static files under the pages\' strict CSP', async () => {
      const res = await fetch(`${http.url}${API_BASE}/docs`);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-security-policy')).to.contain("script-src 'self'").and.to.contain("style-src 'self'").and.not.to.contain('unsafe-inline');
      const html = await res.text();
      expect(html).to.not.match(/<script>|<script [^>]*>[^<]|<style|\sstyle=|\son[a-z]+=|javascript:/i);
      const assets = [...html.matchAll(/(?:src|href)="(\/ui\/static\/[^"]+)"/g)].map((m) => m[1]!);
      expect(assets).to.deep.equal(['/ui/static/swagger-ui/swagger-ui.css', '/ui/static/api-docs.css', '/ui/static/swagger-ui/swagger-ui-bundle.js', '/ui/static/api-docs.js']);
      for (const asset of assets) expect((await fetch(`${http.url}${asset}`)).status, asset).to.equal(200);
      expect(html).to.contain('data-openapi="/api/v1/openapi.json"');
      // The package's other files (its demo page pointing at another API) are not served.
      expect((await fetch(`${http.url}/ui/static/swagger-ui/index.html`)).status).to.equal(404);
    });

    it('are also one plain page, built from the document, with no scripts and no external assets, under a CSP of their own', async () => {
      const res = await fetch(`${http.url}${API_BASE}/docs?view=plain`);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/html/);
      expect(res.headers.get('content-security-policy')).to.match(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
      const html = await res.text();
      expect(html).to.not.match(/<script|\son[a-z]+=|javascript:/i);
      expect(html).to.not.match(/\ssrc=/i);
      for (const href of html.matchAll(/href="([^"]*)"/g)) expect(href[1]).to.match(/^(#|\/api\/v1\/openapi\.json$)/);
      for (const op of DOCUMENTED_OPERATIONS) expect(html).to.include(`<code>${op.operationId}</code>`);
    });
  });
});
