// Checks on `--out` paths before any work starts, so that a wrong path is a usage error that
// says what to do (exit 2) rather than a raw EEXIST or ENOTDIR from deep inside a write.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './report-error.ts';

function statOf(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') throw new UsageError(`--out ${p}: part of the path is a file, not a directory`);
    throw new UsageError(`cannot use ${p}: ${(err as Error).message}`);
  }
}

/** A directory to write into: a new one (created later) or an existing directory. */
export function checkOutDirectory(dir: string): void {
  const stat = statOf(dir);
  if (stat !== null && !stat.isDirectory()) throw new UsageError(`--out ${dir} is an existing file, not a directory; name a new directory`);
  const parent = statOf(path.dirname(path.resolve(dir)));
  if (parent !== null && !parent.isDirectory()) throw new UsageError(`--out ${dir}: ${path.dirname(dir)} is not a directory`);
}

/** A file to create: it must not exist (nothing is overwritten) and its directory must. */
export function checkNewOutFile(file: string): void {
  const stat = statOf(file);
  if (stat !== null) {
    throw new UsageError(`--out ${file} already exists${stat.isDirectory() ? ' and is a directory' : ''}; nothing is overwritten: name a new file or move the old one away`);
  }
  const parent = statOf(path.dirname(path.resolve(file)));
  if (parent === null || !parent.isDirectory()) throw new UsageError(`--out ${file}: the directory ${path.dirname(file)} does not exist`);
}
