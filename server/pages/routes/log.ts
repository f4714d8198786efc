// The auditor's pages: the log (checkpoint history, entries with paging and filters), an entry
// with its inclusion proof, verification of the latest checkpoint against an earlier one, and
// an export in the documented format (checkpoint, entries.jsonl, verifier-key) pinned to one
// tree size, so the three files always belong together.
import { Router } from 'express';
import type { Request } from 'express';
import { HttpProblem } from '../../errors/http-problem.ts';
import type { Keygate } from '../../compose.ts';
import { needs } from '../access.ts';
import { formOf, text } from '../form.ts';
import { render } from '../render.ts';
import { describeWitnessing } from '../../witnessing/published-checkpoint.ts';
import { publishedSize, readEntries, searchEntries } from '../views/log-reader.ts';
import type { EntryFilter } from '../views/log-reader.ts';
import { checkConsistency, checkInclusion, latestSigned } from '../views/verification.ts';

const PAGE = 50;
const CHECKPOINTS_SHOWN = 25;
const FILTER_TEXT = /^[A-Za-z0-9._:-]{1,128}$/;

function count(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) throw new HttpProblem('query-invalid', `${name} must be a whole number`);
  return Number(value);
}

function filterOf(req: Request): EntryFilter {
  const pick = (name: string): string | undefined => {
    const v = req.query[name];
    if (typeof v !== 'string' || v === '') return undefined;
    if (!FILTER_TEXT.test(v)) throw new HttpProblem('query-invalid', `${name}: letters, digits and ._:- only`);
    return v;
  };
  return { action: pick('action'), subjectType: pick('subjectType'), subjectId: pick('subjectId') };
}

async function logPage(kg: Keygate, req: Request) {
  const latest = await latestSigned(kg);
  const size = latest.treeSize;
  const filter = filterOf(req);
  const filtered = filter.action !== undefined || filter.subjectType !== undefined || filter.subjectId !== undefined;
  const from = count(req.query.start, 'start');
  const before = count(req.query.before, 'before');
  const start = from ?? Math.max(0, (before ?? size) - PAGE);
  const entries = filtered
    ? await searchEntries(kg, filter, from !== undefined ? { from, limit: PAGE, order: 'asc' } : { below: before ?? size, limit: PAGE, order: 'desc' })
    : await readEntries(kg, start, Math.min(size, start + PAGE));
  // Filtered pages move by the matches shown: older ones below the first, newer ones after the last.
  const first = entries[0]?.index;
  const last = entries.at(-1)?.index;
  const pager = filtered
    ? { prev: first !== undefined && first > 0 ? `before=${first}` : null, next: last !== undefined && last + 1 < size ? `start=${last + 1}` : null }
    : { prev: start > 0 ? `start=${Math.max(0, start - PAGE)}` : null, next: start + PAGE < size ? `start=${start + PAGE}` : null };
  const checkpoints = await kg.logStore.listCheckpoints(Math.max(-1, size - CHECKPOINTS_SHOWN - 1), CHECKPOINTS_SHOWN + 1);
  return {
    latest: { treeSize: size, rootHash: latest.rootHash.toString('base64'), note: (await kg.log.latestCheckpoint()).note },
    verifierKey: kg.log.verifierKey,
    witnessing: kg.publisher.witnessed ? describeWitnessing(await kg.publisher.summary()) : null,
    entries: [...entries].reverse(),
    filter,
    filtered,
    start: first ?? start,
    ...pager,
    checkpoints: checkpoints.reverse().map((c) => ({ treeSize: c.treeSize, rootHash: c.rootHash.toString('base64'), issuedAt: c.issuedAt })),
  };
}

/**
 * The verify form's suggestions: the latest tree size and the sizes of the most recent checkpoints.
 * The auditor types any size (a checkpoint is issued at every size the log has had), rather than
 * scrolling through all of them.
 */
async function recentSizes(kg: Keygate): Promise<{ latestSize: number; recent: number[] }> {
  const latestSize = await publishedSize(kg);
  const recent = await kg.logStore.listCheckpoints(Math.max(-1, latestSize - CHECKPOINTS_SHOWN - 1), CHECKPOINTS_SHOWN + 1);
  return { latestSize, recent: recent.map((c) => c.treeSize).reverse() };
}

export function logPageRoutes(kg: Keygate): Router {
  const router = Router();
  router.get('/log', needs('listLogEntries'), async (req, res) => render(req, res, 'log.njk', await logPage(kg, req)));
  router.get('/log/entries/:index', needs('getInclusionProof'), async (req, res) => {
    const index = count(req.params.index, 'index') ?? 0;
    render(req, res, 'proof.njk', { index, ...(await checkInclusion(kg, index)) });
  });
  router.get('/log/verify', needs('getConsistencyProof'), async (req, res) => {
    const old = count(req.query.old, 'old');
    const stored = old === undefined ? null : await kg.logStore.checkpointAt(old);
    if (old !== undefined && stored === null) throw new HttpProblem('checkpoint-not-found', `no checkpoint was issued at tree size ${old}`);
    const result = stored === null ? null : await checkConsistency(kg, stored.note);
    render(req, res, 'verify.njk', { result, earlierNote: stored?.note ?? '', old: old ?? null, ...(await recentSizes(kg)) });
  });
  router.post('/log/verify', needs('getConsistencyProof'), async (req, res) => {
    const note = text(formOf(req), 'checkpoint');
    if (note === '') throw new HttpProblem('form-invalid', 'paste the earlier checkpoint (the whole signed note)');
    render(req, res, 'verify.njk', { result: await checkConsistency(kg, note), earlierNote: note, old: null, ...(await recentSizes(kg)) });
  });
  router.get('/log/export', needs('listLogEntries'), async (req, res) => render(req, res, 'export.njk', { size: await publishedSize(kg) }));
  router.get('/log/export/checkpoint', needs('getLogCheckpoint'), async (req, res) => {
    const size = count(req.query.size, 'size') ?? (await publishedSize(kg));
    const cp = await kg.logStore.checkpointAt(size);
    if (cp === null) throw new HttpProblem('checkpoint-not-found', `no checkpoint was issued at tree size ${size}`);
    res.attachment('checkpoint').type('text/plain; charset=utf-8').send(cp.note);
  });
  router.get('/log/export/verifier-key', needs('getLogKey'), (_req, res) => {
    res.attachment('verifier-key').type('text/plain; charset=utf-8').send(`${kg.log.verifierKey}\n`);
  });
  router.get('/log/export/entries.jsonl', needs('listLogEntries'), async (req, res) => {
    const published = await publishedSize(kg);
    const size = count(req.query.size, 'size') ?? published;
    if (size > published) throw new HttpProblem('range-invalid', `size ${size} is beyond the latest checkpoint (${published})`);
    res.attachment('entries.jsonl').type('application/jsonl');
    // The leaf bytes exactly as stored, one per line: canonical JSON never holds a raw newline.
    for (let start = 0; start < size; start += 1_000) {
      for (const leaf of await kg.logStore.readLeaves(start, Math.min(size, start + 1_000))) res.write(Buffer.concat([leaf.bytes, Buffer.from('\n')]));
    }
    res.end();
  });
  return router;
}
