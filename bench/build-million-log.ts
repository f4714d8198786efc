// node --import tsx bench/build-million-log.ts [--entries N]
// Builds (or completes) the shared large log of bench/million-log.ts and prints its data dir.
import { parseArgs } from 'node:util';
import { benchLog, MILLION } from './million-log.ts';

const { values } = parseArgs({ options: { entries: { type: 'string', default: String(MILLION) } } });
const log = await benchLog(Number(values.entries));
process.stdout.write(`${log.dataDir}\n`);
