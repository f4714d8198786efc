// Mocha settings. The default per-test limit is a hang detector, not a speed check: it scales with
// the machine's load when the suite starts and with KEYGATE_TEST_TIME_SCALE (see
// test/helpers/time-limits.ts), so a busy CI box does not fail tests that a quiet one passes.
const os = require('node:os');

const configured = Number(process.env.KEYGATE_TEST_TIME_SCALE ?? '1');
const perCore = os.loadavg()[0] / Math.max(1, os.availableParallelism());
const scale = Math.max(1, Number.isFinite(configured) ? configured : 1) * Math.max(1, perCore);

// `npx mocha test/x.test.ts` runs that file alone; plain `mocha` runs the whole suite.
const named = process.argv.slice(2).some((a) => a.endsWith('.test.ts'));

module.exports = {
  'node-option': ['import=tsx'],
  ...(named ? {} : { spec: ['test/**/*.test.ts'] }),
  timeout: Math.round(60_000 * scale),
  reporter: 'spec',
};
