// Read-only log routes. Each handler parses its query, calls one log function, renders.
import { gzipSync } from 'node:zlib';
import { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { parseEntry } from '../../audit/entry.ts';
import { consistencyProofToJson, getConsistencyProof, getInclusionProof, inclusionProofToJson } from '../../audit/proofs.ts';
import type { AuditLog } from '../../audit/log.ts';
import type { LogStore, LogTransaction } from '../../audit/log-store.ts';
import { readEntryBundle, readHashTile } from '../../audit/tile-reader.ts';
import { parseTilePath, TILE_WIDTH, tileWithin } from '../../audit/tiles.ts';
import type { TilePath } from '../../audit/tiles.ts';
import type { CheckpointPublisher } from '../witnessing/published-checkpoint.ts';
import { HttpProblem } from '../errors/http-problem.ts';

/** How stale a served checkpoint may be when another instance appended (this one's commits show at once). */
const CHECKPOINT_MAX_AGE_MS = 1_000;

/** The most entries one page of GET /log/entries returns. */
export const MAX_ENTRIES_PAGE = 1_000;

const count = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    throw new HttpProblem('query-invalid', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

/** Full tiles never change: cache them for a year. Partial ones are immutable too, but are superseded. */
const FULL_TILE_CACHE = 'private, max-age=31536000, immutable';
const PARTIAL_TILE_CACHE = 'private, max-age=60';

/** Express 5 gives a `*name` wildcard as its path segments. */
function wildcard(value: unknown): string {
  return Array.isArray(value) ? value.join('/') : String(value);
}

async function tileAt(deps: { log: AuditLog<LogTransaction> }, path: string): Promise<TilePath> {
  const tile = parseTilePath(path);
  const { treeSize } = await deps.log.latestCheckpoint({ maxAgeMs: CHECKPOINT_MAX_AGE_MS });
  if (!tileWithin(tile, treeSize)) throw new HttpProblem('tile-not-found', `tile/${path} is beyond the log's tree size ${treeSize}`);
  return tile;
}

function sendTile(res: Response, tile: TilePath, bytes: Buffer): void {
  res.setHeader('Cache-Control', tile.width === TILE_WIDTH ? FULL_TILE_CACHE : PARTIAL_TILE_CACHE);
  res.type('application/octet-stream').send(bytes);
}

export interface LogRouteDeps {
  readonly log: AuditLog<LogTransaction>;
  readonly store: LogStore<LogTransaction>;
  readonly publisher: CheckpointPublisher;
  /** Told of every error a log route meets, before the problem middleware answers: an integrity error halts the log. */
  readonly onError?: (err: unknown) => Promise<void>;
}

export function logRoutes(deps: LogRouteDeps): Router {
  const router = Router();

  // The published checkpoint: with witnesses, the latest carrying a quorum of cosignatures.
  router.get('/checkpoint', async (_req, res) => {
    const cp = await deps.publisher.latest({ maxAgeMs: CHECKPOINT_MAX_AGE_MS });
    if (cp === null) throw new HttpProblem('checkpoint-not-witnessed', 'no checkpoint has been cosigned by the witness quorum yet');
    res.setHeader('Cache-Control', 'no-cache');
    res.type('text/plain; charset=utf-8').send(cp.note);
  });

  router.get('/key', (_req, res) => {
    res.type('text/plain; charset=utf-8').send(`${deps.log.verifierKey}\n`);
  });

  router.get('/entries', async (req, res) => {
    const q = parseQuery(z.object({ start: count.default(0), end: count.optional() }).strict(), req.query);
    const { treeSize } = await deps.log.latestCheckpoint();
    const end = Math.min(q.end ?? q.start + MAX_ENTRIES_PAGE, q.start + MAX_ENTRIES_PAGE, treeSize);
    if (q.start > treeSize || (q.end !== undefined && q.end < q.start)) {
      throw new HttpProblem('range-invalid', `start ${q.start} and end ${q.end ?? '-'} do not fit tree size ${treeSize}`);
    }
    const leaves = q.start < end ? await deps.store.readLeaves(q.start, end) : [];
    res.json({
      start: q.start,
      end: q.start + leaves.length,
      treeSize,
      entries: leaves.map((l) => ({ index: l.index, leaf: l.bytes.toString('utf8'), entry: parseEntry(l.bytes) })),
    });
  });

  // C2SP tlog-tiles. The entries route comes first: "entries" would also match :level.
  router.get('/tile/entries/*index', async (req, res) => {
    const tile = await tileAt(deps, `entries/${wildcard(req.params.index)}`);
    if (tile.kind !== 'entries') throw new HttpProblem('range-invalid', 'not an entry bundle path');
    const bundle = await readEntryBundle(deps.store, tile);
    if (req.acceptsEncodings('gzip') === 'gzip') {
      res.setHeader('Content-Encoding', 'gzip');
      res.setHeader('Vary', 'Accept-Encoding');
      sendTile(res, tile, gzipSync(bundle));
    } else {
      sendTile(res, tile, bundle);
    }
  });

  router.get('/tile/:level/*index', async (req, res) => {
    const tile = await tileAt(deps, `${req.params.level}/${wildcard(req.params.index)}`);
    if (tile.kind !== 'hashes') throw new HttpProblem('range-invalid', 'not a hash tile path');
    sendTile(res, tile, await readHashTile(deps.store, tile));
  });

  router.get('/proof/inclusion', async (req, res) => {
    const q = parseQuery(z.object({ index: count, size: count.optional() }).strict(), req.query);
    res.json(inclusionProofToJson(await getInclusionProof(deps.store, q.index, q.size)));
  });

  router.get('/proof/consistency', async (req, res) => {
    const q = parseQuery(z.object({ old: count, size: count.optional() }).strict(), req.query);
    res.json(consistencyProofToJson(await getConsistencyProof(deps.store, q.old, q.size)));
  });

  // A proof that finds a stored node missing, or entries that do not parse, is the log reporting
  // an integrity error: the same fatal stop as on the write path.
  router.use(async (err: unknown, _req: Request, _res: Response, next: NextFunction) => {
    await deps.onError?.(err);
    next(err);
  });

  return router;
}
