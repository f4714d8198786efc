// Whether dist/ (the compiled JavaScript that `npm run build` writes, and `npm install` through
// the `prepare` script) is current with the TypeScript sources. Shared by the bin, which runs
// dist/ only when it is current, and by the build, which stamps it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');
/** Everything the build reads: the sources (with their templates and static files) and its configuration. */
export const SOURCE_DIRS = ['audit', 'pki', 'approvals', 'server', 'types'];
const SOURCE_FILES = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];
/** Written last by the build; its mtime is when dist/ was complete. */
export const BUILD_STAMP = path.join(DIST, '.build-stamp');

function newestIn(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestIn(full) : fs.statSync(full).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

/** The newest modification time among the build's inputs, in milliseconds. */
export function newestSource() {
  let newest = 0;
  for (const dir of SOURCE_DIRS) newest = Math.max(newest, newestIn(path.join(ROOT, dir)));
  for (const file of SOURCE_FILES) newest = Math.max(newest, fs.statSync(path.join(ROOT, file)).mtimeMs);
  return newest;
}

/** True when dist/ was built after the last change to any of its inputs. */
export function isDistCurrent() {
  let stamp;
  try {
    stamp = fs.statSync(BUILD_STAMP).mtimeMs;
  } catch {
    return false;
  }
  return stamp >= newestSource();
}
