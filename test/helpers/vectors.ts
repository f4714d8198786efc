// Locates the language-neutral test vectors kept beside every checkout in ../shared/vectors
// (never copied into the repository). Rule shared by every suite that reads them: when the
// folder is missing, FAIL if CI is set, otherwise skip and say so plainly.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_VECTORS_ROOT = path.resolve(REPO_ROOT, '..', 'shared', 'vectors');

export type VectorFolder =
  | { readonly found: true; readonly dir: string }
  | { readonly found: false; readonly dir: string; readonly message: string };

/**
 * ../shared/vectors/<name>. Throws when it is missing and `env.CI` is set (a CI run must never
 * pass without its vectors); otherwise reports it missing, with a message for the skip.
 */
export function locateVectors(name: string, env: NodeJS.ProcessEnv = process.env): VectorFolder {
  const dir = path.resolve(SHARED_VECTORS_ROOT, name);
  if (existsSync(dir) && statSync(dir).isDirectory()) return { found: true, dir };
  const message = `test vectors not found at ${dir}`;
  if (env.CI !== undefined && env.CI !== '') {
    throw new Error(`${message}; CI is set, so these tests must not be skipped`);
  }
  return { found: false, dir, message: `SKIPPED: ${message} (they are checked out beside the repository; set CI to make this fail)` };
}

/** Every *.json file under `dir`, as sorted '/'-separated paths relative to `dir`. */
export function listJsonFiles(dir: string): string[] {
  const walk = (rel: string): string[] =>
    readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((entry) => {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) return walk(child);
      return entry.isFile() && entry.name.endsWith('.json') ? [child] : [];
    });
  return walk('').sort();
}

/**
 * Declares the suite body only when the vectors are present: otherwise one pending test whose
 * title says why (or, under CI, one failing test). Call inside `describe`.
 */
export function withVectors(name: string, body: (dir: string) => void): void {
  let folder: VectorFolder;
  try {
    folder = locateVectors(name);
  } catch (err) {
    it(`finds the ${name} vectors`, () => {
      throw err;
    });
    return;
  }
  if (folder.found) {
    body(folder.dir);
  } else {
    console.warn(folder.message);
    it.skip(folder.message);
  }
}
