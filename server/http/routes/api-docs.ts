// The API's own description: the OpenAPI document and the HTML docs built from it. Both are
// generated once, on first request, from the route registry.
import type { Response } from 'express';
import { z } from 'zod';
import { DOCS_PAGE_CSP, renderDocsPage } from '../docs-page.ts';
import type { OpenApiDocument } from '../openapi.ts';
import { defineRoute } from './route.ts';
import type { Route } from './route.ts';

const TAG = 'API description';

const openApiSchema = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.looseObject({ operationId: z.string() }))),
});

function sendPage(res: Response, html: string): void {
  res.set('Content-Security-Policy', DOCS_PAGE_CSP).type('html').status(200).send(html);
}

export function apiDocRoutes(documentOf: () => OpenApiDocument): readonly Route[] {
  let page: string | undefined;
  return [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      operationId: 'getOpenApiDocument',
      tag: TAG,
      summary: 'This API as an OpenAPI 3.1 document',
      response: { status: 200, description: 'the OpenAPI document', mediaType: 'application/json', schema: openApiSchema },
      handle: async () => documentOf(),
    }),
    defineRoute({
      method: 'get',
      path: '/docs',
      operationId: 'getApiDocs',
      tag: TAG,
      summary: 'Readable API docs (HTML), built from the OpenAPI document',
      response: { status: 200, description: 'an HTML page', mediaType: 'text/html' },
      handle: async () => (page ??= renderDocsPage(documentOf())),
      render: sendPage,
    }),
  ];
}
