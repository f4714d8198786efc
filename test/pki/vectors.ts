// Where the public SMKI test certificates live: ../shared/vectors/smki-test-certs next to the
// repository (DOMAIN.md). They are read in place, never copied into the project.
import { existsSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const VECTORS_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'vectors', 'smki-test-certs');

/** The vectors folder, or null when it is missing. */
export function vectorsDir(): string | null {
  return existsSync(VECTORS_DIR) ? VECTORS_DIR : null;
}
