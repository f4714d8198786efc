// Builds the Express application from composed services. No I/O at import time.
import express from 'express';
import type { Express } from 'express';
import type { Keygate } from '../compose.ts';
import { logRoutes } from './log-routes.ts';
import { notFound, problemMiddleware } from './problem.ts';
import type { ProblemLogger } from './problem.ts';

export function createApp(keygate: Keygate, logger: ProblemLogger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/api/v1/log', logRoutes({ log: keygate.log, store: keygate.logStore }));
  app.use(notFound);
  app.use(problemMiddleware(logger));
  return app;
}
