// The recursive private-key scan. Text is normalized (private-key-normalize.ts), searched for
// markers (private-key-markers.ts), and the parts of it that look encoded are decoded in every
// encoding and alignment (private-key-views.ts, private-key-decoders.ts); whatever comes out is
// searched for key structures (private-key-der.ts), unpacked when compressed, and its printable
// runs are scanned as text again, one layer deeper. Bytes (documents, archive members) are read
// as text when they are text, unpacked when they are archives, and otherwise searched for key
// structures and for the text runs inside them.
//
// Bounded: every layer charges its work to the scan's budget and nesting is limited
// (private-key-budget.ts), archives by ARCHIVE_BOUNDS. No recursion on input depth other than
// one frame per layer, at most MAX_NESTING.
import { gunzip, isGzip, isPdf, isTar, isZip, isZlib, unscannable, unsupportedFormat, untar, unzip, unzlib } from './document-archive.ts';
import type { ArchiveMember } from './document-archive.ts';
import { PkiError } from './errors.ts';
import { deeper, inMember, insideArchive } from './private-key-budget.ts';
import type { ScanContext } from './private-key-budget.ts';
import { findByteLists } from './private-key-byte-list.ts';
import {
  GROUP,
  decodeAscii85At,
  decodeBase32At,
  decodeBase64At,
  decodeBase64WithoutUrlAt,
  decodeHexAt,
  decodeZ85At,
  hasUrlCharacters,
} from './private-key-decoders.ts';
import { scanDerForPrivateKey } from './private-key-der.ts';
import { findMarkers } from './private-key-markers.ts';
import { markerSpans, prefilter, viewsNeeded } from './private-key-prefilter.ts';
import type { Needed } from './private-key-prefilter.ts';
import { foldUnicode, textVariants } from './private-key-normalize.ts';
import { atLocation, detection, through } from './private-key-types.ts';
import type { PrivateKeyDetection, PrivateKeyEncoding } from './private-key-types.ts';
import { textRuns } from './private-key-text-runs.ts';
import { decodeUnicodeText, utf16Runs } from './private-key-unicode.ts';
import { BASE32, BASE64, HEX, PRINTABLE, alphabetView, visibleBytes, withoutZeroWidth } from './private-key-views.ts';
import type { Alphabet } from './private-key-views.ts';

/** Shortest printable run in decoded or binary data that is scanned as text. */
export const MIN_TEXT_RUN = 40;
const OPENSSH_MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');
/** What isGzip and isZip check for, searched as a whole rather than byte by byte. */
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b, 0x08]);
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

interface Layer {
  readonly encoding: PrivateKeyEncoding;
  readonly group: number;
  readonly decode: (chars: Uint8Array, start: number, end: number, offset: number) => Uint8Array;
  /** Decode a region only when this holds for it. */
  readonly when?: (chars: Uint8Array, start: number, end: number) => boolean;
}

const LAYERS: readonly (readonly [Alphabet, keyof Needed | null, readonly Layer[]])[] = [
  [BASE64, null, [
    { encoding: 'base64', group: GROUP.base64, decode: decodeBase64At },
    { encoding: 'base64', group: GROUP.base64, decode: decodeBase64WithoutUrlAt, when: hasUrlCharacters },
  ]],
  [HEX, 'hex', [{ encoding: 'hex', group: GROUP.hex, decode: decodeHexAt }]],
  [BASE32, 'base32', [{ encoding: 'base32', group: GROUP.base32, decode: decodeBase32At }]],
  [PRINTABLE, 'printable', [
    { encoding: 'ascii85', group: GROUP.ascii85, decode: decodeAscii85At },
    { encoding: 'z85', group: GROUP.z85, decode: decodeZ85At },
  ]],
];

function latin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

/**
 * Scans text (a field, a document's text, a printable run of decoded data). The prefilter runs
 * on the text as given; each span it flags is scanned as written and after each way of undoing
 * its escapes (textVariants), so escapes elsewhere in a long document cost nothing.
 */
export function scanText(text: string, ctx: ScanContext): PrivateKeyDetection | null {
  ctx.budget.charge(text.length);
  const folded = foldUnicode(text);
  return findMarkersIn(folded) ?? findInSpans(folded, ctx);
}

function findMarkersIn(text: string): PrivateKeyDetection | null {
  for (const span of markerSpans(text)) {
    for (const variant of textVariants(text.slice(span.start, span.end))) {
      const found = findMarkers(latin1(visibleBytes(variant)).toUpperCase());
      if (found !== null) return found;
    }
  }
  return null;
}

function findInSpans(text: string, ctx: ScanContext): PrivateKeyDetection | null {
  const { encoded, numbers } = prefilter(text);
  for (const span of encoded) {
    for (const [n, variant] of textVariants(text.slice(span.start, span.end)).entries()) {
      // Undone escapes can reveal a byte list the prefilter could not see ("48%2C%20129").
      const found = findEncoded(visibleBytes(variant), viewsNeeded(variant, 0, variant.length), ctx) ?? (n > 0 ? findInByteLists(withoutZeroWidth(variant), ctx) : null);
      if (found !== null) return found;
    }
  }
  for (const span of numbers) {
    for (const variant of textVariants(text.slice(span.start, span.end))) {
      const found = findInByteLists(withoutZeroWidth(variant), ctx);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Between decodings joined for one scan: no text run, DER field or magic spans it. */
const BREAK = new Uint8Array(4);

/** Concatenation of decodings, with BREAK between them. */
function joined(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length + BREAK.length, 0));
  let n = 0;
  for (const p of parts) {
    out.set(p, n);
    n += p.length + BREAK.length;
  }
  return out;
}

/**
 * Every region of every view the span needs, decoded at every alignment. The decodings of one
 * layer are joined and scanned once: the scan has a cost per call that would otherwise dwarf
 * the work on a span of a few hundred characters.
 */
function findEncoded(visible: Uint8Array, needed: Needed, ctx: ScanContext): PrivateKeyDetection | null {
  for (const [alphabet, need, layers] of LAYERS) {
    if (need !== null && !needed[need]) continue;
    const view = alphabetView(visible, alphabet);
    if (view.regions.length === 0) continue;
    for (const layer of layers) {
      const parts: Uint8Array[] = [];
      for (const region of view.regions) {
        if (layer.when !== undefined && !layer.when(view.chars, region.start, region.end)) continue;
        for (let offset = 0; offset < layer.group; offset++) parts.push(layer.decode(view.chars, region.start, region.end, offset));
      }
      if (parts.length === 0) continue;
      const found = scanDecoded(joined(parts), deeper(ctx));
      if (found !== null) return through(found, layer.encoding);
    }
  }
  return null;
}

function findInByteLists(text: string, ctx: ScanContext): PrivateKeyDetection | null {
  for (const bytes of findByteLists(text)) {
    const found = scanDecoded(bytes, deeper(ctx));
    if (found !== null) return through(found, 'byte-list');
  }
  return null;
}

function hasOpensshMagic(b: Uint8Array): boolean {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).includes(OPENSSH_MAGIC);
}

/** Key structures anywhere in `b`: DER at any offset, or the OpenSSH key format's magic. */
function findStructure(b: Uint8Array): PrivateKeyDetection | null {
  const kind = scanDerForPrivateKey(b);
  if (kind !== null) return detection(kind, 'der');
  return hasOpensshMagic(b) ? detection('openssh', 'binary') : null;
}

/**
 * Decoded data (the output of one decoding, garbage at the wrong alignment): key structures,
 * compressed streams anywhere in it, and its printable runs as text.
 */
export function scanDecoded(b: Uint8Array, ctx: ScanContext): PrivateKeyDetection | null {
  ctx.budget.charge(b.length);
  return findStructure(b) ?? findPacked(b, ctx) ?? findInTextRuns(b, ctx, RUN_RETRIES);
}

/**
 * Characters dropped from the front of a text run when the run as a whole holds nothing: decoded
 * garbage from a glued-on neighbour can end in a printable character that changes how the real
 * text starts reads ("%" before "30%2082…" makes "%30" of it). Runs are rare in data that does not
 * hold nested text, so trying again costs little.
 */
const RUN_RETRIES = 4;

function findInTextRuns(b: Uint8Array, ctx: ScanContext, retries: number): PrivateKeyDetection | null {
  for (const run of textRuns(b, MIN_TEXT_RUN)) {
    for (let drop = 0; drop <= retries && run.length - drop >= MIN_TEXT_RUN; drop++) {
      const found = scanText(drop === 0 ? run : run.slice(drop), ctx);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * A gzip stream or zip archive starting anywhere in decoded data (the prefix may be garbage from
 * a glued-on neighbour). A candidate that is not really one (corrupt) is skipped; a bomb is not.
 */
function findPacked(b: Uint8Array, ctx: ScanContext): PrivateKeyDetection | null {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  for (let at = buf.indexOf(GZIP_MAGIC); at >= 0; at = buf.indexOf(GZIP_MAGIC, at + 1)) {
    const found = speculative(() => scanBytes(gunzip(b.subarray(at), ctx.archives), insideArchive(ctx)));
    if (found !== null) return through(found, 'gzip');
  }
  for (let at = buf.indexOf(ZIP_MAGIC); at >= 0; at = buf.indexOf(ZIP_MAGIC, at + 1)) {
    const found = speculative(() => scanMembers(unzip(b, ctx.archives, at), insideArchive(ctx)));
    if (found !== null) return found;
  }
  return null;
}

function speculative(work: () => PrivateKeyDetection | null): PrivateKeyDetection | null {
  try {
    return work();
  } catch (err) {
    if (err instanceof PkiError && err.code === 'document-unscannable') return null;
    throw err;
  }
}

function scanMembers(members: readonly ArchiveMember[], ctx: ScanContext): PrivateKeyDetection | null {
  for (const m of members) {
    const found = scanBytes(m.bytes, inMember(ctx, m.name));
    if (found !== null) return atLocation(found, `member ${m.name}`);
  }
  return null;
}

/** Text of a document, and for markup (XML of office documents, HTML) its text with the tags taken out. */
function scanDocumentText(text: string, ctx: ScanContext): PrivateKeyDetection | null {
  const found = scanText(text, ctx);
  if (found !== null || !/^\s*</.test(text)) return found;
  // A key split over runs of a word-processor paragraph or cells of a sheet: <w:t>MIGH</w:t><w:t>AgEA…
  return scanText(text.replace(/<[^>]{0,4096}>/g, ''), ctx);
}

/**
 * Bytes as received or unpacked: a document, a member of an archive, a request body. Refuses
 * (document-unscannable) archive formats that cannot be unpacked.
 */
export function scanBytes(b: Uint8Array, ctx: ScanContext): PrivateKeyDetection | null {
  ctx.budget.charge(b.length);
  const structure = findStructure(b);
  if (structure !== null) return structure;
  if (isGzip(b)) return through1(scanBytes(gunzip(b, ctx.archives), insideArchive(ctx)), 'gzip');
  if (isZip(b)) return scanMembers(unzip(b, ctx.archives), insideArchive(ctx));
  if (isTar(b)) return scanMembers(untar(b, ctx.archives), insideArchive(ctx));
  const unsupported = unsupportedFormat(b);
  if (unsupported !== null) throw unscannable(`the document is ${unsupported}-compressed or archived`);
  // Its raw bytes are scanned here like any binary; its text (compressed content streams, fonts'
  // encodings) is read by the PDF reader afterwards (document-scan.ts).
  if (isPdf(b)) ctx.pdfs.push({ bytes: b, where: ctx.where, archiveDepth: ctx.archiveDepth });
  const text = decodeUnicodeText(b);
  if (text !== null) return scanDocumentText(text, ctx);
  if (isZlib(b)) {
    const found = speculative(() => through1(scanBytes(unzlib(b, ctx.archives), insideArchive(ctx)), 'zlib'));
    if (found !== null) return found;
  }
  return scanBinary(b, ctx);
}

function through1(found: PrivateKeyDetection | null, encoding: PrivateKeyEncoding): PrivateKeyDetection | null {
  return found === null ? null : through(found, encoding);
}

/** Binary data: the ASCII and UTF-16 text runs inside it. */
function scanBinary(b: Uint8Array, ctx: ScanContext): PrivateKeyDetection | null {
  const found = findInTextRuns(b, ctx, 0);
  if (found !== null) return found;
  for (const run of utf16Runs(b, MIN_TEXT_RUN)) {
    const inRun = scanText(run, ctx);
    if (inRun !== null) return inRun;
  }
  return null;
}
