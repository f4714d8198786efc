// Benchmark: private-key detector throughput on benign inputs. Goal (issue 12): at least 50 MB/s
// on benign text and on benign binary documents.
//
//   node --import tsx bench/private-key-scan.ts [MB]
//
// Text: the Markdown documentation shipped in node_modules (real prose, tables, code, URLs) and
// the project's own README, cycled to MB megabytes; English prose generated from a word list;
// typical JSON request bodies. Binary: random bytes (what compressed data looks like), gzip and
// zip of the Markdown text, and UTF-16 of it. Every input must scan clean (a detection aborts the
// run: the benchmark measures benign input). Figures are CPU time of this process (user+system),
// less sensitive to other load on the machine than wall time, which is printed beside.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { readPdf } from '../pki/document-pdf.ts';
import { findPrivateKeyMaterial, scanDocument } from '../pki/index.ts';
import { pdfDocument, zipArchive } from '../test/helpers/documents.ts';
import { machine } from './common.ts';

const MB = Number(process.argv[2] ?? 16);
const SIZE = MB * 1024 * 1024;

function cycle(text: string, size: number): string {
  let out = text;
  while (out.length < size) out += text;
  return out.slice(0, size);
}

function markdown(): string {
  const files = execFileSync('find', ['node_modules', '-maxdepth', '3', '-name', '*.md'], { encoding: 'utf8' }).trim().split('\n');
  return [fs.readFileSync('README.md', 'utf8'), ...files.map((f) => fs.readFileSync(f, 'utf8'))].join('\n\n');
}

function prose(size: number): string {
  const words = 'the of and to a in that is for on as with by this be are from at or an which was have it not SMKI PMA DCC SSC TCoS ECoS transfer approval mechanism recipient systems Section G Smart Energy Code chair member quorum vote advice condition evidence assessment'.split(' ');
  let x = 12345;
  const parts: string[] = [];
  let n = 0;
  while (n < size) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const w = words[x % words.length]!;
    const sep = x % 13 === 0 ? '. ' : x % 7 === 0 ? ', ' : ' ';
    parts.push(w, sep);
    n += w.length + sep.length;
  }
  return parts.join('').slice(0, size);
}

function requestBody(i: number): string {
  return JSON.stringify({
    keyId: crypto.createHash('sha256').update(String(i)).digest('hex'),
    sourceProviderId: 'tcos-host',
    targetProviderId: 'ecos',
    programme: 'tcos_to_ecos',
    rationale: 'The TCoS service is being shut down; the private key moves to the ECoS Party so that Change of Supplier keeps working.',
    mechanism: { method: 'hsm_to_hsm', description: 'Key wrapped under a transport key, split knowledge, dual control, witnessed.', witnesses: ['A. Smith', 'B. Jones'] },
    recipientSecurity: { sectionGStatement: 'Assessed by the DCC Independent Security Assessment Service Provider, report 2024-17.', assessmentReferences: ['ISA-2024-17'], prospectiveChangesConsidered: 'G5 changes considered.', recipientProspective: false },
    executionWindow: { from: '2026-03-01T09:00:00Z', until: '2026-03-02T17:00:00Z' },
    attachments: [{ sha256: crypto.createHash('sha256').update(`a${i}`).digest('hex'), size: 12345, name: 'assessment.pdf' }],
  });
}

interface Measured {
  readonly cpuMs: number;
  readonly wallMs: number;
}

function measure(input: string | Uint8Array | readonly string[]): Measured {
  const run = (): void => {
    const items = Array.isArray(input) ? input : [input];
    for (const item of items) {
      const found = findPrivateKeyMaterial(typeof item === 'string' && Array.isArray(input) ? JSON.parse(item) : item);
      if (found !== null) throw new Error(`benign input flagged: ${found.description}`);
    }
  };
  run(); // warm-up
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  run();
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs: Number(process.hrtime.bigint() - wall) / 1e6 };
}

/** Documents through scanDocument (the upload path: PDFs also read for their text with pdf.js). */
async function measureDocument(doc: Uint8Array): Promise<Measured> {
  const run = async (): Promise<void> => {
    const found = await scanDocument(doc);
    if (found !== null) throw new Error(`benign document flagged: ${found.description}`);
  };
  await run(); // warm-up (loads pdf.js)
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  await run();
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs: Number(process.hrtime.bigint() - wall) / 1e6 };
}

function report(label: string, bytes: number, m: Measured): number {
  const rate = bytes / 1e6 / (m.cpuMs / 1000);
  console.log(`  ${label.padEnd(46)} ${(bytes / 1e6).toFixed(1).padStart(6)} MB  ${rate.toFixed(0).padStart(5)} MB/s CPU  (${(bytes / 1e6 / (m.wallMs / 1000)).toFixed(0)} MB/s wall)`);
  return rate;
}

console.log(`private-key-scan: ${MB} MB per input; ${machine()}`);
const md = cycle(markdown(), SIZE);
const english = prose(SIZE);
const bodies = Array.from({ length: Math.ceil(SIZE / 1200) }, (_, i) => requestBody(i));
const bodyBytes = bodies.reduce((n, b) => n + b.length, 0);
console.log('text');
const rates = [
  report('Markdown documentation (node_modules, README)', md.length, measure(md)),
  report('English prose with acronyms and numbers', english.length, measure(english)),
  report('JSON request bodies, parsed values', bodyBytes, measure(bodies)),
];
console.log('binary');
const random = crypto.randomBytes(SIZE);
const gz = zlib.gzipSync(md);
const docx = zipArchive([
  { name: 'word/document.xml', bytes: `<?xml version="1.0"?><w:document><w:body>${md.slice(0, SIZE / 2).replace(/[<&]/g, ' ')}</w:body></w:document>` },
  { name: 'word/styles.xml', bytes: '<w:styles/>' },
]);
const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(md.slice(0, SIZE / 2), 'utf16le')]);
rates.push(
  report('random bytes (compressed data)', random.length, measure(random)),
  report('gzip of the Markdown (scanned expanded)', gz.length, measure(gz)),
  report('zip with deflated XML (a .docx)', docx.length, measure(docx)),
  report('UTF-16 text with a BOM', utf16.length, measure(utf16)),
);
// A PDF of the Markdown, 60 lines of at most 90 characters per page, content streams deflated.
const lines = md.slice(0, SIZE / 4).split('\n').flatMap((l) => l.match(/.{1,90}/g) ?? ['']).map((l) => l.replace(/[^\x20-\x7e]/g, '?'));
const pages = Array.from({ length: Math.ceil(lines.length / 60) }, (_, i) => lines.slice(i * 60, i * 60 + 60));
const pdf = pdfDocument(pages);
rates.push(report(`PDF, ${pages.length} pages of text (pdf.js)`, pdf.length, await measureDocument(pdf)));
// How much of that is pdf.js reading the text, and how much our scan of the text it gives.
const cpu = process.cpuUsage();
const wall = process.hrtime.bigint();
const content = await readPdf(pdf);
const read = process.cpuUsage(cpu);
const readMs = { cpuMs: (read.user + read.system) / 1000, wallMs: Number(process.hrtime.bigint() - wall) / 1e6 };
report('  of which pdf.js text extraction alone', pdf.length, readMs);
const pageTexts = content.pages.join('\n');
report('  of which the scan of the extracted text', pdf.length, measure(pageTexts));
console.log(`goal 50 MB/s: ${rates.every((r) => r >= 50) ? 'met' : 'NOT met'} on every input (CPU)`);
