// Time limits for tests whose duration depends on the machine: subprocesses, the browser, large
// fixtures. A limit here only detects a hang; it is never a speed check (speed is measured by the
// benchmarks in bench/). Limits scale with the machine's load when the suite starts and with
// KEYGATE_TEST_TIME_SCALE (for example 4 on a known-slow CI box), so a busy machine gets longer
// limits while a quiet one runs exactly as fast as before.
import os from 'node:os';

function scale(): number {
  const configured = Number(process.env.KEYGATE_TEST_TIME_SCALE ?? '1');
  const perCore = (os.loadavg()[0] ?? 0) / Math.max(1, os.availableParallelism());
  return Math.max(1, Number.isFinite(configured) ? configured : 1) * Math.max(1, perCore);
}

/**
 * A hang detector for a whole test or suite: `base` is a generous limit for a quiet machine
 * (several times the usual duration), multiplied by the load factor.
 */
export function machineLimit(baseMs: number): number {
  return Math.round(baseMs * scale());
}
