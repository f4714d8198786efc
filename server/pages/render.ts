// The template engine and the one render call every page goes through. Autoescaping is on for
// every template: values an attacker controls (request ids, reasons, certificate subjects, log
// entries) are always escaped; no template marks anything `safe`.
import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'express';
import nunjucks from 'nunjucks';
import { csrfTokenOfRequest } from '../auth/middleware.ts';
import type { Principal } from '../auth/principal.ts';
import { navigationFor } from './access.ts';
import { roleLabel } from './vocabulary.ts';

const TEMPLATES = fileURLToPath(new URL('./templates', import.meta.url));

/** Fixed confirmations shown after POST/redirect/GET: the query names one, it never carries text. */
export const NOTICES = {
  created: 'The request was created as a draft.',
  submitted: 'The request was submitted to the PMA.',
  withdrawn: 'The request was withdrawn.',
  consultation: 'SSC consultation is open.',
  advice: 'The SSC advice was recorded.',
  waived: 'The reason for not seeking SSC advice was recorded.',
  voting: 'Voting is open.',
  voted: 'Your vote was recorded.',
  conflict: 'Your conflict of interest was recorded: you are recused from this request.',
  decided: 'Voting is closed and the decision recorded.',
  condition: 'The condition was marked as met.',
  executed: 'The execution was recorded.',
  obligation: 'The post-execution condition was recorded as met.',
  amended: 'The request was amended and resubmitted.',
  information: 'The questions were sent to the DCC.',
  enrolled: 'Your passkey was enrolled. Its fingerprint is listed below: confirm it with the PMA.',
  revoked: 'The credential was revoked: it signs nothing from now on.',
} as const;
export type Notice = keyof typeof NOTICES;

function isNotice(value: unknown): value is Notice {
  return typeof value === 'string' && Object.hasOwn(NOTICES, value);
}

function shortHash(value: unknown, length = 12): string {
  return typeof value === 'string' && value.length > length ? `${value.slice(0, length)}…` : String(value ?? '');
}

/** "2026-02-10T10:00:00.000Z" → "2026-02-10 10:00 UTC": every time on the pages is UTC, and says so. */
export function utc(value: unknown): string {
  if (typeof value !== 'string') return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value);
  return m === null ? value : `${m[1]} ${m[2]} UTC`;
}

const humanise = (value: unknown): string => String(value ?? '').replaceAll('_', ' ');

function createEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(TEMPLATES), { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
  env.addFilter('short', shortHash);
  env.addFilter('utc', utc);
  env.addFilter('human', humanise);
  env.addFilter('role', roleLabel);
  env.addFilter('json', (value: unknown) => JSON.stringify(value, null, 2));
  return env;
}

const env = createEnvironment();

export interface PageContext {
  readonly [name: string]: unknown;
}

/** Renders `template` with the signed-in user, their navigation, the CSRF token and any notice. */
export function render(req: Request, res: Response, template: string, context: PageContext = {}, status = 200): void {
  const principal: Principal | undefined = req.principal;
  const notice = isNotice(req.query.notice) ? NOTICES[req.query.notice] : null;
  const html = env.render(template, {
    principal: principal ?? null,
    nav: principal === undefined ? [] : navigationFor(principal),
    csrfToken: csrfTokenOfRequest(req),
    notice,
    // '/ui/' and '/ui' are one page: the navigation marks it either way.
    path: (req.baseUrl + req.path).replace(/(.)\/$/, '$1'),
    ...context,
  });
  res.status(status).type('html').set('Cache-Control', 'no-store').send(html);
}
