// Readable API docs: one server-rendered HTML page built from the OpenAPI document. No scripts,
// no external assets; the one style block is allowed by its hash in the page's own CSP. Every
// string from the document is escaped.
import crypto from 'node:crypto';
import type { JsonSchema, MediaTypeObject, OpenApiDocument, OpenApiOperation, OpenApiParameter } from './openapi.ts';

const STYLE = [
  'body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem 2rem;color:#1b1b1b}',
  'h1{margin-bottom:0}h2{border-bottom:2px solid #ccc;margin-top:2.5rem}',
  'section.op{border:1px solid #ddd;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}',
  '.method{display:inline-block;min-width:4.5rem;font-weight:700;text-transform:uppercase}',
  '.get{color:#0a5c2e}.post{color:#0b4f8a}.put{color:#7a4b00}.delete{color:#9b1c1c}',
  'code,pre{font:13px/1.4 ui-monospace,monospace}pre{background:#f6f6f6;padding:.5rem;overflow:auto;max-height:24rem}',
  'table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}',
  '.roles{color:#555}nav ul{columns:2}',
].join('');

/** The CSP of the docs page: nothing may load or run; only the style block above applies. */
export const DOCS_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${crypto.createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const anchorOf = (operationId: string): string => `op-${operationId.replace(/[^A-Za-z0-9_-]/g, '')}`;

const COMPONENT_REF = '#/components/schemas/';
const schemaAnchor = (name: string): string => `schema-${name.replace(/[^A-Za-z0-9_-]/g, '')}`;

/** A named schema is a link to its section; an inline one is shown as JSON. */
function schemaBlock(schema: JsonSchema): string {
  const ref = schema.$ref;
  if (typeof ref === 'string' && ref.startsWith(COMPONENT_REF)) {
    const name = ref.slice(COMPONENT_REF.length);
    return `<p>schema <a href="#${schemaAnchor(name)}"><code>${escapeHtml(name)}</code></a></p>`;
  }
  return `<pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre>`;
}

function mediaBlock(type: string, media: MediaTypeObject): string {
  const schema = Object.keys(media.schema).length === 0 ? '' : schemaBlock(media.schema);
  const example = media.example === undefined ? '' : `<p>example</p><pre>${escapeHtml(JSON.stringify(media.example, null, 2))}</pre>`;
  return `<p><code>${escapeHtml(type)}</code></p>${schema}${example}`;
}

function parametersTable(parameters: readonly OpenApiParameter[]): string {
  if (parameters.length === 0) return '';
  const rows = parameters
    .map((p) => `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${escapeHtml(JSON.stringify(p.schema))}</code>${p.description === undefined ? '' : ` ${escapeHtml(p.description)}`}</td></tr>`)
    .join('');
  return `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>schema</th></tr>${rows}</table>`;
}

function requestBodyBlock(op: OpenApiOperation): string {
  if (op.requestBody === undefined) return '';
  const parts = Object.entries(op.requestBody.content).map(([type, media]) => mediaBlock(type, media));
  return `<h4>Request body</h4>${op.requestBody.description === undefined ? '' : `<p>${escapeHtml(op.requestBody.description)}</p>`}${parts.join('')}`;
}

function responsesBlock(op: OpenApiOperation): string {
  const items = Object.entries(op.responses).map(([status, response]) => {
    const content = Number(status) >= 400 ? '' : Object.entries(response.content ?? {}).map(([type, media]) => mediaBlock(type, media)).join('');
    return `<li><b>${escapeHtml(status)}</b> ${escapeHtml(response.description)}${content}</li>`;
  });
  return `<h4>Responses</h4><ul>${items.join('')}</ul>`;
}

function operationSection(path: string, method: string, op: OpenApiOperation): string {
  const roles = op['x-roles'] === 'anonymous' ? 'no account needed' : op['x-roles'].join(', ');
  return [
    `<section class="op" id="${anchorOf(op.operationId)}">`,
    `<h3><span class="method ${escapeHtml(method)}">${escapeHtml(method)}</span> <code>${escapeHtml(path)}</code></h3>`,
    `<p>${escapeHtml(op.summary)} <code>${escapeHtml(op.operationId)}</code></p>`,
    `<p class="roles">${escapeHtml(`Allowed: ${roles}`)}</p>`,
    ...op.description.split('\n\n').slice(0, -1).map((p) => `<p>${escapeHtml(p)}</p>`),
    parametersTable(op.parameters),
    requestBodyBlock(op),
    responsesBlock(op),
    '</section>',
  ].join('\n');
}

export function renderDocsPage(doc: OpenApiDocument): string {
  const byTag = new Map<string, string[]>(doc.tags.map((t) => [t.name, []]));
  const toc = new Map<string, string[]>(doc.tags.map((t) => [t.name, []]));
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = op.tags[0] ?? 'Other';
      const full = `${doc.servers[0]?.url ?? ''}${path}`;
      byTag.get(tag)?.push(operationSection(full, method, op));
      toc.get(tag)?.push(`<li><a href="#${anchorOf(op.operationId)}">${escapeHtml(`${method.toUpperCase()} ${full}`)}</a></li>`);
    }
  }
  const schemas = Object.entries(doc.components.schemas).map(([name, schema]) => `<section id="${schemaAnchor(name)}"><h3><code>${escapeHtml(name)}</code></h3><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></section>`);
  const sections = [...byTag].map(([tag, ops]) => `<h2 id="tag-${escapeHtml(tag.replace(/\s+/g, '-'))}">${escapeHtml(tag)}</h2>\n${ops.join('\n')}`);
  const nav = [...toc].map(([tag, links]) => `<h4>${escapeHtml(tag)}</h4><ul>${links.join('')}</ul>`);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(doc.info.title)} API</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<h1>${escapeHtml(doc.info.title)} API <small>${escapeHtml(doc.info.version)}</small></h1>`,
    `<p>${escapeHtml(doc.info.description)}</p>`,
    `<p>Machine-readable: <a href="${escapeHtml(doc.servers[0]?.url ?? '')}/openapi.json">openapi.json</a> (OpenAPI ${escapeHtml(doc.openapi)}).</p>`,
    `<nav>${nav.join('')}</nav>`,
    ...sections,
    '<h2 id="schemas">Schemas</h2>',
    ...schemas,
    '</body></html>',
  ].join('\n');
}

/** Where the pages serve their static files (the viewer's script and styles among them). */
const STATIC = '/ui/static';

/**
 * The viewer page: Swagger UI's script and styles and our starter script, all static files, so
 * the app's own CSP (script-src 'self', style-src 'self') applies unchanged. Without JavaScript
 * the page points to the plain reference.
 */
export function renderViewerPage(doc: OpenApiDocument): string {
  const base = escapeHtml(doc.servers[0]?.url ?? '');
  const title = `${escapeHtml(doc.info.title)} API ${escapeHtml(doc.info.version)}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    `<link rel="stylesheet" href="${STATIC}/swagger-ui/swagger-ui.css">`,
    `<link rel="stylesheet" href="${STATIC}/api-docs.css">`,
    '</head><body>',
    `<header class="api-docs-head"><strong>${title}</strong> <a href="/ui">Keygate</a> <a href="${base}/openapi.json">openapi.json</a> <a href="${base}/docs?view=plain">plain reference (no script)</a></header>`,
    `<noscript><p class="api-docs-head">The viewer needs JavaScript. Read the <a href="${base}/docs?view=plain">plain reference</a> or the <a href="${base}/openapi.json">OpenAPI document</a>.</p></noscript>`,
    `<main id="swagger-ui" data-openapi="${base}/openapi.json"></main>`,
    `<script src="${STATIC}/swagger-ui/swagger-ui-bundle.js"></script>`,
    `<script src="${STATIC}/api-docs.js"></script>`,
    '</body></html>',
  ].join('\n');
}
