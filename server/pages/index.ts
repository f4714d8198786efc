// The server-rendered pages, mounted by the app at /ui after the private-key guard. Order inside
// the router is part of the security argument:
//   1. static files: the stylesheet, the pages' scripts, the API docs' starter script and the
//      OpenAPI viewer's files (no credentials needed, nothing to protect);
//   2. formCsrf: every unsafe request of a cookie session carries the session's token (the app
//      skips its header-only check for /ui, see exceptPages);
//   3. sign-in and sign-out; then every other page needs an account (a GET without one is sent
//      to the login page) and the operationId's roles from PERMISSIONS;
//   4. pageErrors: refusals as HTML pages; unknown errors go on to the app's problem middleware.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import type { ErrorRequestHandler } from 'express';
import { requireAuthenticated } from '../auth/middleware.ts';
import type { Keygate } from '../compose.ts';
import { HttpProblem } from '../errors/http-problem.ts';
import { formCsrf } from './csrf.ts';
import { pageErrors } from './page-errors.ts';
import { staticFiles, vendorFiles, vendorScripts } from './static-files.ts';
import { adminActionRoutes } from './routes/admin-actions.ts';
import { adminPkiRoutes } from './routes/admin-pki.ts';
import { adminRoutes } from './routes/admin.ts';
import { adminWorldRoutes } from './routes/admin-world.ts';
import { credentialRoutes } from './routes/credentials.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { logPageRoutes } from './routes/log.ts';
import { requestActionRoutes } from './routes/request-actions.ts';
import { amendRoutes } from './routes/request-amend.ts';
import { requestRoutes } from './routes/requests.ts';
import { sessionRoutes } from './routes/session.ts';

export { PAGES_BASE, exceptPages } from './csrf.ts';

const STATIC = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');
/** The OpenAPI viewer's files, as the swagger-ui-dist package ships them. */
const SWAGGER_UI = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/**
 * The router and, after it, pageErrors again at the mount's level: errors raised before the router
 * (the private-key guard's refusal, a stale session cookie) skip a router's own error handlers.
 */
export function pageRoutes(kg: Keygate): [Router, ErrorRequestHandler] {
  const router = Router();
  router.use('/static/swagger-ui', vendorFiles(SWAGGER_UI, ['swagger-ui-bundle.js', 'swagger-ui.css']));
  router.use('/static', vendorScripts(), staticFiles(STATIC));
  router.use(formCsrf);
  router.use(sessionRoutes(kg.accounts));
  router.use(requireAuthenticated);
  router.use(dashboardRoutes(kg), credentialRoutes(kg), requestRoutes(kg), amendRoutes(kg), requestActionRoutes(kg), logPageRoutes(kg), adminRoutes(kg), adminActionRoutes(kg), adminWorldRoutes(kg), adminPkiRoutes(kg));
  router.use((req, _res, next) => next(new HttpProblem('not-found', `there is no page at ${req.baseUrl}${req.path}`)));
  router.use(pageErrors);
  return [router, pageErrors];
}
