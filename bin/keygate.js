#!/usr/bin/env node
// Entry point for `keygate` (`npx keygate` in a clone). Runs the compiled JavaScript in dist/
// when it is current with the sources; otherwise (a source changed since the last build) the
// TypeScript sources through tsx, a development dependency, so that a stale build is never run.
import { isDistCurrent } from './source-state.js';

if (isDistCurrent()) {
  await import('../dist/server/cli/main.js');
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('keygate: the compiled files in dist/ are missing or older than the sources, and tsx is not installed: run `npm run build`\n');
    process.exit(2);
  }
  register();
  await import('../server/cli/main.ts');
}
