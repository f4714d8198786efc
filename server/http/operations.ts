// Operational HTTP concerns in one place: security headers, request ids, structured request
// logs, metrics, liveness and readiness.
import crypto from 'node:crypto';
import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import { Router } from 'express';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { checkLogHead } from '../../audit/log-check.ts';
import { describeWitnessing } from '../witnessing/published-checkpoint.ts';
import { haltedError } from '../../audit/log-halt.ts';
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
  // Ready: the database answers, the log key is loaded, the log is not halted, and the stored head
  // matches the latest checkpoint. An integrity error found here halts the log; a halt (found here
  // or elsewhere: a witness's rollback or fork evidence, an entry that does not match its leaf hash)
  // answers 503 with its evidence. Witnessing progress is reported, not required.
  router.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    const notReady = async (reason: string) => {
      const halt = await kg.log.currentHalt().catch(() => null);
      res.status(503).json({ status: 'not ready', checks, reason, ...(halt === null ? {} : { halt }) });
    };
    try {
      await kg.db.knex.raw('SELECT 1');
      checks.database = 'ok';
      checks.logKey = kg.log.verifierKey;
      const halt = await kg.log.currentHalt();
      if (halt !== null) {
        checks.log = `halted since ${halt.at}: read-only until an operator resumes it`;
        // A halt for another reason (a dropped trigger) must not hide what the witnesses said since.
        const heard = (kg.witnessing?.status() ?? []).filter((w) => w.lastError !== null).map((w) => w.lastError);
        if (heard.length > 0) checks.witnesses = heard.join('; ');
        return await notReady(haltedError(halt).message);
      }
      const head = await checkLogHead(kg.logStore, kg.log.verifier, kg.log.origin);
      kg.metrics.logSize.set(head.treeSize);
      checks.log = `ok: tree size ${head.treeSize}`;
      checks.witnesses = describeWitnessing(await kg.publisher.summary());
      const watch = kg.watch.status();
      checks.storage = watch.detail;
      checks.workflowState = watch.state;
      if (!watch.ok) return await notReady(watch.detail);
      res.json({ status: 'ready', checks });
    } catch (err) {
      await kg.writes.reportIntegrityError(err);
      await notReady(err instanceof Error ? err.message : String(err));
    }
  });
  return router;
}

/** The roles that may read /metrics on the main listener (route names and counts, no data). */
export const METRICS_ROLES = ['admin'] as const;

/**
 * GET /metrics in Prometheus text format. On the main listener it is mounted after
 * authentication, behind allow(METRICS_ROLES); a scraper without an account reads it from the
 * separate metrics listener instead.
 */
export function metricsHandler(kg: Pick<Keygate, 'metrics'>): RequestHandler {
  return (_req, res, next) => {
    kg.metrics.registry.metrics().then((text) => res.type(kg.metrics.registry.contentType).send(text), next);
  };
}

/**
 * The metrics listener (KEYGATE_METRICS_ADDR): GET /metrics and nothing else, without
 * credentials. It is meant for an address only the monitoring network reaches; it serves no
 * data beyond route names, counts and the log's size.
 */
export function createMetricsServer(kg: Pick<Keygate, 'metrics'>): http.Server {
  return http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: this listener serves GET /metrics only\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    kg.metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': kg.metrics.registry.contentType }).end(req.method === 'HEAD' ? undefined : text),
      () => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n'),
    );
  });
}
