// The request page and the filtered log page at 1,000,000 entries (goal: median at most 50 ms
// each), against a `keygate serve` process on the shared large log (bench/million-log.ts: the demo,
// then synthetic `vote.cast` entries on 20,000 `transfer-request` subjects). Samples of every page
// are taken in turns, one request at a time, with an auditor's Bearer token.
//   node --import tsx bench/log-pages.ts [--samples 200] [--entries 1000000]
import { parseArgs } from 'node:util';
import { machine, median, percentile } from './common.ts';
import { MILLION, serveBenchLog } from './million-log.ts';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '200' }, entries: { type: 'string', default: String(MILLION) } } });
const SAMPLES = Number(values.samples);

const PAGES: Record<string, string> = {
  'request page (REQ-DEMO-1: its timeline from the index)': '/ui/requests/REQ-DEMO-1',
  'log page, action=request (a few matches, oldest entries)': '/ui/log?action=request',
  'log page, action=vote (prefix matching 1,000,000 entries)': '/ui/log?action=vote',
  'log page, action=vote.cast, before=500000': '/ui/log?action=vote.cast&before=500000',
  'log page, subjectType=transfer-request&subjectId=req-12345': '/ui/log?subjectType=transfer-request&subjectId=req-12345',
  'log page, subjectType=request (start=0)': '/ui/log?subjectType=request&start=0',
  'log page, unfiltered (latest 50; reference)': '/ui/log',
};

const served = await serveBenchLog(Number(values.entries));
try {
  const times = new Map<string, number[]>(Object.keys(PAGES).map((k) => [k, []]));
  for (let i = -5; i < SAMPLES; i++) {
    for (const [name, url] of Object.entries(PAGES)) {
      const t = performance.now();
      const res = await served.get(url);
      const body = await res.text();
      const ms = performance.now() - t;
      if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${body.slice(0, 300)}`);
      if (i >= 0) times.get(name)!.push(ms); // the first five rounds warm up
    }
  }
  console.log(`machine: ${machine()}; SQLite; ${SAMPLES} samples per page, in turns`);
  console.log('| page | median | p90 | p99 |\n| --- | --- | --- | --- |');
  for (const [name, xs] of times) console.log(`| ${name} | ${median(xs).toFixed(1)} ms | ${percentile(xs, 90).toFixed(1)} ms | ${percentile(xs, 99).toFixed(1)} ms |`);
} finally {
  await served.server.stop();
}
