// The API's own description: the OpenAPI document and the docs built from it. Both hold no data,
// so they are served to anyone, signed in or not (a client developer reads them before having an
// account): this router is mounted ahead of authentication, and the registry documents its routes
// as anonymous. The document is generated once, on first request, from the route registry.
//
// The docs are an OpenAPI viewer (Swagger UI, from the swagger-ui-dist package) that runs under the
// pages' strict CSP: its script and styles are static files under /ui/static, started by a static
// script of ours, with no inline script or style. `?view=plain` is the same reference as one
// server-rendered HTML page without any script.
import { Router } from 'express';
import type { Response } from 'express';
import { z } from 'zod';
import { DOCS_PAGE_CSP, renderDocsPage, renderViewerPage } from '../docs-page.ts';
import type { OpenApiDocument } from '../openapi.ts';
import type { RouteDoc } from './route.ts';

const TAG = 'API description';

const openApiSchema = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.looseObject({ operationId: z.string() }))),
});

const docsQuery = z.strictObject({ view: z.enum(['viewer', 'plain']).optional().meta({ description: 'viewer (default): the OpenAPI viewer; plain: one HTML page without scripts' }) });

export const API_DOC_ROUTES: readonly RouteDoc[] = [
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    tag: TAG,
    summary: 'This API as an OpenAPI 3.1 document',
    response: { status: 200, description: 'the OpenAPI document', mediaType: 'application/json', schema: openApiSchema },
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'getApiDocs',
    tag: TAG,
    summary: 'Readable API docs (HTML): an OpenAPI viewer, or one plain page',
    query: docsQuery,
    response: { status: 200, description: 'an HTML page', mediaType: 'text/html' },
  },
];

function sendHtml(res: Response, html: string, csp?: string): void {
  if (csp !== undefined) res.set('Content-Security-Policy', csp);
  res.type('html').status(200).send(html);
}

/** The two routes, for anyone; the caller mounts the router at /api/v1 before authentication. */
export function apiDocRouter(documentOf: () => OpenApiDocument): Router {
  let plain: string | undefined;
  let viewer: string | undefined;
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.status(200).json(documentOf());
  });
  router.get('/docs', (req, res) => {
    const query = docsQuery.safeParse(req.query);
    const view = query.success ? (query.data.view ?? 'viewer') : 'viewer';
    if (view === 'plain') sendHtml(res, (plain ??= renderDocsPage(documentOf())), DOCS_PAGE_CSP);
    else sendHtml(res, (viewer ??= renderViewerPage(documentOf())));
  });
  return router;
}
