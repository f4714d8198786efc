// Votes per second through the write path in process (no HTTP): ApprovalService.execute of
// request.vote_cast, one after another, on the demo world with requests in voting. Reports wall
// votes/s and the process's CPU time per vote; the CPU figure is the steadier one on a shared
// machine. Run it on the trees to compare, in turns.
//   node --import tsx bench/votes.ts [--votes 3000] [--engine sqlite|postgres]
// With `--import ./bench/count-canonicalize.mjs` it also counts canonicalizations per vote.
import { parseArgs } from 'node:util';
import { openKeygate } from '../server/compose.ts';
import { benchConfig, freshDatabase, machine } from './common.ts';
import { prepareVoting } from './vote-load.ts';

const { values } = parseArgs({ options: { votes: { type: 'string', default: '3000' }, engine: { type: 'string', default: 'sqlite' } } });
const VOTES = Number(values.votes);
const engine = values.engine === 'postgres' ? 'postgres' : 'sqlite';

const kg = await openKeygate(benchConfig(freshDatabase(engine)));
try {
  const cast = await prepareVoting(kg);
  for (let n = 0; n < 200; n++) await cast(n);
  const counter = globalThis as { __kgCanonicalizations?: number };
  const canonicalizedBefore = counter.__kgCanonicalizations ?? 0;
  let queries = 0;
  kg.db.knex.on('query', () => void queries++);
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (let n = 200; n < 200 + VOTES; n++) await cast(n);
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const canonicalized = (counter.__kgCanonicalizations ?? 0) - canonicalizedBefore;
  console.log(`machine: ${machine()}; ${engine}; ${VOTES} votes, one at a time`);
  if (counter.__kgCanonicalizations !== undefined) console.log(`RFC 8785 canonicalizations per vote: ${canonicalized / VOTES}`);
  console.log(`SQL statements per vote (BEGIN and COMMIT included): ${queries / VOTES}`);
  console.log(`${Math.round((VOTES / wall) * 1000)} votes/s wall, ${Math.round((used.user + used.system) / VOTES)} µs CPU per vote (user ${Math.round(used.user / VOTES)}, system ${Math.round(used.system / VOTES)})`);
} finally {
  await kg.close();
}
