// Tile serving at 1,000,000 entries: full level-0 hash tiles (256 hashes, 8,192 bytes) per
// second, each a random one of the log's full tiles, from a `keygate serve` process on the shared
// large log (bench/million-log.ts), with an auditor's Bearer token. autocannon runs in this
// process, the server in its own; both share the machine's cores. Full entry bundles (gzip, as a
// tile client asks for them) are measured the same way for comparison.
//   node --import tsx bench/log-tiles.ts [--duration 10] [--connections 16] [--entries 1000000]
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { formatTilePath, TILE_WIDTH } from '../audit/tiles.ts';
import { machine } from './common.ts';
import { MILLION, serveBenchLog } from './million-log.ts';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '16' }, entries: { type: 'string', default: String(MILLION) } } });

const served = await serveBenchLog(Number(values.entries));
try {
  const size = Number((await (await served.get('/api/v1/log/checkpoint')).text()).split('\n')[1]);
  const fullTiles = Math.floor(size / TILE_WIDTH);
  const random = () => Math.floor(Math.random() * fullTiles);
  // A sample read first: a full tile is 256 hashes and immutable.
  const sample = await served.get(`/api/v1/log/${formatTilePath({ kind: 'hashes', level: 0, index: random(), width: TILE_WIDTH })}`);
  const bytes = Buffer.from(await sample.arrayBuffer());
  if (sample.status !== 200 || bytes.length !== TILE_WIDTH * 32 || !/immutable/.test(sample.headers.get('cache-control') ?? '')) throw new Error(`unexpected tile answer ${sample.status}, ${bytes.length} bytes`);

  const run = (label: string, kind: 'hashes' | 'entries', headers: Record<string, string>) =>
    autocannon({
      url: served.server.url,
      connections: Number(values.connections),
      duration: Number(values.duration),
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            path: `/api/v1/log/${formatTilePath(kind === 'hashes' ? { kind, level: 0, index: random(), width: TILE_WIDTH } : { kind, index: random(), width: TILE_WIDTH })}`,
            headers: { authorization: `Bearer ${served.token}`, ...headers },
          }),
        },
      ],
    }).then((r) => {
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`${label}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
      console.log(`| ${label} | ${Math.round(r.requests.average)} | ${r.latency.p50} ms | ${r.latency.p99} ms |`);
    });

  console.log(`machine: ${machine()}; SQLite; tree size ${size} (${fullTiles} full level-0 tiles); autocannon -c ${values.connections} -d ${values.duration} in the benchmark process`);
  console.log('| tiles | per second | p50 | p99 |\n| --- | --- | --- | --- |');
  await run('full level-0 hash tiles, random', 'hashes', {});
  await run('full entry bundles, random, gzip', 'entries', { 'accept-encoding': 'gzip' });
  await run('full level-0 hash tiles, random (again)', 'hashes', {});
} finally {
  await served.server.stop();
}
