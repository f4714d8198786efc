// Operational HTTP concerns in one place: security headers, request ids, structured request
// logs, metrics, liveness and readiness.
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Router } from 'express';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { AuditError } from '../../audit/errors.ts';
import { checkLogHead } from '../../audit/log-check.ts';
import { describeWitnessing } from '../witnessing/published-checkpoint.ts';
import type { Keygate } from '../compose.ts';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A caller's X-Request-Id when it is sane, else a new UUID; echoed in the response. */
export const requestId: RequestHandler = (req, res, next) => {
  const given = req.get('x-request-id');
  const id = given !== undefined && REQUEST_ID.test(given) ? given : crypto.randomUUID();
  (req as IncomingMessage & { id?: string }).id = id;
  res.setHeader('X-Request-Id', id);
  next();
};

/** Strict headers for an API and server-rendered pages without inline scripts. */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'none'"],
        'object-src': ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** Request logs: method, URL, status and time; headers that carry credentials are left out. */
export function requestLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req) => (req as IncomingMessage & { id?: string }).id ?? crypto.randomUUID(),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err !== undefined || res.statusCode >= 500 ? 'error' : 'info'),
  });
}

/** Counts and times each request under its route pattern (never the raw URL: bounded labels). */
export function metricsMiddleware(kg: Keygate): RequestHandler {
  return (req, res, next) => {
    const end = kg.metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => {
      const route = req.route === undefined ? 'unmatched' : `${req.baseUrl}${String((req.route as { path: unknown }).path)}`;
      end({ route });
      kg.metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}

export function operationsRoutes(kg: Keygate): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Ready: the database answers, the log key is loaded, the stored head matches the latest
  // checkpoint, and the log is not latched read-only. An integrity failure (here or found
  // elsewhere: a witness's evidence, an entry that does not match its leaf hash) answers 503 with
  // its evidence. Witnessing progress is reported, not required.
  router.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    try {
      await kg.db.knex.raw('SELECT 1');
      checks.database = 'ok';
      checks.logKey = kg.log.verifierKey;
      const halted = kg.log.integrityError;
      if (halted !== null) throw halted;
      const head = await checkLogHead(kg.logStore, kg.log.verifier, kg.log.origin);
      kg.metrics.logSize.set(head.treeSize);
      checks.log = `ok: tree size ${head.treeSize}`;
      checks.witnesses = describeWitnessing(await kg.publisher.summary());
      res.json({ status: 'ready', checks });
    } catch (err) {
      if (err instanceof AuditError && err.code === 'log-inconsistent') kg.log.halt(err);
      const evidence = err instanceof AuditError ? err.evidence : undefined;
      res.status(503).json({ status: 'not ready', checks, reason: err instanceof Error ? err.message : String(err), ...(evidence === undefined ? {} : { evidence }) });
    }
  });
  router.get('/metrics', async (_req, res) => {
    res.type(kg.metrics.registry.contentType).send(await kg.metrics.registry.metrics());
  });
  return router;
}
