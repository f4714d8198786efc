// `npm run build` (also run by `prepare`, so `npm install` does it): compiles the sources to
// dist/ with tsc (tsconfig.build.json rewrites the .ts import specifiers to .js), copies the files
// the code reads at run time (page templates, static files), then stamps dist/ as current.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BUILD_STAMP, DIST, ROOT, SOURCE_DIRS } from '../bin/source-state.js';

// Stamped with the time the build started: a source saved during the build leaves dist/ stale.
const started = new Date();
const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });

/** Every file but TypeScript sources, mirrored into dist/. */
function copyAssets(dir) {
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) copyAssets(rel);
    else if (!entry.name.endsWith('.ts')) {
      fs.mkdirSync(path.join(DIST, dir), { recursive: true });
      fs.copyFileSync(path.join(ROOT, rel), path.join(DIST, rel));
    }
  }
}
for (const dir of SOURCE_DIRS) copyAssets(dir);
fs.writeFileSync(BUILD_STAMP, `${started.toISOString()}\n`);
fs.utimesSync(BUILD_STAMP, started, started);
