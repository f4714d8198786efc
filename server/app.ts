// Builds the Express application from composed services: the one place that mounts both the API
// (server/http) and the pages (server/pages), so neither layer imports the other's router.
// No I/O at import time.
//
// The order of the middleware is the security argument and must stay:
//   1. request ids, security headers, metrics, and /healthz, /readyz and the API's description
//      (/api/v1/openapi.json, /api/v1/docs), which need no credentials and read no body;
//   2. authentication (sets req.principal from one credential; a bad credential is a 401) and
//      CSRF protection for cookie sessions; then GET /metrics for admins only (a scraper without
//      an account uses the separate metrics listener, KEYGATE_METRICS_ADDR);
//   3. the private-key guard: every body is read, size-limited, scanned and only then parsed, so
//      no route (ours, the auth routes, the log routes) ever sees key material;
//   3b. the server-rendered pages under /ui (server/pages), which check CSRF from a form field;
//   4. the auth routes (login is the one anonymous /api/v1 route), then a blanket
//      requireAuthenticated for the rest of /api/v1, unknown paths included;
//   5. the registry's routes and the log routes, each behind allow(PERMISSIONS[operationId]);
//   6. 404 and the one problem middleware.
import express from 'express';
import type { Logger } from 'pino';
import type { Express } from 'express';
import { allow, authenticate, csrfProtection, requireAuthenticated } from './auth/middleware.ts';
import type { Keygate } from './compose.ts';
import { PAGES_BASE, exceptPages, pageRoutes } from './pages/index.ts';
import { authRoutes } from './http/auth-routes.ts';
import { logRoutes } from './http/log-routes.ts';
import { API_BASE } from './http/openapi.ts';
import { privateKeyGuard } from './http/private-key-guard.ts';
import { notFound, problemMiddleware } from './http/problem.ts';
import { METRICS_ROLES, metricsHandler, metricsMiddleware, operationsRoutes, requestId, requestLogger, securityHeaders } from './http/operations.ts';
import type { ProblemLogger } from './http/problem.ts';
import { apiRouter, publicApiRouter, rawBodyRoutes } from './http/routes/index.ts';
import { logRouteGuards } from './http/routes/log.ts';

export interface AppOptions {
  /** Structured request logs (the server passes its pino logger; tests usually do not). */
  readonly requestLog?: Logger;
}

export function createApp(keygate: Keygate, logger: ProblemLogger, options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // req.ip: the peer, or the client as the configured trusted proxies report it (never any proxy).
  app.set('trust proxy', keygate.config.trustProxy ?? false);
  app.use(requestId, securityHeaders(), metricsMiddleware(keygate));
  app.use(operationsRoutes(keygate));
  // The API's description holds no data: readable by anyone, before any credential is looked at.
  app.use(API_BASE, publicApiRouter());
  // The pages check CSRF themselves, from a form field the guard has parsed (server/pages/csrf.ts).
  app.use(authenticate(keygate.accounts), exceptPages(csrfProtection));
  app.get('/metrics', allow(METRICS_ROLES), metricsHandler(keygate));
  app.use(privateKeyGuard(rawBodyRoutes(API_BASE), { jsonOnlyUnder: API_BASE, multipartUnder: PAGES_BASE }));
  // After the guard: a request refused for carrying key material is logged without its body,
  // and request logs record the path only, never the query string.
  if (options.requestLog !== undefined) app.use(requestLogger(options.requestLog));
  app.get('/', (_req, res) => res.redirect(303, PAGES_BASE));
  app.use(PAGES_BASE, pageRoutes(keygate));
  app.use(API_BASE, authRoutes(keygate.accounts));
  app.use(API_BASE, requireAuthenticated);
  app.use(API_BASE, apiRouter(keygate));
  app.use(API_BASE, logRouteGuards());
  app.use(`${API_BASE}/log`, logRoutes({ log: keygate.log, store: keygate.logStore, publisher: keygate.publisher, onError: (err) => keygate.writes.reportIntegrityError(err) }));
  app.use(notFound);
  app.use(problemMiddleware(logger));
  return app;
}
