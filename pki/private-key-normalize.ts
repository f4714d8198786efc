// Text normalization before the private-key scan. Text gets mangled on its way here (mail
// clients, PDFs, spreadsheets, copy and paste, form and JSON encoders); the scan must see through
// that, so it first
//   1. applies Unicode NFKC (full-width and compatibility forms become ASCII) and maps the
//      Cyrillic and Greek letters that look like Latin ones, and dashes and slashes, to ASCII;
//   2. undoes JSON string escapes, percent-encoding and HTML character references, repeatedly
//      (text escaped several times over), as a second variant: undoing them can also corrupt
//      what was not escaped (ascii85 uses % and &), so the text as given is scanned as well.
// Whitespace, zero-width and control characters are dropped later, by the views
// (private-key-views.ts). Everything here is linear and allocation-bounded.

const NON_ASCII = /[\u0080-\uffff]/;

/** Look-alikes NFKC leaves alone, to the ASCII character they imitate. */
const CONFUSABLES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    // Cyrillic
    'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C', 'Т': 'T', 'Х': 'X', 'У': 'Y',
    'Ѕ': 'S', 'І': 'I', 'Ј': 'J', 'Ԛ': 'Q', 'Ԝ': 'W',
    'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'i', 'ј': 'j', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'һ': 'h', 'ɡ': 'g',
    // Greek
    'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O', 'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
    'ο': 'o', 'ν': 'v', 'κ': 'k',
    // Dashes, minus signs and slashes
    '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '―': '-', '−': '-', '⁄': '/', '∕': '/',
  }),
);
const CONFUSABLE = /[\u0370-\u052f\u0261\u2010-\u2015\u2212\u2044\u2215]/g;

/*
 * foldUnicode normalizes each run of non-ASCII characters with the character before it (the base
 * a combining mark may compose with). NFKC never changes, composes or reorders across a boundary
 * in front of an ASCII character (ASCII characters are starters that compose with nothing before
 * them), so this gives the same text as normalizing the whole, at a fraction of the cost on long
 * mostly-ASCII documents.
 */

/** Short runs recur (quotes, dashes, accented letters): their foldings are remembered, up to a bound. */
const FOLDED_RUNS = new Map<string, string>();
const REMEMBERED_RUNS = 4096;
const REMEMBERED_LENGTH = 8;

function foldRun(run: string): string {
  const known = FOLDED_RUNS.get(run);
  if (known !== undefined) return known;
  const folded = run.normalize('NFKC').replace(CONFUSABLE, (c) => CONFUSABLES.get(c) ?? c);
  if (run.length <= REMEMBERED_LENGTH && FOLDED_RUNS.size < REMEMBERED_RUNS) FOLDED_RUNS.set(run, folded);
  return folded;
}

/** NFKC, then look-alikes to ASCII. ASCII text is returned as is (the common case, and free). */
export function foldUnicode(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  const parts: string[] = [];
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 0x80) continue;
    const start = i > 0 ? i - 1 : 0;
    let end = i + 1;
    while (end < text.length && text.charCodeAt(end) >= 0x80) end++;
    parts.push(text.slice(copied, start), foldRun(text.slice(start, end)));
    copied = i = end;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

const JSON_ESCAPE = /\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))/g;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const PERCENT = /%([0-9a-fA-F]{2})/g;
const ENTITY = /&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z]{2,10}));/g;
/** Named references that stand for characters of the encodings (and the usual XML five). */
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', plus: '+', sol: '/', bsol: '\\', equals: '=', colon: ':', comma: ',',
  period: '.', lowbar: '_', hyphen: '-', dash: '-', NewLine: '\n', Tab: '\t', num: '#', excl: '!', quest: '?', lpar: '(', rpar: ')',
  lsqb: '[', rsqb: ']', lcub: '{', rcub: '}', semi: ';', percnt: '%', dollar: '$', ast: '*', verbar: '|', grave: '`', Hat: '^', tilde: '~',
};

function fromCodePoint(code: number): string {
  return code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '';
}

function unescapeJson(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(JSON_ESCAPE, (_m, hex: string | undefined, simple: string | undefined) => (hex !== undefined ? String.fromCharCode(parseInt(hex, 16)) : SIMPLE_ESCAPES[simple!]!));
}

function unescapePercent(text: string): string {
  return text.includes('%') ? text.replace(PERCENT, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

function unescapeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (m, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (dec !== undefined) return fromCodePoint(Number(dec));
    if (hex !== undefined) return fromCodePoint(parseInt(hex, 16));
    return NAMED_ENTITIES[name!] ?? m;
  });
}

const UNESCAPERS = [unescapeJson, unescapePercent, unescapeEntities] as const;

/** Rounds of unescaping: text JSON-encoded, percent-encoded or entity-encoded this many times over. */
export const MAX_UNESCAPE_ROUNDS = 8;
/** Variants kept at most: each round undoes one kind of escape, in every order that changes something. */
const MAX_VARIANTS = 10;

/**
 * The texts to scan for `text`: folded, then every text reached by undoing one kind of escape
 * at a time (JSON, percent, HTML), round after round. One kind at a time, and every step kept,
 * because undoing an escape can corrupt what was not escaped (ascii85 and Z85 use %, & and \):
 * the right text to decode is not always the last one.
 */
export function textVariants(text: string): string[] {
  const variants = [foldUnicode(text)];
  let frontier = variants;
  for (let round = 0; round < MAX_UNESCAPE_ROUNDS && frontier.length > 0 && variants.length < MAX_VARIANTS; round++) {
    const next: string[] = [];
    for (const t of frontier) {
      for (const undo of UNESCAPERS) {
        const u = undo(t);
        if (u === t) continue;
        const folded = foldUnicode(u); // an escape may have produced full-width or look-alike characters
        if (variants.includes(folded) || variants.length >= MAX_VARIANTS) continue;
        variants.push(folded);
        next.push(folded);
      }
    }
    frontier = next;
  }
  return variants;
}
