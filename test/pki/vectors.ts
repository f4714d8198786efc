// Where the public SMKI test certificates live: ../shared/vectors/smki-test-certs next to the
// repository (DOMAIN.md). They are read in place, never copied into the project. A missing
// folder follows the rule of every vector suite (test/helpers/vectors.ts): it fails the run when
// CI is set, and is skipped with a notice elsewhere.
import type { Context } from 'mocha';
import { locateVectors } from '../helpers/vectors.ts';

export { REPO_ROOT } from '../helpers/vectors.ts';

const SMKI_TEST_CERTS = 'smki-test-certs';

/**
 * The vectors folder, for use inside a test or a hook. When it is missing: throws under CI (the
 * test or the suite fails), otherwise marks it pending and says why.
 */
export function smkiVectorsOrSkip(ctx: Pick<Context, 'skip'>, env: NodeJS.ProcessEnv = process.env, name = SMKI_TEST_CERTS): string {
  const folder = locateVectors(name, env);
  if (folder.found) return folder.dir;
  console.warn(`    (${folder.message})`);
  return ctx.skip();
}
