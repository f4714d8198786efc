// The witness's HTTP interface (C2SP tlog-witness): POST /add-checkpoint, plus /healthz and the
// witness's verifier key at GET /key. No authentication: the log's signature is the only
// credential the protocol knows.
import express from 'express';
import type { Express, NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { MAX_ADD_CHECKPOINT_BYTES } from '../../audit/witness-protocol.ts';
import type { WitnessService } from './witness-service.ts';

export function createWitnessApp(witness: WitnessService, options: { verifierKey: string; logger?: Pick<Logger, 'info' | 'error'> }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/key', (_req, res) => {
    res.type('text/plain; charset=utf-8').send(`${options.verifierKey}\n`);
  });
  app.post('/add-checkpoint', express.text({ type: () => true, limit: MAX_ADD_CHECKPOINT_BYTES }), async (req, res) => {
    const body = typeof req.body === 'string' ? req.body : '';
    const answer = await witness.addCheckpoint(body);
    options.logger?.info({ status: answer.status, ...answer.outcome }, 'add-checkpoint');
    // setHeader and a Buffer, so that Express adds no charset: tlog-witness fixes the 409
    // Content-Type exactly.
    res.status(answer.status).setHeader('Content-Type', answer.contentType);
    res.send(Buffer.from(answer.body, 'utf8'));
  });
  app.use((_req, res) => {
    res.status(404).type('text/plain; charset=utf-8').send('not found\n');
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).type('text/plain; charset=utf-8').send(`${(err as Error).message}\n`);
      return;
    }
    options.logger?.error({ err }, 'witness request failed');
    res.status(500).type('text/plain; charset=utf-8').send('internal error\n');
  });
  return app;
}
