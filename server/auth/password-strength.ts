// Password strength: length alone let "            ", "aaaaaaaaaaaa" and "password1234" through.
// A password is refused when zxcvbn-ts (dictionaries of common passwords, names and English
// words, keyboard patterns, repeats and sequences) estimates it guessable in fewer than 10^8
// guesses (its score 3: "safely unguessable" against an online attack and moderate against an
// offline one on a slow hash), and the refusal says why in the estimator's words.
// The dictionaries take a few hundred milliseconds and some megabytes to load: they are loaded
// on the first check, never by a process that sets no password.
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { AuthError } from './errors.ts';

/** zxcvbn's score, 0 to 4; 3 means at least 10^8 estimated guesses. */
export const MIN_PASSWORD_SCORE = 3;
/** Words that make a password guessable here whoever chooses it. */
const PRODUCT_WORDS = ['keygate', 'smki', 'pma', 'dcc', 'smart', 'meter', 'metering'];

let estimator: Promise<ZxcvbnFactory> | undefined;

function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]);
    return new ZxcvbnFactory({ translations: en.translations, graphs: common.adjacencyGraphs, dictionary: { ...common.dictionary, ...en.dictionary } });
  })();
  return estimator;
}

/**
 * Throws AuthError `account-invalid` naming the weakness when the password is too easy to guess.
 * `related` are values an attacker would try first (the username), penalized like dictionary words.
 */
export async function checkPasswordStrength(password: string, related: readonly string[] = []): Promise<void> {
  const result = (await loadEstimator()).check(password, [...PRODUCT_WORDS, ...related]);
  if (result.score >= MIN_PASSWORD_SCORE) return;
  const why = result.feedback.warning ?? 'It would be found by a guessing attack.';
  const advice = result.feedback.suggestions.length > 0 ? result.feedback.suggestions.join(' ') : 'Use a longer passphrase of several uncommon words.';
  throw new AuthError('account-invalid', `the password is too easy to guess (about 10^${Math.floor(result.guessesLog10)} guesses): ${why} ${advice}`);
}
